"""Quote and reported-speech extraction for news articles (rule-based, linear time).

The engine (marks → units → frames → speakers → records, one module each) reads the words of
one language from its pack (:mod:`.pack`, ``packs/*.json``). A pack's patterns compile on first
use, per process: a run compiles only the languages it meets, and a pattern compiled once is
loaded from the on-disk cache by later runs (:mod:`.pattern_cache`).
"""

from .extract import extract_quotes
from .pack import Pack, PackError, Packs, default_packs

__all__ = ["Pack", "PackError", "Packs", "default_packs", "extract_quotes"]
