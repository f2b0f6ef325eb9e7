"""metadata: leaked page metadata becomes record fields instead of text."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import chain

import regex

from ..context import Context
from ..document import BLANK, Document, Publisher, middle_of_text
from ..headline import words
from ..jsonld import HTML, breadcrumb_items, strong_leaf, strong_match, weak_leaf
from ..shapes import MAX_META_CHARS, NAME_JOINER

NAME = "metadata"
_OFFSET = regex.compile(r"(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})?")
_NAME_SEP = regex.compile(NAME_JOINER)  # the byline shape's own joiners, so each name is one author


def timestamp_value(m: regex.Match[str], ctx: Context) -> str | None:
    """ISO 8601 from a timestamp match: with offset when the dump gives a zone, naive when it gives
    none, a bare date when it gives no time; None for an impossible date (``31.02.2025``)."""
    try:
        if m["iso"]:
            value = datetime.fromisoformat(m["iso"])
            if ":" not in m["iso"]:
                return value.date().isoformat()
        elif not (m["mo"] or m["mon"]):
            return None  # a time with no day: the line goes, there is no date to keep
        else:
            month = int(m["mo"]) if m["mo"] else ctx.profile.months[m["mon"].lower()]
            day, year = int(m["d"]), int(m["y"])
            if m["sep"] == "/" and month > 12 >= day:  # 05/30/2025: the US order, month first
                day, month = month, day
            if m["H"] is None:
                return date(year, month, day).isoformat()
            value = datetime(year, month, day, _hour(m), int(m["M"]), int(m["S"] or 0))
        if m["tz"] and value.tzinfo is None:
            value = value.replace(tzinfo=_zone(m["tz"], ctx))
    except (ValueError, KeyError):
        return None
    return value.isoformat()


def _hour(m: regex.Match[str]) -> int:
    """The 24-hour clock hour of a timestamp match (``5:01 p.m.`` -> 17)."""
    hour = int(m["H"])
    return hour % 12 + (12 if m["ampm"][0] in "pP" else 0) if m["ampm"] else hour


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
    stamps: list[tuple[bool, str, int, int]] = []  # (labelled as modified, iso value, copies, line)
    roles: list[str] = []  # bylines that name no one
    sections: list[int] = []
    site = ctx.profile.sites.get(doc.domain or "")
    drop = ctx.shapes.drop.get(doc.domain or "") if site else None
    related_pending = False
    classify = ctx.shapes.classify
    for i, lab in enumerate(labels):
        if lab is not None:
            continue
        line = lines[i]
        if drop is not None and drop.fullmatch(line):
            doc.label(i, "boilerplate", NAME)
            continue
        shape = classify(line)
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
        _take(doc, kind, m, i, ctx, stamps, roles)

    # the open lines that read as prose, once: the later steps only take lines out of the text
    is_prose = ctx.shapes.is_prose
    prose = [(i, len(lines[i])) for i, lab in enumerate(labels) if lab is None and is_prose(lines[i])]
    _dates(doc, stamps, middle_of_text(prose))
    if not doc.authors and roles:  # ``Staff writer``: the byline of a story that names no writer
        doc.authors.append(roles[0])
    if doc.site is None and doc.publisher is not None:
        doc.site = doc.publisher.name
    _tag_runs(doc, ctx)
    _sections(doc, [i for i in sections if doc.labels[i] is None])
    _keyword_lines(doc, ctx)
    prose = [(i, n) for i, n in prose if labels[i] is None]
    _jsonld(doc, ctx, middle_of_text(prose))
    _residue(doc, ctx, [i for i, _ in prose if labels[i] is None])


def _take(doc: Document, kind: str, m: regex.Match[str], i: int, ctx: Context,
          stamps: list[tuple[bool, str, int, int]], roles: list[str]) -> None:
    """Move what a metadata line says into its field; shapes with no field (sizes, credits) just go."""
    if kind == "timestamp":
        value = timestamp_value(m, ctx)
        modified = " ".join((m["ts_label"] or "").lower().split()) in ctx.profile.modified_labels
        if value is not None:
            stamps.append((modified, value, doc.copies.get(i, 1), i))
        elif m["H"] and doc.date:  # ``Updated 12:24 PM ET`` under a header that gives the day
            value = _on_day(doc.date, m, ctx)
            if value is not None:
                stamps.append((modified, value, 1, i))
    elif kind == "image":
        _add(doc.images, m["img"])
    elif kind == "link":
        _add(doc.links, m["url"])
    elif kind == "locale":
        doc.language = doc.language or m["lang"]
    elif kind == "byline":
        if m["names"]:
            add_authors(doc, m["names"], ctx)
        else:
            roles.append(m["role"])
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


def _on_day(day: str, m: regex.Match[str], ctx: Context) -> str | None:
    """A labelled time with no date, on the day the scraper's header gives."""
    try:
        value = datetime.fromisoformat(day).replace(hour=_hour(m), minute=int(m["M"]),
                                                    second=int(m["S"] or 0))
        if m["tz"]:
            value = value.replace(tzinfo=_zone(m["tz"], ctx))
    except ValueError:
        return None
    return value.isoformat()


