"""Leaked JSON-LD: the values a scraper writes after the article, one per line, objects flattened.

A JSON-LD block repeats what the page's head already said (headline, description, dates, site,
authors) and adds leaves no article sentence has: a search action (``required
name=search_term_string``), a paywall flag with its CSS selector (``False .paywall``), a breadcrumb
list (``1 Home 2 News 3 World``), a logo or image object (``Economic Times 600 60``, ``1600 900
Caption``), a locale in front of a name (``en-GB Rahul Tyagi``), HTML left unescaped (``M&amp;A``,
``<p>Yes, …``), an ISO duration (``PT1M47S``). Such leaves mark the zone; inside it, a line that
only repeats the page's metadata, or that stands between two leaves, is JSON-LD too.
"""

from __future__ import annotations

import regex

#: leaves that no article line has: wherever they stand, they are metadata
STRONG = regex.compile(
    r"(?:(?:required|true|false)\s+)?(?:name=)?\S*search_term\S*|required\s+name=\S+"  # SearchAction
    r"|(?i:true|false)\s+[.#][\w-].{0,200}"  # isAccessibleForFree + cssSelector
    r"|[.#][\w-]+(?:[\s,>]+[.#]?[\w-]+){0,12}"  # a bare CSS selector
    r"|P(?:\d+[YMWD])*(?:T(?:\d+[HMS])+)?"  # ISO 8601 duration
    r"|1\s+\p{Lu}.{0,120}?\s2\s+\p{Lu}.{0,300}"  # BreadcrumbList: 1 Home 2 News 3 World
    r"|(?i:true|false)"  # a lone boolean
)
#: HTML the JSON-LD strings kept: entities (``&#039;``, ``&amp;``) or tags (``<p>``)
HTML = regex.compile(r"&(?:#\d{2,5}|#x[0-9a-fA-F]{2,4}|amp|quot|apos|lt|gt|nbsp|rsquo|lsquo|ldquo|rdquo"
                     r"|hellip);|</?(?:p|br|strong|em|b|i|a|div|span|ul|ol|li|h[1-6])\b[^>]{0,200}>")
#: leaves that look like data only where JSON-LD stands (a standings row has numbers too): an image or
#: logo object (``Site 600 60``, ``1600 900 Caption``), a locale before a name
WEAK = regex.compile(
    r".{0,120}?(?<![\d.,:/-])\d{2,4}\s\d{2,4}(?![\d.,:/-]).{0,400}"
    r"|(?i:[a-z]{2,3}[_-][a-z]{2})\s+\S.{0,200}"
    r"|\d{1,9}"  # a count or an id (wordCount, articleId)
)
_DIGIT = regex.compile(r"\d")
#: what an image or logo object (``WEAK``'s first leaf) holds: two digits, a space, a digit
_DIGITS_SPACE = regex.compile(r"\d\d\s\d")
_ITEM = regex.compile(r"(\d{1,2})\s+\S.{0,300}")


def strong_match(line: str) -> bool:
    """``STRONG.fullmatch(line)``, with what each of its leaves needs tested first: ``search_term``,
    or a first character of theirs (``required``, ``true``/``false`` in any case, a selector, ``P``,
    ``1``); most lines have neither, and the pattern does not run on them."""
    if line[:1] not in "rtTfF.#P1" and "search_term" not in line:
        return False
    return STRONG.fullmatch(line) is not None


def strong_leaf(line: str) -> bool:
    """A line only a JSON-LD block writes."""
    return strong_match(line) or (("&" in line or "<" in line) and HTML.search(line) is not None)


def weak_leaf(line: str) -> bool:
    """A line shaped like a JSON-LD leaf, that only its neighbours can confirm.

    What each of ``WEAK``'s leaves needs is tested first: ``_``/``-`` third or fourth (a locale);
    two digits, a space and a digit, in a line short enough for the image object (at most 529
    characters); or a digit, in a line short enough for the count (nine)."""
    if line[2:3] not in ("_", "-") and line[3:4] not in ("_", "-") \
            and (len(line) > 529 or _DIGITS_SPACE.search(line) is None) \
            and (len(line) > 9 or _DIGIT.search(line) is None):
        return False
    return WEAK.fullmatch(line) is not None


def breadcrumb_items(lines: list[str]) -> bool:
    """``1 Home`` / ``2 News`` / ``3 Headline`` on consecutive lines: a BreadcrumbList's items, numbered
    from one upwards (an article's ranking counts down, with paragraphs between its items)."""
    numbers = []
    for line in lines:
        m = _ITEM.fullmatch(line)
        if m is None:
            return False
        numbers.append(int(m[1]))
    return len(numbers) >= 2 and numbers == list(range(1, len(numbers) + 1))
