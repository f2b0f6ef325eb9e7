"""Stage 1, marks: pair quotation marks into quoted spans in one linear pass.

Why a hand-written scanner rather than one regex such as ``"[^"]*"``: real
news text mixes mark styles, leaves marks unbalanced and continues quotes
over paragraphs (an opening mark at each paragraph start, a closing mark only
at the last).  A single left-to-right pass with one "open mark" state handles
all of that, never backtracks and cannot fail on odd mark counts. Marks are read by their
direction and context in every language (`„…“` and `»…«` as well as `“…”` and `«…»`); a pack may
add a pair of its own (German `‚…‘`), read only where no other quote is open.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Marks that always open, always close, or depend on context (straight marks,
# NYT-style doubled apostrophes).  ``''(?!')`` takes the last two of three
# apostrophes so that ``Clintons'''`` is read as possessive + closing mark.
OPENERS = frozenset({"“", "«", "„", "``", "‟", "‘‘"})
CLOSERS = frozenset({"”", "»", "’’"})
AMBIGUOUS = frozenset({'"', "''", "″"})
# Which closer a German-style low opening mark expects.
GERMAN_OPEN = "„"
GERMAN_CLOSE = "“"

# (a standard-library pattern whose every branch starts with a literal: scanned for their first
# characters, several times faster than a character class among the branches or ``regex``)
_TOKEN_RE = re.compile(r"''(?!')|``|‘‘|’’|\"|“|”|„|«|»|‟|″|\n[ \t\r\f\v]*\n")
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


@lru_cache(maxsize=16)
def _extra_tokens(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """The token pattern with a pack's own marks added (before the paragraph break), and those
    marks' pairs."""
    extra = {o: c for o, c in pairs if o not in _KNOWN and c not in _KNOWN}  # (`‚…‘`, not `„…“`)
    if not extra:
        return _TOKEN_RE, {}
    chars = "|".join(re.escape(c) for c in sorted({*extra, *extra.values()}))
    return re.compile(_TOKEN_RE.pattern.replace(r"|\n", rf"|{chars}|\n", 1)), extra


_KNOWN = frozenset({*OPENERS, *CLOSERS, *AMBIGUOUS})


def find_quote_spans(text: str, pairs: dict[str, str] | None = None) -> list[QuoteSpan]:
    """Return the quoted spans of ``text`` in order.

    A quote still open at a paragraph break continues when the next paragraph
    starts with an opening mark (the newspaper convention for long quotes);
    otherwise it is closed at the paragraph end, so stray marks cost at most
    one paragraph. ``pairs`` are a pack's marks (opening -> closing); those the
    scanner does not know already open only where no quote is open and close
    only their own opening mark.
    """
    token_re, extra = _extra_tokens(tuple(sorted(pairs.items()))) if pairs else (_TOKEN_RE, {})
    spans: list[QuoteSpan] = []
    open_mark: str | None = None
    open_start = start = 0
    continue_at = -1  # position of a reopening mark to swallow
    for m in token_re.finditer(text):
        tok = m.group()
        pos = m.start()
        if extra and (tok in extra or tok in extra.values()):
            if open_mark is None and tok in extra and _role(text, pos, "“", None) == "open":
                open_mark, open_start, start = tok, pos, m.end()
            elif open_mark in extra and tok == extra[open_mark]:
                if pos > start:
                    spans.append(QuoteSpan(open_start, start, pos, m.end()))
                open_mark = None
            continue
        if tok[0] == "\n":
            if open_mark is None:
                continue
            nxt = m.end()
            nxt_tok = token_re.match(text, nxt)
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
