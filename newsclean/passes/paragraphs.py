"""paragraphs: the lines left become clean paragraphs; glued ones are split apart."""

from __future__ import annotations

from ..context import Context
from ..document import BLANK, Document
from ..glue import Evidence, glue_points, split_glued

__all__ = ["glue_points", "paragraphs", "split_glued"]


def _stands_apart(doc: Document, first: int, second: int | None) -> bool:
    """The first paragraph is a standfirst when metadata lines separate it from the body."""
    if second is None:
        return False
    return any(lab not in (None, BLANK) for lab in doc.labels[first + 1 : second])


def paragraphs(doc: Document, ctx: Context) -> None:
    """Build the text from the lines left: whitespace collapsed, glued paragraphs split, lead found.

    The lead is the standfirst: a first paragraph that metadata lines set apart from the body.
    """
    out: list[str] = []
    open_lines = doc.open_lines()
    evidence = Evidence(doc.lines)  # a word the page writes twice is a word, not two blocks glued
    for i in open_lines:
        line = " ".join(doc.lines[i].split())  # str.split knows Unicode spaces (NBSP, thin space) too
        pieces = split_glued(line, ctx, evidence)
        if len(pieces) > 1:
            doc.splits[i] = len(pieces) - 1
        out.extend(pieces)
    doc.paragraphs = out
    if open_lines and _stands_apart(doc, open_lines[0], open_lines[1] if len(open_lines) > 1 else None):
        doc.lead = out[0]
