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


def is_prose(line: str, ctx: Context) -> bool:
    """A sentence of article text rather than a label: long, or ending like a sentence."""
    words = line.count(" ") + 1
    return words >= 25 or (words >= 5 and ctx.shapes.sentence_end.search(line) is not None)


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
    """``Sputnik International`` ~ sputnikglobe.com, ``The Guardian`` ~ theguardian.com."""
    if not domain:
        return False
    core = domain.split(".")[-2] if domain.count(".") >= 1 else domain
    squashed = _NOT_ALNUM.sub("", line).lower()
    common = 0
    for a, b in zip(squashed, core, strict=False):
        if a != b:
            break
        common += 1
    return common >= min(4, len(core)) and common > 0


def dedupe_headers(doc: Document, ctx: Context) -> None:
    """Keep one copy of each line repeated verbatim; take the title and the site name out of the text.

    The kept copy stays for the metadata pass to read (a timestamp or publisher block repeated four
    times is still one field); ``doc.copies`` says how many copies it had.
    """
    lines, labels = doc.lines, doc.labels
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):
        if lab is not None:
            continue
        first = seen.setdefault(lines[i], i)
        if first != i:
            doc.label(i, "duplicate", NAME)
            doc.copies[first] = doc.copies.get(first, 1) + 1

    head: list[int] = []
    for i, lab in enumerate(labels):
        if lab is None:
            if is_prose(lines[i], ctx):
                break
            head.append(i)

    suffix_site = _title_variants(doc, head, ctx)
    # a headline has a few words; a lone "World" above it is a section, so it is only a fallback
    headlines = [i for i in head if labels[i] is None and _headline(lines[i], ctx)]
    title_line = next((i for i in headlines if lines[i].count(" ") >= 2), headlines[0] if headlines else None)
    if title_line is not None:
        doc.title = lines[title_line]
        doc.label(title_line, "title", NAME)

    repeated = (i for i in doc.copies if labels[i] is None and _name_like(lines[i], ctx))
    like_domain = (i for i in head if labels[i] is None and _matches_domain(lines[i], doc.domain)
                   and _name_like(lines[i], ctx))
    site_line = next(repeated, None)
    if site_line is None:
        site_line = next(like_domain, None)
    if site_line is None and title_line is not None and suffix_site is None:
        # the line under the headline, when it is a short name, is the outlet's masthead
        below = next((i for i in range(title_line + 1, len(lines)) if labels[i] != BLANK), None)
        if below is not None and labels[below] is None and _name_like(lines[below], ctx) and below in head:
            site_line = below
    if site_line is not None:
        doc.site = lines[site_line]
        doc.label(site_line, "site", NAME)
    elif suffix_site is not None:
        doc.site = suffix_site
    elif doc.domain and (site := ctx.profile.sites.get(doc.domain)) and site.site:
        doc.site = site.site


def _title_variants(doc: Document, head: list[int], ctx: Context) -> str | None:
    """``Headline | Outlet`` at the top is the title with the site appended: keep the headline, return
    the outlet. A bare `` - `` counts only when the headline also stands alone or the outlet matches
    the domain, since a dash is common inside headlines."""
    texts = {doc.lines[i]: i for i in head if doc.labels[i] is None}
    for i in head:
        m = _SUFFIX.fullmatch(doc.lines[i]) if doc.labels[i] is None else None
        if m is None:
            continue
        base, sep, outlet = m["base"], m["sep"], m["outlet"]
        if not _name_like(outlet, ctx):
            continue
        if base in texts:
            doc.label(i, "duplicate", NAME)
            doc.copies[texts[base]] = doc.copies.get(texts[base], 1) + 1
            return outlet
        if sep == "|" or _matches_domain(outlet, doc.domain):
            doc.lines[i] = base
            return outlet
    return None
