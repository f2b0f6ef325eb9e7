"""dedupe-headers: repeated lines, the title and the site name."""

from __future__ import annotations

import html
from collections.abc import Collection

import regex

from ..context import Context
from ..document import BLANK, Document, middle_of_text
from ..headline import DOMAINISH, headline_of, matches_domain, overlap, stems, words
from ..shapes import ends_sentence

NAME = "dedupe-headers"
#: Shapes a title or site name may also have: a short Title Case headline looks like a section word.
_NAMEABLE = (None, "section")
#: a breadcrumb or a title with its outlet (``Home » News » …``), not a visible headline
_SEPARATED = regex.compile(r"\s[|»›>]\s|^\d+\s\p{Lu}.*\s\d+\s\p{Lu}")
_SUFFIX = regex.compile(r"(?P<base>.{8,}?)\s+(?P<sep>[|–—-])\s+(?P<outlet>[^|–—]{2,60})")


def _headline(line: str, ctx: Context) -> bool:
    if len(line) > 250 or line.count(" ") >= 30 or line.endswith((".", ":", ",", ";")):
        return False
    shape = ctx.shapes.classify(line)
    return shape is None or shape[0] in _NAMEABLE


def _name_like(line: str, ctx: Context) -> bool:
    """A short capitalised name (``Sputnik International``), not a sentence or a data shape."""
    if len(line) > 60 or line.count(" ") >= 6 or line.lower() == line or ends_sentence(line):
        return False
    shape = ctx.shapes.classify(line)
    return shape is None or shape[0] in _NAMEABLE


def _key(line: str) -> str:
    """What makes two lines copies: the same text once HTML entities are read (JSON-LD keeps
    ``&#039;``), case folded and spaces squeezed."""
    if "&" in line:
        line = html.unescape(line)
    line = line.casefold()
    return " ".join(line.split()) if "  " in line or "\t" in line or "\xa0" in line else line


def _line_key(line: str) -> str:
    """The key ``_mark_copies`` files a line under: a long line is article text, a verbatim copy of it
    is a copy, no other is."""
    return _key(line) if len(line) <= 400 else line


def _mark_copies(doc: Document) -> dict[str, int]:
    """Label the later copies of each line; returns each line's key -> its first line."""
    seen: dict[str, int] = {}
    lines, copies = doc.lines, doc.copies
    for i, lab in enumerate(doc.labels):
        if lab is None:
            first = seen.setdefault(_line_key(lines[i]), i)
            if first != i:
                doc.label(i, "duplicate", NAME)
                copies[first] = copies.get(first, 1) + 1
    return seen


def _head(doc: Document, ctx: Context) -> list[int]:
    """The open lines above the first sentence of article text: where titles and mastheads stand."""
    head: list[int] = []
    for i, lab in enumerate(doc.labels):
        if lab is None:
            line = doc.lines[i]
            # a repeated line, or a first line shaped like a headline (``Why Hasn't Tutoring Worked?``),
            # is a title even when it reads as a sentence
            if ctx.shapes.is_prose(line) and i not in doc.copies and (head or not _headline(line, ctx)):
                break
            head.append(i)
    return head


