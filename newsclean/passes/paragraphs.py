"""paragraphs: the lines left become clean paragraphs; glued ones are split apart."""

from __future__ import annotations

import re

import regex

from ..context import Context
from ..document import BLANK, Document
from ..glue import Evidence, compile_glue, glue_points, split_glued
from ..shapes import ONE_BYTE_CODECS, one_byte_decoded, one_byte_encoded, one_byte_table

NAME = "paragraphs"
_WORD = regex.compile(r"\w+")
__all__ = ["glue_points", "paragraphs", "split_glued"]

#: Whitespace other than one plain space: Unicode spaces (NBSP, thin space) as ``str.isspace`` knows them.
_SPACES = re.compile(r"[^\S ]\s*| \s+")


def collapse_spaces(line: str) -> str:
    """Every run of whitespace as one space, ends stripped. A regex substitution rather than
    ``" ".join(line.split())``: the word list of a 20 MB one-line page costs ten times its size."""
    if line[:1] != " " and line[-1:] != " " and "  " not in line and line.isprintable():
        return line  # no whitespace but single inner spaces (isprintable: no tab, NBSP...), as most lines
    line = line.strip()
    return _SPACES.sub(" ", line) if _SPACES.search(line) else line


def _stands_apart(doc: Document, first: int, second: int | None) -> bool:
    """The first paragraph is a standfirst when metadata lines separate it from the body."""
    if second is None:
        return False
    return any(lab not in (None, BLANK) for lab in doc.labels[first + 1 : second])


def _lead_in_body(doc: Document) -> None:
    """A first paragraph that the body repeats (a description that is the first paragraph again, its
    start cut off with ``…``, or a wire story's whole text) leaves the text, so that it is not there
    twice; it stays ``lead``."""
    open_lines = doc.open_lines()
    if len(open_lines) < 2 or len(doc.lines[open_lines[0]]) > 1000:
        return
    first = doc.lines[open_lines[0]]
    lead = _words(first.rstrip(".… ").removesuffix("..."))
    if len(lead) < 6:
        return
    # the lead repeats at the top of the body, if anywhere
    top = doc.lines_text(open_lines[1:], 4 * len(first) + 2000)
    n = 4 if len(lead) >= 8 else 2
    grams = set(zip(*(lead[k:] for k in range(n)), strict=False))  # (lead[k], …, lead[k + n - 1]) for each k
    need = 0.8 * len(grams)
    rest: list[str] | None = None  # the body's words, read only when a test needs them
    # the rest's n-grams are built only when enough of the lead's have all their words in it
    if _may_cover(grams, need, top.casefold()):
        rest = _words(top)
        present = set(lead).intersection(rest)  # the lead's words that the rest has
        if sum(1 for g in grams if present.issuperset(g)) >= need \
                and len(grams.intersection(zip(*(rest[k:] for k in range(n)), strict=False))) >= need:
            doc.lead = " ".join(first.split())
            doc.label(open_lines[0], "lead", NAME)
            return
    content = [w for w in lead if len(w) > 3]
    if len(first) <= 400 and _in_description_place(doc, open_lines[0]) \
            and _off_headline(content, doc.title or ""):
        if rest is None:
            rest = _words(top)
        if len(rest) >= 40 and _rarely_in_body(content, set(lead).intersection(rest)):
            doc.label(open_lines[0], "boilerplate", NAME)


def _may_cover(grams: set[tuple[str, ...]], need: float, folded: str) -> bool:
    """Whether ``need`` of the lead's n-grams may have all their words in the body's top (``folded``,
    casefolded). A word of the body is in its text, so this is never false where the body's words
    would say true; a substring test per word, stopping once too many n-grams miss, costs less than
    reading the body's words, which only a lead that passes needs."""
    allowed = len(grams) - need  # n-grams that may miss
    found: dict[str, bool] = {}
    missed = 0
    for gram in grams:
        for word in gram:
            hit = found.get(word)
            if hit is None:
                hit = found[word] = word in folded
            if not hit:
                missed += 1
                if missed > allowed:
                    return False
                break
    return True


def _in_description_place(doc: Document, i: int) -> bool:
    """Right under the page's title lines (and site name), where a scraper writes the description."""
    above = [lab for lab in doc.labels[:i] if lab != BLANK]
    return bool(above) and all(lab in ("title", "duplicate", "site", "header") for lab in above)


def _off_headline(content: list[str], title: str) -> bool:
    """A description that shares no word with the headline may be the outlet's own blurb (``Online
    source for Vancouver news, sports, entertainment …``), not a standfirst: a story's first paragraph
    says what its headline says. ``content``: the lead's words of more than three letters."""
    headline = set(_words(title))
    return len(content) >= 4 and not any(w in headline for w in content)


def _rarely_in_body(content: list[str], present: set[str]) -> bool:
    """...and almost none of its words are in the article: the blurb. ``present``: the lead's words
    that the article has (only the lead's words are looked up)."""
    return sum(1 for w in content if w in present) < 0.2 * len(content)


#: ASCII letters, digits and ``_`` stay, anything else becomes a space: ``\w+`` of an ASCII text by split
_ASCII_WORD = bytes(c if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


_WORD_CHAR = regex.compile(r"\w")


def _word_char(char: str) -> str | None:
    """``_ASCII_WORD`` beyond ASCII: a ``\\w`` character (asked of ``_WORD``'s own engine) stays. The
    runs a table of these leaves are the ``\\w+`` matches, and no ``\\w`` character is a space that
    ``str.split`` cuts at."""
    return char if _WORD_CHAR.fullmatch(char) else None


_ONE_BYTE_WORD = {codec: one_byte_table(codec, _word_char) for codec in ONE_BYTE_CODECS}


def _words(text: str) -> list[str]:
    """The ``\\w+`` words of ``text``, case-folded (a translation and a split for ASCII text, and for
    folded text a codec of ``ONE_BYTE_CODECS`` encodes whole)."""
    folded = text.casefold()
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_WORD).decode("ascii").split()
    encoded = one_byte_encoded(folded)
    if encoded is None:
        return _WORD.findall(folded)
    codec, data = encoded
    return one_byte_decoded(data.translate(_ONE_BYTE_WORD[codec]), codec).split()


def prepare(ctx: Context) -> None:
    """Compile the glue shapes before the first document (``pipeline.prepare``)."""
    compile_glue(ctx.profile)


def paragraphs(doc: Document, ctx: Context) -> None:
    """Build the text from the lines left: whitespace collapsed, glued paragraphs split, lead found.

    The lead is the standfirst: a first paragraph that metadata lines set apart from the body.
    """
    _lead_in_body(doc)
    out: list[str] = []
    origins: list[int] = []
    open_lines = doc.open_lines()
    evidence = Evidence(doc.lines)  # a word the page writes twice is a word, not two blocks glued
    glue = compile_glue(ctx.profile)  # (looked up once, not per line)
    for i in open_lines:
        line = collapse_spaces(doc.lines[i])  # Unicode spaces too (NBSP, thin space)
        pieces = split_glued(line, glue, evidence)
        if len(pieces) > 1:
            doc.splits[i] = len(pieces) - 1
        out.extend(pieces)
        origins.extend([i] * len(pieces))
    doc.paragraphs = out
    doc.origins = origins
    if doc.lead is None and open_lines and _stands_apart(
            doc, open_lines[0], open_lines[1] if len(open_lines) > 1 else None):
        doc.lead = out[0]
