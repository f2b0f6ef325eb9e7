"""The headline inside a page title: ``Site - Section - Headline``, ``Headline | Section | Site``,
``Site: Headline``, ``Section > Story > Headline``.

A page's ``<title>`` and og:title wrap the headline in the outlet's name and its sections, in any
order and with any separator. The parts are told apart by shape and by the page itself: a part that
names the domain or the site, or that holds a domain name, is the outlet; a short Title Case part
at either end is a section when a longer part remains; and of the parts left, the headline is what
the article's own words repeat.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import regex

from .shapes import cache_short

#: Separators with space on both sides (`` | ``, `` - ``, `` :: ``, `` > ``), or a hyphen or colon
#: with space after only, glued to the word before (``first round- Tennis``, ``Star-Telegram.com: |``).
#: A spaced colon separates only before a capital: French writes ``Lyon : la Métropole …``.
_SEP = regex.compile(r"\s+(?:\|+|::|-{1,2}|–|—|>|»|›|/|•|·|~)\s+|\s+:\s+(?=[\p{Lu}\d\"“‘'])"
                     r"|(?<=\p{Ll})(?:-|\s?\|)\s+(?=\p{Lu}|[\w-]+\.(?:com|net|org)\b)|(?<=\p{Ll})_(?=\p{Lu})")
DOMAINISH = regex.compile(r"(?i)\b[\w-]+\.(?:com|net|org|co|info|biz|tv|fm|[a-z]{2})(?:\.[a-z]{2})?\b")
_WORD = re.compile(r"[^\W_]+")  # letters and digits; plain `re` scans text several times faster
_NOT_ALNUM = regex.compile(r"[^\p{L}\d]+")
#: ``Site: Headline`` or ``Site... Headline``: a short prefix before a colon or an ellipsis.
_DATE = regex.compile(r"[\d\s/.,:-]+|(?:Page|Seite|Página)\s+\d+", regex.IGNORECASE)
#: ``Bulls, Jones pursue talks: Sport: Rugby: News24``: colons chaining sections (two or more)
_COLON_CHAIN = regex.compile(r"(?<=\S):\s+(?=\p{Lu})")
#: ``… Olympic Loser (from Bradford Telegraph and Argus)``: the paper a syndicated story came from
_CREDIT = regex.compile(r"\s*\(from\s[^()]{2,60}\)\s*$")
_PREFIX = regex.compile(r"(?P<prefix>[^:!?]{2,40}?)(?::|\.\.\.|…)\s+(?P<rest>\S.{8,})")


@cache_short(600, 2048)  # titles, tags and name lines are read by several passes and recur
def words(text: str) -> tuple[str, ...]:
    """The letters-and-digits words of ``text``, case-folded."""
    return tuple(_WORD.findall(text.casefold()))


@cache_short(300, 4096)  # a site's name lines and title parts recur on each of its pages
def matches_domain(text: str, domain: str | None) -> bool:
    """``Sputnik International`` ~ sputnikglobe.com, ``The Guardian`` ~ theguardian.com, ``BBC`` ~
    bbc.co.uk: the name and the domain's longest label share a prefix of four letters or all of it,
    or the name squashed is inside that label (``icScotland`` ~ icscotland.co.uk)."""
    if not domain:
        return False
    labels = domain.split(".")
    core = _NOT_ALNUM.sub("", max(labels[:-1] or labels, key=len)).lower()
    squashed = _NOT_ALNUM.sub("", text).lower()
    if not core or not squashed:
        return False
    if len(squashed) >= 4 and (squashed in core or core in squashed):
        return True
    common = 0
    for a, b in zip(squashed, core, strict=False):
        if a != b:
            break
        common += 1
    return common >= min(4, len(core))


def _site_like(part: str, domain: str | None, sites: Collection[str]) -> bool:
    folded = part.casefold().strip(" :|-")
    if not folded:
        return True
    return (folded in sites or matches_domain(part, domain) or DOMAINISH.search(part) is not None)


def _section_like(part: str) -> bool:
    """``World``, ``National News``, ``Sport / Racing``: one to three capitalised words, no verb-ish
    lower-case run: what a section or outlet name looks like, and what few headlines do."""
    ws = part.split()
    if not ws or len(ws) > 4 or part.endswith(("?", "!")):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in {"&", "and", "of", "the", "-"} for w in ws)


def _outlet_shape(part: str) -> bool:
    """``icScotland``, ``oHERALDo``, ``ITN``, ``wjz.com``: one token written the way brands are."""
    if " " in part.strip():
        return False
    token = part.strip()
    return (DOMAINISH.search(token) is not None or (token.isupper() and 2 <= len(token) <= 5)
            or (token[:1].islower() and any(c.isupper() for c in token[1:])))


def overlap(part: str, body: Collection[str]) -> float:
    """Share of a part's words (of three letters or more) that the article uses too, compared on
    their first five letters so that ``eagle`` finds ``eagles``."""
    ws = [w[:5] for w in words(part) if len(w) > 2]
    if not ws:
        return 0.0
    return sum(1 for w in ws if w in body) / len(ws)


def stems(text: str) -> str:
    """The article's text as ``overlap`` reads it: case-folded, searched for each word's first five
    letters (a substring test per word of a title is far cheaper than splitting the article)."""
    return text.casefold()


def headline_of(title: str, domain: str | None, sites: Collection[str], body: Collection[str],
                lines: Collection[str] = ()) -> str:
    """The headline in a page title; the title itself when no part can be told from the outlet.

    ``sites``: case-folded names of the outlet (og:site_name, a repeated name line, news agencies).
    ``body``: ``stems`` of the article's words, to tell the headline from a site's tagline.
    ``lines``: the page's other lines, case-folded, spaces squeezed: a part standing alone there is
    the headline.
    """
    if "(from" in title:
        title = _CREDIT.sub("", title) or title
    parts = [p.strip() for p in (_SEP.split(title) if _may_separate(title) else [title])]
    parts = [_unchained(p, domain, sites) for p in parts]
    if len(parts) == 1:
        return _unprefixed(parts[0], domain, sites)
    outlets = {i for i, p in enumerate(parts) if _site_like(p, domain, sites) or _outlet_shape(p)}
    # ``Site - tagline``: what stands beyond the outlet, on its side, is the outlet's too
    lo, hi = 0, len(parts)
    for i in sorted(outlets):
        if i - lo < hi - 1 - i:
            lo = max(lo, i + 1)
        else:
            hi = min(hi, i)
    span = [i for i in range(lo, hi) if not _DATE.fullmatch(parts[i]) and i not in outlets]
    if not span:
        return _best(parts, body)
    alone = [i for i in span if " ".join(parts[i].casefold().split()) in lines and len(parts[i].split()) >= 3
             and not _section_like(parts[i])]
    if alone:
        best = alone[0]
    else:
        best = max(span, key=lambda i: (min(len(parts[i].split()), 8) + 4 * overlap(parts[i], body), -i))
    return _unprefixed(parts[best], domain, sites)


#: a character that each of ``_SEP``'s separators holds one of (a bar, colon, dash, ``>``, ``»``, ``›``,
#: slash, bullet, tilde or underscore); plain ``re``: the class is literals only
_SEP_CHAR = re.compile(r"[|:\-–—>»›/•·~_]")


def _may_separate(title: str) -> bool:
    """Whether ``_SEP`` can match in ``title``: a title with none of those characters is one part."""
    return _SEP_CHAR.search(title) is not None


def _unchained(part: str, domain: str | None, sites: Collection[str]) -> str:
    """``Home of Sport: Formula One: News: BMW confirms …`` → ``BMW confirms …``: in a chain of two or
    more colons, the sections and outlets at either end go; ``NHL roundup: Sunday's …`` stays whole."""
    if part.count(":") < 2:
        return part
    links = [q.strip() for q in _COLON_CHAIN.split(part)]
    if len(links) < 3:
        return part
    def framing(link: str) -> bool:  # a section or the outlet, not the headline
        return _section_like(link) or _site_like(link, domain, sites)

    lo, hi = 0, len(links)
    while hi - lo > 1 and framing(links[lo]):
        lo += 1
    while hi - lo > 1 and framing(links[hi - 1]):
        hi -= 1
    return ": ".join(links[lo:hi])


def _best(parts: list[str], body: Collection[str]) -> str:
    """Every part names the outlet: the one most like the article, else the longest."""
    return max(parts, key=lambda p: (overlap(p, body), len(p)))


def _unprefixed(title: str, domain: str | None, sites: Collection[str]) -> str:
    """``AFP: France to boycott …``, ``AdelaideNow... Heart surgeon …``: an outlet before a colon or an
    ellipsis goes; ``SFPD: Zoo attack …`` stays (its prefix is in the article, or names no outlet)."""
    # (``_PREFIX`` needs its colon or ellipsis: most titles have none, and skip the pattern)
    m = _PREFIX.fullmatch(title) if ":" in title or "…" in title or "..." in title else None
    if m is None or len(m["rest"].split()) < 3:
        return title
    prefix = m["prefix"].strip()
    if _site_like(prefix, domain, sites):
        return m["rest"].strip()
    return title