def add_authors(doc: Document, names: str, ctx: Context) -> None:
    """The names of a byline (``A and B, Reuters``) as authors, news agencies left out."""
    agencies = ctx.profile.agencies
    _add(doc.authors, *(n for n in _NAME_SEP.split(names) if n.casefold() not in agencies))


def _dates(doc: Document, stamps: list[tuple[bool, str, int, int]], middle: int | None) -> None:
    """``published`` and ``modified`` from the page's own dateline: the stamps above the article's
    middle first (the head's meta tags, the dateline under the headline); a date in a teaser list, a
    comment or the JSON-LD block after the article only when the page gives no other."""
    if middle is not None:
        stamps = sorted(stamps, key=lambda s: s[3] > middle)
    published = [(v, n) for mod, v, n, _ in stamps if not mod]
    modified = [v for mod, v, _, _ in stamps if mod]
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


def _tag_runs(doc: Document, ctx: Context) -> None:
    """A run of short lines among metadata, two of them tags, is a tag run whatever its case:
    ``AI coding agents`` / ``autonomous programming`` / ``GPT-5 Codex`` between a date and an image,
    ``United States Politics and Government``, ``Beshear, Andrew G (1977- )``."""
    lines, labels = doc.lines, doc.labels
    rows = [i for i, lab in enumerate(labels) if lab != BLANK]
    first_prose = next((i for i in rows if labels[i] is None and len(lines[i]) > 150), None)
    # read once: labelling a run only makes its tag-like lines tags, which are tag-like too
    like = [_tag_like(doc, i, ctx) for i in rows]
    k = 0
    while k < len(rows):
        if not like[k]:
            k += 1
            continue
        end = k
        while end + 1 < len(rows) and like[end + 1]:
            end += 1
        run = rows[k:end + 1]
        before = labels[rows[k - 1]] if k > 0 else "edge"
        after = labels[rows[end + 1]] if end + 1 < len(rows) else "edge"
        # between metadata lines, or at the top of the page, where the head's tags run into the body;
        # between the head's dates and its image, short lines are the article's tags whatever they say
        tags = sum(1 for i in run if labels[i] in ("tag", "tags"))
        head_before = before in _HEAD_LABELS
        if (tags >= 2 and before is not None and (after is not None or before == "edge" or head_before)) \
                or (before in ("timestamp", "site", "title") and after in ("image", "timestamp")
                    and (first_prose is None or run[-1] < first_prose)):
            for i in run:
                if labels[i] is None:
                    doc.label(i, "tag", NAME)
                    _add(doc.tags, lines[i])
        k = end + 1


def _tag_like(doc: Document, i: int, ctx: Context) -> bool:
    lab = doc.labels[i]
    if lab is not None:
        return lab in ("tag", "tags")
    line = doc.lines[i]
    if len(line) > 60:  # before counting the spaces of a paragraph
        return False
    spaces = line.count(" ")
    return (spaces < 6  # ``Shopify Inc.`` ends in a period too
            and not (spaces >= 2 and line.endswith((".", "!", "?", ":"))) and not ctx.shapes.is_prose(line))


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


def _residue(doc: Document, ctx: Context, prose: list[int]) -> None:
    """Short non-sentences before the first or after the last paragraph are page chrome, not article;
    a closing list or table right after the last paragraph stays (``_closing_list``). ``prose``: the
    open lines that read as prose."""
    if not prose:
        return
    spared = _closing_list(doc, prose[-1])
    labels, is_prose = doc.labels, ctx.shapes.is_prose
    for i in chain(range(prose[0]), range(prose[-1] + 1, len(labels))):  # the article's lines stay
        if labels[i] is None and i not in spared and not is_prose(doc.lines[i]):
            doc.label(i, "boilerplate", NAME)


