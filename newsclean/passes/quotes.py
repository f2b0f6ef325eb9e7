"""quotes: quotations and reported speech, with speaker, cue and offsets into the text."""

from __future__ import annotations

from ..context import Context
from ..document import Document
from ..quotes import extract_quotes


def quotes(doc: Document, ctx: Context) -> None:
    """Extract direct, mixed and indirect quotes with their speakers from the clean text.

    Runs on the final text, so ``start``/``end`` index the record's ``text`` field.
    """
    doc.quotes = extract_quotes(doc.text, ctx.profile.quote_cues)