def dedupe_headers(doc: Document, ctx: Context) -> None:
    """Keep one copy of each line repeated verbatim; take the title and the site name out of the text.

    The kept copy stays for the metadata pass to read (a timestamp or publisher block repeated four
    times is still one field); ``doc.copies`` says how many copies it had. The title is the headline
    inside the page title (``Site - Section - Headline`` → ``Headline``, see ``headline.py``), or the
    visible headline when the body opens with one like it.
    """
    keys = _mark_copies(doc)
    head = _head(doc, ctx)
    title_line = _title(doc, head, ctx)
    body = stems(_body_text(doc, title_line))
    suffixed = _title_variants(doc, head, ctx, body)
    if title_line is not None and doc.labels[title_line] is not None:
        # a ``Headline | Outlet`` line was a copy of a headline standing alone: labelling other lines
        # leaves the choice as it was, so it is made again only when its own line was labelled
        title_line = _title(doc, head, ctx)
    site_line = _site_line(doc, head, ctx)
    if title_line is not None:
        sites = {outlet.casefold() for outlet, _ in suffixed.values()} | ctx.profile.agencies
        if site_line is not None:
            sites.add(doc.lines[site_line].casefold())
        others = set(keys)  # the keys of the other lines: each line's key maps to its first copy
        others.discard(_line_key(doc.lines[title_line]))
        doc.title = headline_of(doc.lines[title_line], doc.domain, sites, body, others)
        doc.label(title_line, "title", NAME)
        _title_copies(doc, head)
        if site_line is None:
            site_line = _masthead(doc, head, title_line, ctx)
        _visible_headline(doc, title_line, head, ctx, body)
    else:
        # no title line: the headline above the story's first run, or its second after a description
        open_lines, starts = _story_start(doc, ctx)
        any(_headline_above(doc, open_lines, first, ctx, body) for first in starts)
    profile_site = ctx.profile.sites.get(doc.domain or "")
    if site_line is not None:
        doc.label(site_line, "site", NAME)
    if profile_site is not None and profile_site.site:
        doc.site = profile_site.site
    elif site_line is not None:
        doc.site = doc.lines[site_line]
    elif suffixed:
        doc.site = next(iter(suffixed.values()))[0]


def _title_copies(doc: Document, head: list[int]) -> None:
    """Head lines that are the headline again (a description that only repeats it)."""
    key = _key(doc.title or "")
    for i in head:
        if doc.labels[i] is None and _key(doc.lines[i]) == key:
            doc.label(i, "duplicate", NAME)


def _visible_headline(doc: Document, title_line: int, head: list[int], ctx: Context, body: Collection[str],
                      reach: int = 200) -> None:
    """The headline as the page shows it, when the dump has it as a line of its own: it becomes the
    title, and leaves the text.

    It is a heading whose words are mostly the page title's (``USC has weakness for Illini duo`` under
    ``USC has weakness for Illini duo on ChicagoSports.com``); or, when the page title names only the
    outlet (``Winona Daily News``), the heading that stands right above the article's first paragraph,
    past the byline and date lines.
    """
    page_words = set(words(doc.lines[title_line]))
    others: dict[int, set[str]] = {}  # og:title and <title> both name the story
    for i in head[:3]:  # the page's own title lines stand first: og:title, <title>, og:site_name
        line = doc.lines[i]
        if i != title_line and doc.labels[i] in (None, "duplicate") and line.count(" ") < 15 \
                and _headline(line, ctx) and ". " not in line:
            others[i] = set(words(line))
    title_words = set(words(doc.title or "")) or page_words
    headline_key = _key(doc.title or "")
    open_lines, starts = _story_start(doc, ctx, reach)
    first = starts[0] if starts else None
    # the visible headline stands where the story starts (the first run of paragraphs, or the second
    # when the first is a description): just above it, or under an intro paragraph
    window = sorted({k for s in starts for k in range(max(0, s - 12), s + 3)})
    if len(page_words) >= 3 and window:
        for i in (open_lines[k] for k in window if k < len(open_lines)):
            line = doc.lines[i]
            # the cheap tests first (the title is a string here: headline_of gave it)
            if line[:1].isdigit() or ("," in line and "," not in doc.title) or not heading(line, ctx):
                continue
            ws = set(words(line))
            others_now = {j: w for j, w in others.items() if j != i and w != ws}  # not its own copy
            page = page_words.union(*others_now.values())
            shared = len(ws & page)
            key = _key(line)
            covered = max(len(ws & t) / len(t) for t in (title_words, *others_now.values()) if t)
            if 3 <= len(ws) <= len(page) and shared / len(ws) >= 0.8 and covered >= 0.5 \
                    and headline_key not in key and not _cut_short(key, headline_key):
                doc.title = line
                doc.label(i, "title", NAME)
                return
    if first is not None:
        # read against the story itself (from its first paragraph to the middle of the page): the
        # lines above it (a description, a tagline) repeat the outlet's words
        # (``SportsAustralia.com :: News Article`` over ``Informative news article related …``)
        story = stems(doc.lines_text(open_lines[first:], 4000))
        if names_no_story(doc.title or "", story, ctx):
            _headline_above(doc, open_lines, first, ctx, story)


