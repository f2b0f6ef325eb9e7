"""The passes, in pipeline order. Each is ``pass(doc, ctx) -> None`` with one job; its docstring's
first line is its help text (``newsclean passes``) and its registry key is its name on the command line.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..document import Document
from .boilerplate import boilerplate
from .chrome import chrome
from .decode import decode
from .dedupe_headers import dedupe_headers
from .header import header
from .inline_metadata import inline_metadata
from .language import language
from .metadata import metadata
from .paragraphs import paragraphs
from .quotes import quotes

Pass = Callable[[Document, Context], None]

#: The pipeline's table of contents. Order matters: each pass sees the labels of the ones before.
PASSES: dict[str, Pass] = {
    "decode": decode,
    "header": header,
    "dedupe-headers": dedupe_headers,
    "metadata": metadata,
    "boilerplate": boilerplate,
    "paragraphs": paragraphs,
    "chrome": chrome,
    "inline-metadata": inline_metadata,
    "language": language,
    "quotes": quotes,
}

#: Passes that cannot be skipped: without them there is no text to clean.
REQUIRED = ("decode", "paragraphs")


def describe(fn: Pass) -> str:
    """The first line of a pass's docstring: its one-line help."""
    return (fn.__doc__ or "").strip().splitlines()[0]
