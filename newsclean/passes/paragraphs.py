"""paragraphs: the lines left become clean paragraphs; glued ones are split apart."""

from __future__ import annotations

from itertools import pairwise

import regex

from ..context import Context
from ..document import BLANK, Document

NAME = "paragraphs"
_WORD = regex.compile(r"\w+")

_CLOSING = "”»’"
_QUOTES = "\"" + _CLOSING


def glue_points(line: str, ctx: Context) -> list[int]:
    """Offsets where one paragraph ends and the next starts with no space (``said.The``).

    Not a glue point: abbreviations (``Lt.Gen``), anything with a dot, slash or @ in the word before
    (``U.S.``, ``e.g.``, ``a.m.``, ``J.R.``, ``example.com/Report``), and decimals (``3.5``).
    """
    if ctx.shapes.glue_hint.search(line) is None:
        return []  # most lines: every stop is followed by a space, a digit or the end
    cuts = []
    for m in ctx.shapes.glue.finditer(line):
        pos = m.start()
        word = line[line.rfind(" ", 0, pos) + 1 : pos].lstrip("\"“(«„'‘[")
        if "." in word or "/" in word or "@" in word or word.lower() in ctx.profile.abbreviations:
            continue
        cut = pos + 1
        if cut < len(line) and line[cut] in _QUOTES:
            # a quote glued after the stop closes the sentence when it is a closing mark, or a straight
            # mark with an odd count before it; otherwise it opens the next paragraph
            mark = line[cut]
            if mark in _CLOSING or (mark == '"' and line.count('"', 0, cut) % 2 == 1):
                cut += 1
        cuts.append(cut)
    return cuts


def split_glued(line: str, ctx: Context) -> list[str]:
    cuts = glue_points(line, ctx)
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    return [piece for a, b in pairwise(bounds) if (piece := line[a:b].strip())]


def _stands_apart(doc: Document, first: int, second: int | None) -> bool:
    """The first paragraph is a standfirst when metadata lines separate it from the body."""
    if second is None:
        return False
    return any(lab not in (None, BLANK) for lab in doc.labels[first + 1 : second])


def _lead_in_body(doc: Document) -> None:
    """A standfirst that the body repeats (the first paragraph again, its start cut off with ``…``, or
    a wire story's whole text) leaves the text, so that it is not there twice; it stays ``lead``."""
    open_lines = doc.open_lines()
    if len(open_lines) < 2 or not _stands_apart(doc, open_lines[0], open_lines[1]):
        return
    first = doc.lines[open_lines[0]]
    lead = _words(first.rstrip(".… ").removesuffix("..."))
    if len(lead) < 6:
        return
    rest: list[str] = []
    left = 4 * len(first) + 2000  # the lead repeats at the top of the body, if anywhere
    for i in open_lines[1:]:
        line = doc.lines[i][:left]
        rest += _words(line)
        left -= len(line)
        if left <= 0:
            break
    if not rest:
        return
    n = 4 if len(lead) >= 8 else 2
    grams = {tuple(lead[k:k + n]) for k in range(len(lead) - n + 1)}
    seen = {tuple(rest[k:k + n]) for k in range(len(rest) - n + 1)}
    if len(grams & seen) >= 0.8 * len(grams):
        doc.lead = " ".join(first.split())
        doc.label(open_lines[0], "lead", NAME)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def paragraphs(doc: Document, ctx: Context) -> None:
    """Build the text from the lines left: whitespace collapsed, glued paragraphs split, lead found.

    The lead is the standfirst: a first paragraph that metadata lines set apart from the body.
    """
    _lead_in_body(doc)
    out: list[str] = []
    origins: list[int] = []
    open_lines = doc.open_lines()
    for i in open_lines:
        line = " ".join(doc.lines[i].split())  # str.split knows Unicode spaces (NBSP, thin space) too
        pieces = split_glued(line, ctx)
        if len(pieces) > 1:
            doc.splits[i] = len(pieces) - 1
        out.extend(pieces)
        origins.extend([i] * len(pieces))
    doc.paragraphs = out
    doc.origins = origins
    if doc.lead is None and open_lines and _stands_apart(
            doc, open_lines[0], open_lines[1] if len(open_lines) > 1 else None):
        doc.lead = out[0]