def _story_start(doc: Document, ctx: Context, reach: int = 200) -> tuple[list[int], list[int]]:
    """The open lines of the page's first half (not the JSON-LD block after the story), and where its
    first runs of paragraphs start in them."""
    open_lines = doc.open_lines()
    middle = _middle(doc, open_lines, ctx)
    open_lines = [i for i in open_lines[:reach] if i < middle]
    return open_lines, _paragraph_runs(doc, open_lines, ctx)


def _headline_above(doc: Document, open_lines: list[int], first: int, ctx: Context,
                    body: Collection[str]) -> bool:
    """The heading right above the article's first paragraph, past the byline and date lines: the
    headline of a page whose title names only the outlet, or that has no title line at all."""
    for i in reversed(open_lines[max(0, first - 6):first]):
        line = doc.lines[i]
        if ctx.shapes.classify(line) is not None or len(line.split()) < 3 or names_no_story(line, body, ctx):
            continue  # a byline, a date, ``Print``, an agency: what stands between a headline and its story
        if heading(line, ctx) and overlap(line, body) >= 0.5:
            doc.title = line
            doc.label(i, "title", NAME)
            return True
        return False
    return False


def _paragraph_runs(doc: Document, open_lines: list[int], ctx: Context, limit: int = 2) -> list[int]:
    """Where the first ``limit`` runs of paragraphs start (indexes into ``open_lines``); the lines
    after the last of them are not read."""
    starts: list[int] = []
    before = False
    for k, i in enumerate(open_lines):
        prose = _paragraph(doc.lines[i], ctx)
        if prose and not before:
            starts.append(k)
            if len(starts) == limit:
                break
        before = prose
    return starts


def _cut_short(line_key: str, title_key: str) -> bool:
    """The line is the title cut off in mid-phrase (``… near daughter`` of ``… near daughter's
    basketball game``), not the title without its outlet (``… duo`` of ``… duo on ChicagoSports.com``,
    ``… Ad`` of ``… Ad|ABC 7 News``)."""
    if not title_key.startswith(line_key):
        return False
    rest = title_key[len(line_key):]
    first = rest.lstrip()[:1]
    return bool(first) and (first.isalnum() or first in "'’") and not DOMAINISH.search(rest)


def _middle(doc: Document, open_lines: list[int], ctx: Context) -> int:
    """The open line where half of the page's prose has been read (the end of the dump when none)."""
    lines, is_prose = doc.lines, ctx.shapes.is_prose
    prose = [(i, n) for i in open_lines if (n := len(lines[i])) > 20 and is_prose(lines[i])]
    middle = middle_of_text(prose)
    return len(lines) if middle is None else middle


def heading(line: str, ctx: Context) -> bool:
    """Headline-shaped: a few words, no sentence end, no separators of a breadcrumb or page title."""
    # the cheap tests first (``_headline`` refuses long lines before the split counts their words)
    return (not line.endswith(".") and _headline(line, ctx) and len(line.split()) <= 25
            and not _separated(line))


def _separated(line: str) -> bool:
    """``_SEPARATED.search(line) is not None``. It needs one of its four separators, or a digit first
    (``regex``'s ``\\d``, which among ASCII characters is ``0-9`` only): a line with neither, and an
    ASCII first character, skips the pattern."""
    if "|" not in line and "»" not in line and "›" not in line and ">" not in line \
            and line[:1].isascii() and not ("0" <= line[:1] <= "9"):
        return False
    return _SEPARATED.search(line) is not None


