"""inline-metadata: metadata that glued paragraphs carried into the body becomes fields.

On a page whose body the scraper glued into one line, the dateline, the byline and the reporter's
contact were glued to the article too (``Thu, 2008-01-17 15:17.By: Murray Brewster …``, ``…two
months.rhuff@nydailynews.com``), so the line passes could not see them. Once the paragraphs pass has
split them off, the same shapes read them: at the top or the bottom of the text, where a page puts
them, never in the middle of the article.
"""

from __future__ import annotations

import regex

from ..context import Context
from ..document import Document
from ..headline import overlap, stems
from ..shapes import EMAIL
from .dedupe_headers import heading, names_no_story
from .metadata import add_authors, timestamp_value

NAME = "inline-metadata"
#: paragraphs looked at from either end of the text
EDGE = 3
_EMAIL = regex.compile(EMAIL)
#: not a headline: a sentence's end, a date or clock time, a copyright line, words still glued
#: (``…in NepalPrint article``), a result (``Cleveland 95, Seattle 79``)
_NOT_HEADLINE = regex.compile(r"[.!?][\"”’']?$|\d[/:]\d|©|\p{Ll}{3}\p{Lu}\p{Ll}"
                              r"|\p{L} \d+, \p{Lu}[\p{L} ]* \d+\b")
_TAIL = regex.compile(rf"[.!?][\"”’)]*\s*(?P<mail>{EMAIL}\S{{0,40}})$")


def _contact(para: str) -> bool:
    """A reporter's contact: a short paragraph with an e-mail address (``Staff writer X can be reached
    at x@paper.com or (504) 555-0100.``, ``Jayda Evans: 206-464-2067 or jevans@…``)."""
    return para.count(" ") < 20 and "@" in para and _EMAIL.search(para) is not None  # (an address has its @)


def _contact_tail(para: str) -> int | None:
    """Where an e-mail address glued after the paragraph's last sentence starts (``…on Friday.
    jmarsh@paper.com``): the contact that ends a story, cut off it."""
    m = _TAIL.search(para) if "@" in para else None  # (the address the pattern ends with has its @)
    return m.start("mail") if m is not None and m.start("mail") > 0 else None


def _dateline_in_chrome(doc: Document, ctx: Context) -> None:
    """A dateline or byline the chrome pass took out above the article still dates and signs it."""
    first = doc.origins[0] if doc.origins else 0
    for line, text, _label, by in doc.dropped:
        if by != "chrome" or line > first or len(text) > 200:
            continue
        shape = ctx.shapes.classify(text)
        if shape is None:
            continue
        if shape[0] == "timestamp" and doc.published is None:
            value = timestamp_value(shape[1], ctx)
            if value is not None:
                doc.published = value
                doc.date = doc.date or value[:10]
        elif shape[0] == "byline" and shape[1]["names"] and not doc.authors:
            add_authors(doc, shape[1]["names"], ctx)


def _headline_in_body(doc: Document, ctx: Context) -> int | None:
    """The headline a glued body carried at its top (``Toronto guard T.J. Ford close to resuming
    workoutsPosted: Wednesday …``), when the page's title names only the outlet or there is none: a
    heading standing above the article's first paragraph, split off by the paragraphs pass (the chrome
    pass may have taken it as a short line). Returns its paragraph index when it is still in the text."""
    # the title's shape first (no article words: an overlap of 0), the article's words only then
    if doc.title is not None and not names_no_story(doc.title, (), ctx):
        return None
    body = stems(doc.text)
    if doc.title is not None and not names_no_story(doc.title, body, ctx):
        return None
    above = [(None, text) for text in _chrome_above(doc)]
    top = [(k, p) for k, p in enumerate(doc.paragraphs[:EDGE]) if k or not doc.lead_first]
    for k, para in [*reversed(above[-2:]), *top]:  # the nearest to the story first
        if len(para) > 200 or not heading(para, ctx) or len(para.split()) < 3 or _NOT_HEADLINE.search(para):
            continue
        if ctx.shapes.classify(para) is not None or names_no_story(para, body, ctx):
            continue
        if overlap(para, body) >= 0.5:
            doc.title = para
            return k
        return None
    return None


def _chrome_above(doc: Document) -> list[str]:
    """What the chrome pass took out above the text's first paragraph, in order: from the lines
    before its line, and from its own line (a glued body is one line) the pieces standing before it."""
    if not doc.origins:
        return []
    first = doc.origins[0]
    line = doc.lines[first]
    at = line.find(doc.paragraphs[0][:60])
    return [text for i, text, _label, by in doc.dropped
            if by == "chrome" and (i < first or (i == first and 0 <= line.find(text) < at))]


def inline_metadata(doc: Document, ctx: Context) -> None:
    """Datelines, bylines, a headline and reporters' contacts split off glued paragraphs become fields."""
    n = len(doc.paragraphs)
    if n < 2:
        return
    _dateline_in_chrome(doc, ctx)
    drop: dict[int, str] = {}
    if (k := _headline_in_body(doc, ctx)) is not None:
        drop[k] = "title"
    cuts: dict[int, tuple[int, str]] = {}
    for k in sorted({*range(min(EDGE, n)), *range(max(0, n - EDGE), n)}):
        para = doc.paragraphs[k]
        if k == n - 1 and len(para) > 200 and (at := _contact_tail(para)) is not None:
            cuts[k] = (at, "contact")
            continue
        if len(para) > 200 or (k == 0 and doc.lead_first):
            continue
        shape = ctx.shapes.classify(para)
        kind = shape[0] if shape else None
        if kind == "timestamp" and shape is not None:
            value = timestamp_value(shape[1], ctx)
            if value is not None and doc.published is None:
                doc.published = value
                doc.date = doc.date or value[:10]
            drop[k] = "timestamp"
        elif kind == "byline" and shape is not None and shape[1]["names"]:
            add_authors(doc, shape[1]["names"], ctx)
            drop[k] = "byline"
        elif k >= n - 2 and _contact(para):
            drop[k] = "contact"
        elif k == n - 1 and (at := _contact_tail(para)) is not None:
            cuts[k] = (at, "contact")
    if len(drop) < n:
        doc.drop_paragraphs(drop, NAME, cuts)
