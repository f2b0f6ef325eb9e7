"""dedupe-headers: repeated lines, the title and the site name."""

from __future__ import annotations

import regex

from ..context import Context
from ..document import BLANK, Document

NAME = "dedupe-headers"
#: Shapes a title or site name may also have: a short Title Case headline looks like a section word.
_NAMEABLE = (None, "section")
_NOT_ALNUM = regex.compile(r"[^\p{L}\d]+")
_SUFFIX = regex.compile(r"(?P<base>.{8,}?)\s+(?P<sep>[|–—-])\s+(?P<outlet>[^|–—]{2,60})")


def _headline(line: str, ctx: Context) -> bool:
    if len(line) > 250 or line.count(" ") >= 30 or line.endswith((".", ":", ",", ";")):
        return False
    shape = ctx.shapes.classify(line)
    return shape is None or shape[0] in _NAMEABLE


def _name_like(line: str, ctx: Context) -> bool:
    """A short capitalised name (``Sputnik International``), not a sentence or a data shape."""
    if len(line) > 60 or line.count(" ") >= 6 or line.lower() == line or ctx.shapes.sentence_end.search(line):
        return False
    shape = ctx.shapes.classify(line)
    return shape is None or shape[0] in _NAMEABLE


def _matches_domain(line: str, domain: str | None) -> bool:
    """``Sputnik International`` ~ sputnikglobe.com, ``The Guardian`` ~ theguardian.com, ``BBC`` ~
    bbc.co.uk: the name and the domain's longest label share a prefix of four letters or all of it."""
    if not domain:
        return False
    labels = domain.split(".")
    core = _NOT_ALNUM.sub("", max(labels[:-1] or labels, key=len)).lower()
    squashed = _NOT_ALNUM.sub("", line).lower()
    common = 0
    for a, b in zip(squashed, core, strict=False):
        if a != b:
            break
        common += 1
    return common >= min(4, len(core)) and common > 0


def _mark_copies(doc: Document) -> None:
    seen: dict[str, int] = {}
    for i, lab in enumerate(doc.labels):
        if lab is not None:
            continue
        first = seen.setdefault(doc.lines[i], i)
        if first != i:
            doc.label(i, "duplicate", NAME)
            doc.copies[first] = doc.copies.get(first, 1) + 1


def _head(doc: Document, ctx: Context) -> list[int]:
    """The open lines above the first sentence of article text: where titles and mastheads stand."""
    head: list[int] = []
    for i, lab in enumerate(doc.labels):
        if lab is None:
            if ctx.shapes.is_prose(doc.lines[i]):
                break
            head.append(i)
    return head


def dedupe_headers(doc: Document, ctx: Context) -> None:
    """Keep one copy of each line repeated verbatim; take the title and the site name out of the text.

    The kept copy stays for the metadata pass to read (a timestamp or publisher block repeated four
    times is still one field); ``doc.copies`` says how many copies it had.
    """
    _mark_copies(doc)
    head = _head(doc, ctx)
    suffixed = _title_variants(doc, head, ctx)
    title_line = _title(doc, head, ctx)
    if title_line is not None:
        doc.title = suffixed[title_line][1] if title_line in suffixed else doc.lines[title_line]
        doc.label(title_line, "title", NAME)
    site_line = _site_line(doc, head, title_line, ctx)
    profile_site = ctx.profile.sites.get(doc.domain or "")
    if site_line is not None:
        doc.label(site_line, "site", NAME)
    if profile_site is not None and profile_site.site:
        doc.site = profile_site.site
    elif site_line is not None:
        doc.site = doc.lines[site_line]
    elif suffixed:
        doc.site = next(iter(suffixed.values()))[0]


def _title(doc: Document, head: list[int], ctx: Context) -> int | None:
    # a headline has a few words; a lone "World" above it is a section, so it is only a fallback
    headlines = [i for i in head if doc.labels[i] is None and _headline(doc.lines[i], ctx)]
    return next((i for i in headlines if doc.lines[i].count(" ") >= 2), headlines[0] if headlines else None)


def _site_line(doc: Document, head: list[int], title_line: int | None, ctx: Context) -> int | None:
    """A short name repeated in the dump, else one like the domain, else the masthead under the title."""
    lines, labels = doc.lines, doc.labels
    for i in doc.copies:
        if labels[i] is None and _name_like(lines[i], ctx):
            return i
    for i in head:
        if labels[i] is None and _matches_domain(lines[i], doc.domain) and _name_like(lines[i], ctx):
            return i
    if title_line is None:
        return None
    below = next((i for i in range(title_line + 1, len(lines)) if labels[i] != BLANK), None)
    if below is not None and below in head and labels[below] is None and _name_like(lines[below], ctx):
        return below
    return None


def _title_variants(doc: Document, head: list[int], ctx: Context) -> dict[int, tuple[str, str]]:
    """``Headline | Outlet`` lines at the top: line index -> (outlet, headline).

    A copy of a headline that also stands alone is labelled a duplicate. A bare `` - `` counts only
    then, or when the outlet matches the domain, since a dash is common inside headlines.
    """
    texts = {doc.lines[i]: i for i in head if doc.labels[i] is None}
    found: dict[int, tuple[str, str]] = {}
    for i in head:
        m = _SUFFIX.fullmatch(doc.lines[i]) if doc.labels[i] is None else None
        if m is None or not _name_like(m["outlet"], ctx):
            continue
        if m["base"] in texts:
            doc.label(i, "duplicate", NAME)
            doc.copies[texts[m["base"]]] = doc.copies.get(texts[m["base"]], 1) + 1
            found[texts[m["base"]]] = (m["outlet"], m["base"])
        elif m["sep"] == "|" or _matches_domain(m["outlet"], doc.domain):
            found[i] = (m["outlet"], m["base"])
    return found
