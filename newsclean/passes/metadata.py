"""metadata: leaked page metadata becomes record fields instead of text."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import regex

from ..context import Context
from ..document import Document, Publisher

NAME = "metadata"
_OFFSET = regex.compile(r"(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})?")
_NAME_SEP = regex.compile(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\bи\b)\s*")


def timestamp_value(m: regex.Match[str], ctx: Context) -> str | None:
    """ISO 8601 from a timestamp match: with offset when the dump gives a zone, naive when it gives
    none, a bare date when it gives no time; None for an impossible date (``31.02.2025``)."""
    try:
        if m["iso"]:
            value = datetime.fromisoformat(m["iso"])
            if ":" not in m["iso"]:
                return value.date().isoformat()
        else:
            month = int(m["mo"]) if m["mo"] else ctx.profile.months[m["mon"].lower()]
            day, year = int(m["d"]), int(m["y"])
            if m["sep"] == "/" and month > 12 >= day:  # 05/30/2025: the US order, month first
                day, month = month, day
            if m["H"] is None:
                return date(year, month, day).isoformat()
            hour = int(m["H"])
            if m["ampm"]:
                hour = hour % 12 + (12 if m["ampm"][0] in "pP" else 0)
            value = datetime(year, month, day, hour, int(m["M"]), int(m["S"] or 0))
        if m["tz"] and value.tzinfo is None:
            value = value.replace(tzinfo=_zone(m["tz"], ctx))
    except (ValueError, KeyError):
        return None
    return value.isoformat()


def _zone(name: str, ctx: Context) -> timezone | None:
    hours = ctx.profile.timezones.get(name.upper())
    if hours is not None:
        return timezone(timedelta(hours=hours))
    m = _OFFSET.search(name)
    if m is None:
        return None
    sign = -1 if m["sign"] == "-" else 1
    return timezone(sign * timedelta(hours=int(m["h"]), minutes=int(m["m"] or 0)))


def _add(items: list[str], *values: str) -> None:
    for value in values:
        value = value.strip()
        if value and value not in items:
            items.append(value)


def _publisher(m: regex.Match[str]) -> Publisher:
    name = (m["pub_name"] or "").strip(" ,|:-") or None
    return Publisher(name=name, email=m["pub_email"], phone=m["pub_phone"] or m["pub_phone2"])


def metadata(doc: Document, ctx: Context) -> None:
    """Collapse timestamps, tag runs, image and link URLs, bylines, credits and leaked JSON-LD into fields.

    Every rule is a line shape (``shapes.py``); a Title Case word counts as a section only next to
    other metadata, so a subheading between two paragraphs stays in the text.
    """
    lines, labels = doc.lines, doc.labels
    stamps: list[tuple[bool, str, int]] = []  # (labelled as modified, iso value, copies)
    sections: list[int] = []
    site = ctx.profile.sites.get(doc.domain or "")
    drop = ctx.shapes.drop.get(doc.domain or "") if site else None
    related_pending = False
    for i, lab in enumerate(labels):
        if lab is not None:
            continue
        line = lines[i]
        if drop is not None and drop.fullmatch(line):
            doc.label(i, "boilerplate", NAME)
            continue
        shape = ctx.shapes.classify(line)
        if related_pending and shape is None and not ctx.shapes.is_prose(line):
            doc.label(i, "related", NAME)  # the headline under a bare "Read also:"
            continue
        related_pending = False
        if shape is None:
            continue
        kind, m = shape
        if kind == "related":
            related_pending = m["related_body"] is None
        if kind == "section":
            sections.append(i)
            continue
        doc.label(i, kind, NAME)
        _take(doc, kind, m, i, ctx, stamps)

    _dates(doc, stamps)
    if doc.site is None and doc.publisher is not None:
        doc.site = doc.publisher.name
    _sections(doc, sections)
    _residue(doc, ctx)


def _take(doc: Document, kind: str, m: regex.Match[str], i: int, ctx: Context,
          stamps: list[tuple[bool, str, int]]) -> None:
    """Move what a metadata line says into its field; shapes with no field (sizes, credits) just go."""
    if kind == "timestamp":
        value = timestamp_value(m, ctx)
        if value is not None:
            label = " ".join((m["ts_label"] or "").lower().split())
            stamps.append((label in ctx.profile.modified_labels, value, doc.copies.get(i, 1)))
    elif kind == "image":
        _add(doc.images, m["img"])
    elif kind == "link":
        _add(doc.links, m["url"])
    elif kind == "locale":
        doc.language = doc.language or m["lang"]
    elif kind == "byline":
        _add(doc.authors, *_NAME_SEP.split(m["names"]))
    elif kind == "tags":
        _add(doc.tags, *ctx.shapes.list_sep.split(m["tag_list"]))
    elif kind == "keywords":
        _add(doc.keywords, *ctx.shapes.list_sep.split(m["kw"]))
    elif kind == "publisher":
        doc.publisher = doc.publisher or _publisher(m)
    elif kind == "tag":
        _add(doc.tags, doc.lines[i])
    elif kind == "breadcrumb":
        roots = ctx.profile.breadcrumb_roots
        crumbs = [c for c in ctx.shapes.crumb_sep.split(m["crumbs"]) if c.lower() not in roots]
        doc.section = doc.section or (crumbs[0] if crumbs else None)


def _dates(doc: Document, stamps: list[tuple[bool, str, int]]) -> None:
    published = [(v, n) for mod, v, n in stamps if not mod]
    modified = [v for mod, v, _ in stamps if mod]
    if published:
        doc.published = published[0][0]
        later = [v for v, _ in published[1:] if v != doc.published]
        if modified:
            doc.modified = modified[0]
        elif later:
            doc.modified = later[0]
        elif published[0][1] > 1 or len(published) > 1:  # the same stamp as datePublished and dateModified
            doc.modified = doc.published
    elif modified:
        doc.modified = modified[0]
    if doc.date is None and (doc.published or doc.modified):
        doc.date = (doc.published or doc.modified or "")[:10]


def _neighbour_is_meta(doc: Document, i: int, step: int) -> bool:
    j = i + step
    while 0 <= j < len(doc.labels):
        lab = doc.labels[j]
        if lab != "blank":
            return lab is not None
        j += step
    return True  # the edge of the file counts as metadata: nothing prose-like is there


def _sections(doc: Document, candidates: list[int]) -> None:
    for i in candidates:
        line = doc.lines[i]
        if line in (doc.site, doc.publisher and doc.publisher.name):
            doc.site = doc.site or line
            doc.label(i, "site", NAME)
        elif _neighbour_is_meta(doc, i, -1) or _neighbour_is_meta(doc, i, 1):
            doc.section = doc.section or line
            doc.label(i, "section", NAME)


def _residue(doc: Document, ctx: Context) -> None:
    """Short non-sentences before the first or after the last paragraph are page chrome, not article."""
    open_lines = doc.open_lines()
    prose = [i for i in open_lines if ctx.shapes.is_prose(doc.lines[i])]
    if not prose:
        return
    for i in open_lines:
        if (i < prose[0] or i > prose[-1]) and not ctx.shapes.is_prose(doc.lines[i]):
            doc.label(i, "boilerplate", NAME)
