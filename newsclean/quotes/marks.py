"""Pair quotation marks into quoted spans in one linear pass.

Why a hand-written scanner rather than one regex such as ``"[^"]*"``: real
news text mixes mark styles, leaves marks unbalanced and continues quotes
over paragraphs (an opening mark at each paragraph start, a closing mark only
at the last).  A single left-to-right pass with one "open mark" state handles
all of that, never backtracks and cannot fail on odd mark counts.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

# Marks that always open, always close, or depend on context (straight marks,
# NYT-style doubled apostrophes).  ``''(?!')`` takes the last two of three
# apostrophes so that ``Clintons'''`` is read as possessive + closing mark.
OPENERS = frozenset({"“", "«", "„", "``", "‟", "‘‘"})
CLOSERS = frozenset({"”", "»", "’’"})
AMBIGUOUS = frozenset({'"', "''", "″"})
# Which closer a German-style low opening mark expects.
GERMAN_OPEN = "„"
GERMAN_CLOSE = "“"

_TOKEN_RE = regex.compile(r"''(?!')|``|‘‘|’’|[\"“”„«»‟″]|\n[ \t\r\f\v]*\n")
# Characters after which a mark is read as opening (left-flanking context).
_OPEN_CONTEXT = frozenset(" \t\n\r\f\v([{—–-/\u00a0")
# Characters before which a mark is read as closing (right-flanking context).
_CLOSE_CONTEXT = frozenset(" \t\n\r\f\v.,;:!?)]}—–-/\u00a0'’")


class QuoteSpan(NamedTuple):
    """A quoted stretch: ``open_start``..``start`` is the opening mark,
    ``start``..``end`` the quoted words, ``end``..``close_end`` the closing mark
    (``end == close_end`` when the quote was never closed)."""

    open_start: int
    start: int
    end: int
    close_end: int


def _role(text: str, pos: int, mark: str, open_mark: str | None) -> str:
    """Decide whether a mark opens or closes, from its type and flanking characters."""
    prev = text[pos - 1] if pos > 0 else "\n"
    nxt = text[pos + len(mark)] if pos + len(mark) < len(text) else "\n"
    left = prev in _OPEN_CONTEXT
    right = nxt in _CLOSE_CONTEXT
    if mark in OPENERS:
        if mark == GERMAN_CLOSE and open_mark == GERMAN_OPEN:
            return "close"
        if open_mark is not None and right and not left:
            return "close"  # “…“ typo: an opener used as closer
        return "open"
    if mark in CLOSERS:
        if open_mark is None and left and not right:
            return "open"  # ”…” (Swedish style or typo)
        return "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "close" if open_mark is not None else "open"


def _para_end(text: str, pos: int) -> int:
    """End of the paragraph text before ``pos`` with trailing whitespace removed."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return the quoted spans of ``text`` in order.

    A quote still open at a paragraph break continues when the next paragraph
    starts with an opening mark (the newspaper convention for long quotes);
    otherwise it is closed at the paragraph end, so stray marks cost at most
    one paragraph.
    """
    spans: list[QuoteSpan] = []
    open_mark: str | None = None
    open_start = start = 0
    continue_at = -1  # position of a reopening mark to swallow
    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        pos = m.start()
        if tok[0] == "\n":
            if open_mark is None:
                continue
            nxt = m.end()
            nxt_tok = _TOKEN_RE.match(text, nxt)
            if nxt_tok and nxt_tok.group()[0] != "\n" and _role(text, nxt, nxt_tok.group(), None) == "open":
                continue_at = nxt
                continue
            end = _para_end(text, pos)
            if end > start:
                spans.append(QuoteSpan(open_start, start, end, end))
            open_mark = None
            continue
        if pos == continue_at:
            continue
        role = _role(text, pos, tok, open_mark)
        if role == "open":
            open_mark, open_start, start = tok, pos, m.end()
        elif open_mark is not None:
            if pos > start:
                spans.append(QuoteSpan(open_start, start, pos, m.end()))
            open_mark = None
    if open_mark is not None:
        end = _para_end(text, len(text))
        if end > start:
            spans.append(QuoteSpan(open_start, start, end, end))
    return spans
