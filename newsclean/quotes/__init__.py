"""Quote and reported-speech extraction for news articles (rule-based, linear time).

Patterns are compiled on first use; :func:`compile_all` compiles them up front (about a
second), e.g. before forking workers that will all extract quotes.
"""

from .cues import compile_all
from .extract import extract_quotes
from .profile_words import QuoteWords

__all__ = ["QuoteWords", "compile_all", "extract_quotes"]