def _closing_list(doc: Document, last: int) -> set[int]:
    """The lines of a list or table right below the article's last paragraph: two or more items in a
    row (``Seattle at Green Bay, 4:30 p.m. (Fox)``, ``1. Bayliss (Ducati) 1'32.2``), up to two short
    headings before or among them (``Sunday``), and a lead-in ending in a colon before a link
    (``On the Net:``)."""
    lines = [i for i in range(last + 1, len(doc.lines)) if doc.labels[i] != BLANK]

    def item(k: int) -> bool:
        return k < len(lines) and doc.labels[lines[k]] is None and _list_item(doc.lines[lines[k]])

    spared: set[int] = set()
    k = 0
    while k < len(lines) and doc.labels[lines[k]] is None:
        if item(k) and (spared or item(k + 1)):
            spared.add(lines[k])
            k += 1
            continue
        intro = doc.lines[lines[k]].rstrip().endswith(":")
        if intro and k + 1 < len(lines) and doc.labels[lines[k + 1]] == "link":
            spared.add(lines[k])
            break
        j = k
        while j < k + 2 and j < len(lines) and doc.labels[lines[j]] is None and not item(j):
            j += 1
        if j == k or not (item(j) and (spared or item(j + 1))):
            break
        spared.update(lines[k:j])  # headings of the list's parts
        k = j
    return spared


#: labels of lines that stand inside an article too (a caption's credit, a byline, a subheading's link)
_BODY_LABELS = frozenset(("credit", "byline", "related", "link", "image"))
#: labels of the lines a page's head is made of
_HEAD_LABELS = frozenset(("timestamp", "title", "site", "duplicate", "image", "header"))
_LIST_SPLIT = regex.compile(r"\s*[,;]\s*")
#: a sentence ending inside a line: a lower-case word's stop, then a capitalised word (not ``St. Lucie``)
_SENTENCE_INSIDE = regex.compile(r"\p{Ll}{2}[.!?][\"”’)]*\s+[\"“‘(]*\p{Lu}\p{Ll}")


def _keyword_list(line: str) -> list[str] | None:
    """The items of a meta keywords line, however long (``football Spartans, San jose st, …``,
    ``renminribao,people,daily,china``): many short comma-separated items and no sentence."""
    if line.endswith("."):
        return None
    # at most one item more than separators: too few of them decides before any pattern runs
    separators = line.count(",") + line.count(";")
    if separators < 3 or line.count(" ") + 1 > 8 * (separators + 1) or _SENTENCE_INSIDE.search(line):
        return None
    items = [item for item in _LIST_SPLIT.split(line) if item]
    if len(items) < 4 or line.count(" ") + 1 > 8 * len(items):
        return None
    short = sum(1 for item in items if item.count(" ") < 5 and len(item) <= 60)
    return items if short >= 0.85 * len(items) else None


def _keyword_lines(doc: Document, ctx: Context) -> None:
    """A keywords line the shapes could not take (too long for a metadata line), and the dump's last
    line when it is a run of words with no punctuation at all (``football soccer news premiership …``)."""
    last = next((i for i in range(len(doc.labels) - 1, -1, -1) if doc.labels[i] != BLANK), None)
    for i in doc.open_lines():
        line = doc.lines[i]
        items = _keyword_list(line) if len(line) > MAX_META_CHARS or i == last else None
        if items is not None:
            doc.label(i, "keywords", NAME)
            _add(doc.keywords, *items)
        elif i == last and (_bare_keywords(line) or _repeats_head(doc, line)):
            doc.label(i, "keywords", NAME)


_ISO_T = regex.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_LISTISH = regex.compile(r"\d|[:;,()–—•·*]|^[-–—]\s")
def _repeats_head(doc: Document, line: str) -> bool:
    """The keywords line of a page that put its headline and description there: its words are the
    head's (the title and the lines above the article)."""
    if len(line) > 600:
        return False
    ws = words(line)
    if len(ws) < 4:
        return False
    head: set[str] = set(words(doc.title or ""))
    seen = 0
    for i, lab in enumerate(doc.labels):
        if lab == BLANK or doc.lines[i] is line:
            continue
        if seen >= 4:
            break
        head.update(words(doc.lines[i][:600]))
        seen += 1
    return sum(1 for w in ws if w in head) >= 0.9 * len(ws)


def _bare_keywords(line: str) -> bool:
    """A run of words with (almost) no punctuation and no sentence in it."""
    spaces = line.count(" ")
    return (spaces >= 7 and sum(map(line.count, _PUNCT)) <= spaces // 20
            and _SENTENCE_INSIDE.search(line) is None and not line.endswith("."))