def _paragraph(line: str, ctx: Context) -> bool:
    """A paragraph of article text: a sentence of fifteen words or more."""
    return line.count(" ") >= 14 and ctx.shapes.is_prose(line)


def names_no_story(title: str, body: Collection[str], ctx: Context) -> bool:
    """A title that names an outlet or a section (``Winona Daily News``, ``The Hindu News Update
    Service``, ``Local News section front``, ``The Star Online eCentral``), not a story: a few words, the
    first and at least half of them capitalised or small words (the profile's ``title_small_words``),
    that the article hardly uses."""
    ws = title.split()
    small = ctx.profile.title_small_words
    return (0 < len(ws) <= 6 and ws[0][:1].isupper()
            and 2 * sum(w[:1].isupper() or w.lower() in small for w in ws) >= len(ws)
            and overlap(title, body) < 0.5)


def _body_text(doc: Document, title_line: int | None, limit: int = 4000) -> str:
    """The first ``limit`` characters of the lines other than the title: what the article says."""
    return doc.lines_text((i for i, lab in enumerate(doc.labels) if lab is None and i != title_line), limit)


def _title(doc: Document, head: list[int], ctx: Context) -> int | None:
    # a headline has a few words; a lone "World" above it is a section, so it is only a fallback
    first = None
    for i in head:
        if doc.labels[i] is None and _headline(doc.lines[i], ctx):
            if doc.lines[i].count(" ") >= 2:
                return i
            first = i if first is None else first
    return first


def _site_line(doc: Document, head: list[int], ctx: Context) -> int | None:
    """A name like the domain at the top, else a short name repeated in the dump."""
    lines, labels = doc.lines, doc.labels
    for i in head:
        if labels[i] is None and matches_domain(lines[i], doc.domain) and _name_like(lines[i], ctx):
            return i
    in_head = set(head)
    for i in doc.copies:  # a repeated name at the top: og:site_name, then the JSON-LD publisher
        if i in in_head and labels[i] is None and _name_like(lines[i], ctx):
            return i
    return None


def _masthead(doc: Document, head: list[int], title_line: int, ctx: Context) -> int | None:
    """The outlet's name standing right under the title, when no other line names it."""
    lines, labels = doc.lines, doc.labels
    below = next((i for i in range(title_line + 1, len(lines)) if labels[i] != BLANK), None)
    if below is not None and below in head and labels[below] is None and _name_like(lines[below], ctx):
        return below
    return None


def _suffixed(line: str) -> regex.Match[str] | None:
    """``_SUFFIX.fullmatch(line)``. Its separator group is one of four characters, which most head
    lines (a headline, a site name) do not hold: those skip the pattern."""
    if "|" not in line and "-" not in line and "–" not in line and "—" not in line:
        return None
    return _SUFFIX.fullmatch(line)


def _title_variants(doc: Document, head: list[int], ctx: Context,
                    body: Collection[str]) -> dict[int, tuple[str, str]]:
    """``Headline | Outlet`` lines at the top: line index -> (outlet, headline).

    A copy of a headline that also stands alone is labelled a duplicate. A bare `` - `` counts only
    then, or when the outlet matches the domain, since a dash is common inside headlines.
    """
    texts = {doc.lines[i]: i for i in head if doc.labels[i] is None}
    found: dict[int, tuple[str, str]] = {}
    for i in head:
        m = _suffixed(doc.lines[i]) if doc.labels[i] is None else None
        if m is None or not _name_like(m["outlet"], ctx):
            continue
        if m["base"] in texts:
            doc.label(i, "duplicate", NAME)
            doc.copies[texts[m["base"]]] = doc.copies.get(texts[m["base"]], 1) + 1
            found[texts[m["base"]]] = (m["outlet"], m["base"])
        elif (m["sep"] == "|" or matches_domain(m["outlet"], doc.domain)) and "|" not in m["base"] \
                and overlap(m["outlet"], body) < 0.5:  # ``Site | 01/07/2008 | Headline`` ends in no outlet
            found[i] = (m["outlet"], m["base"])
    return found
