"""paragraphs: the lines left become clean paragraphs; glued ones are split apart."""

from __future__ import annotations

import re
from itertools import pairwise

from ..context import Context
from ..document import BLANK, Document

_CLOSING = "”»’"
_QUOTES = "\"" + _CLOSING


#: Whitespace other than one plain space: Unicode spaces (NBSP, thin space) as ``str.isspace`` knows them.
_SPACES = re.compile(r"[^\S ]\s*| \s+")


def collapse_spaces(line: str) -> str:
    """Every run of whitespace as one space, ends stripped. A regex substitution rather than
    ``" ".join(line.split())``: the word list of a 20 MB one-line page costs ten times its size."""
    line = line.strip()
    return _SPACES.sub(" ", line) if _SPACES.search(line) else line


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


def paragraphs(doc: Document, ctx: Context) -> None:
    """Build the text from the lines left: whitespace collapsed, glued paragraphs split, lead found.

    The lead is the standfirst: a first paragraph that metadata lines set apart from the body.
    """
    out: list[str] = []
    open_lines = doc.open_lines()
    for i in open_lines:
        line = collapse_spaces(doc.lines[i])
        pieces = split_glued(line, ctx)
        if len(pieces) > 1:
            doc.splits[i] = len(pieces) - 1
        out.extend(pieces)
    doc.paragraphs = out
    if open_lines and _stands_apart(doc, open_lines[0], open_lines[1] if len(open_lines) > 1 else None):
        doc.lead = out[0]