#: punctuation a sentence or a list has, counted character by character (``str.count`` is a fast scan)
_PUNCT = tuple(".,;:!?\"“”«»()")


def _jsonld(doc: Document, ctx: Context, main: int | None) -> None:
    """The JSON-LD block after the article: found from the end of the dump upwards, for as long as
    lines are its leaves, repeat the page's metadata, or stand between two of its leaves.

    Weak leaves (``Site 600 60``, ``en-GB Name``) and short lines count only on a page whose tail has
    a leaf no article has (a search action, a locale, a breadcrumb list); below the first such leaf
    every line is the block's (a dump writes nothing after it but the keywords), above it a sentence
    between two of its leaves is a description. A closing list or a results table at the end of an
    article is not JSON-LD. ``main``: the article's middle (``middle_of_text``).
    """
    lines, labels = doc.lines, doc.labels
    if main is None:
        return
    open_lines = doc.open_lines()
    # a locale, or an ISO 8601 time with its ``T`` (which no article prints), opens the block
    anchors = [i for i in range(main + 1, len(lines)) if labels[i] == "locale"
               or (labels[i] == "timestamp" and _ISO_T.match(lines[i]))]
    for k, i in enumerate(open_lines):
        if strong_match(lines[i]) and not ctx.shapes.is_prose(lines[i]):
            doc.label(i, "jsonld", NAME)
            anchors.append(i)
        elif i > main and ("&" in lines[i] or "<" in lines[i]) and HTML.search(lines[i]):
            doc.label(i, "jsonld", NAME)
        elif i > main and lines[i].startswith("1 "):
            run = [lines[j] for j in open_lines[k:k + 8]]
            while len(run) > 1 and not breadcrumb_items(run):
                run.pop()
            if len(run) > 1:
                for j in open_lines[k:k + len(run)]:
                    doc.label(j, "jsonld", NAME)
                anchors.append(i)
    # the block's first structural leaf (a locale, a search action, a breadcrumb list): what follows
    # it is the block's, down to the last line
    last_leaf = min((i for i in anchors if i > main), default=None)
    known: set[str] | None = None  # read when the first open line is met (a block may have none)
    below_is_leaf = False
    for i in range(len(lines) - 1, main, -1):
        lab = labels[i]
        if lab == BLANK:
            continue
        line = lines[i]
        if lab is not None:
            below_is_leaf = lab not in _BODY_LABELS
            continue
        if known is None:
            known = _metadata_words(doc)
        prose = ctx.shapes.is_prose(line)
        weak = weak_leaf(line)
        leaf = _repeats(line, known)
        if last_leaf is not None and not leaf:
            leaf = (i > last_leaf or weak or (not prose and not _list_item(line))
                    or (prose and below_is_leaf and _above_is_leaf(doc, i, known)))
        if not leaf:
            break
        doc.label(i, "jsonld", NAME)
        below_is_leaf = weak or i > (last_leaf or 0)


def _list_item(line: str) -> bool:
    """A line of a closing list or a table (``Seattle at Green Bay, 4:30 p.m. (Fox)``, ``Mills
    8.5-1-27-2``): digits or punctuation, where a tag link's text has plain words."""
    return _LISTISH.search(line) is not None


def _above_is_leaf(doc: Document, i: int, known: set[str]) -> bool:
    """The line above is a leaf of a JSON-LD object (its date, logo, author), not article text."""
    j = i - 1
    while j >= 0 and doc.labels[j] == BLANK:
        j -= 1
    if j < 0:
        return False
    lab = doc.labels[j]
    if lab is not None:
        return lab not in _BODY_LABELS
    return strong_leaf(doc.lines[j]) or weak_leaf(doc.lines[j]) or _repeats(doc.lines[j], known)


def _metadata_words(doc: Document) -> set[str]:
    """Words of what the page's metadata already holds: title, site, authors, tags, keywords."""
    publisher = doc.publisher.name if doc.publisher is not None else None
    values = (doc.title, doc.site, *doc.authors, *doc.tags, *doc.keywords, publisher)
    # one scan: no word runs over a line end, and case folding reads each character alone
    return set(words("\n".join(value for value in values if value)))


def _repeats(line: str, known: set[str]) -> bool:
    """A line made of values the metadata already holds (``Headline,Headline``, ``Site Author``)."""
    ws = words(line)
    return len(ws) >= 2 and sum(1 for w in ws if w in known) >= 0.9 * len(ws)
