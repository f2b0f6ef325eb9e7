"""Line shapes: what a timestamp line, a tag, a leaked JSON-LD field or a byline *looks like*.

Each shape is one pattern compiled per profile; ``classify`` tries, in order of precedence,
only the shapes a line can have (a timestamp has a digit, a link has ``//``).
"""

from __future__ import annotations

import codecs
import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, TypeVar

import regex

from .pattern_cache import compile_cached
from .profile import Profile

#: A line longer than this is never metadata: the longest shape (a publisher block) is shorter.
MAX_META_CHARS = 300

URL = r"(?:https?://|www\.)[^\s<>\"]+"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PHONE = r"(?:\+\d[\d\s().-]{6,18}\d|\(\d{3}\)\s?\d{3}-\d{4})"
IMAGE_EXT = r"(?i:jpe?g|png|gif|webp|avif|bmp|svg|tiff?|heic)"
NAME = r"\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:de|da|van|von|der|al|bin|el|la|le)\s+)?\p{Lu}[\p{L}'’.-]*){0,3}"
#: what joins the names of a byline: ``Jane Doe, John Roe and …``, ``und``, ``et``, ``и``, ``y``, ``e``
NAME_JOINER = r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\bи\b|\by\b|\be\b)\s*"
#: a person's name of two words or more: the names of a byline that has no ``By``
NAME2 = r"\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:de|da|van|von|der|al|bin|el|la|le)\s+)?\p{Lu}[\p{L}'’.-]*){1,3}"
WORD = r"[\p{L}\d&'’#-]+(?:\.[\p{L}\d&'’#-]*)*"  # dots inside a word: "E.M.", "U.S."
ITEM = rf"{WORD}(?:[ \t]{WORD}){{0,3}}"
# Timestamp parts are captured by name (the same name in several branches, as `regex` allows), so the
# metadata pass builds the datetime from the match instead of parsing the string a second time.
TIME = (r"(?P<H>\d{1,2})(?:[:.]|h(?=\d))(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*(?P<ampm>(?i:[ap])\.?(?i:m)\.?))?"
        r"(?:\s*(?i:uhr|hrs|h)\b)?")
ISO_DATE = (
    r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?)"
)
NUM_DATE = (r"(?:(?P<d>\d{1,2})(?P<sep>[./-])(?P<mo>\d{1,2})[./-](?P<y>\d{4})"
            r"|(?P<y>\d{4})/(?P<mo>\d{1,2})/(?P<d>\d{1,2}))")


#: what every timestamp has: a year (in any date) or a time (``12:24``, ``20h30``), in ``regex``'s digits
_STAMP_DIGITS = regex.compile(r"\d{4}|\d[:.h]\d\d")
_STOPS = (".", "!", "?", "…")
_CLOSERS = "\"”’»)"


_F = TypeVar("_F", bound=Callable[..., Any])


def cache_short(limit: int, maxsize: int) -> Callable[[_F], _F]:
    """``lru_cache`` for a function whose first argument is a string, holding only strings of at
    most ``limit`` characters: a longer one (a 20 MB one-line page) is computed each time instead of
    staying in memory for the rest of the run. Memory stays under ``maxsize`` × ``limit`` or so."""
    def decorate(fn: _F) -> _F:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(text: str, *args: Any) -> Any:
            return cached(text, *args) if len(text) <= limit else fn(text, *args)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]
    return decorate


#: single-byte codecs whose repertoire holds most news text beyond ASCII (Western European with its
#: curly quotes and dashes; Cyrillic): text they encode can be split into words by a byte table
ONE_BYTE_CODECS = ("cp1252", "cp1251")
#: each codec's own tables (``encodings.cp1252``...), for ``codecs.charmap_encode`` and ``_decode``
_CHARMAPS = {codec: importlib.import_module(f"encodings.{codec}") for codec in ONE_BYTE_CODECS}


def one_byte_encoded(text: str) -> tuple[str, bytes] | None:
    """The first of ``ONE_BYTE_CODECS`` that encodes ``text`` whole, and the bytes; None when none
    does. ``codecs.charmap_encode`` with the codec's table is what ``str.encode`` runs, without the
    Python frame of the codec's ``encode`` method."""
    for codec, module in _CHARMAPS.items():
        try:
            return codec, codecs.charmap_encode(text, "strict", module.encoding_table)[0]
        except UnicodeEncodeError:
            continue
    return None


def one_byte_table(codec: str, keep: Callable[[str], str | None]) -> bytes:
    """A ``bytes.translate`` table for text ``codec`` encodes: the byte of each character ``keep``
    maps to a character becomes that character's byte, every other byte a space (and so does a byte
    the codec leaves undefined: never the encoding of a character). A byte is one character, so the
    runs of non-space bytes the table leaves are runs of the characters ``keep`` takes."""
    table = bytearray(b" " * 256)
    for byte in range(256):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            continue
        kept = keep(char)
        if kept is not None:
            encoded = kept.encode(codec)  # (raises for a character the codec lacks)
            if len(encoded) != 1:
                raise ValueError(f"{codec}: {char!r} becomes {kept!r}")
            table[byte] = encoded[0]
    return bytes(table)


def one_byte_decoded(data: bytes, codec: str) -> str:
    """``data.decode(codec)`` for a codec of ``ONE_BYTE_CODECS``, the same way (its decoding table)."""
    return codecs.charmap_decode(data, "strict", _CHARMAPS[codec].decoding_table)[0]


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends like a sentence: a stop, then closing marks (``[.!?…][\"”’»)]*$``), read
    from the line's end, where a pattern's search would try every position of a long line."""
    if line.rstrip(_CLOSERS).endswith(_STOPS):
        return True
    return line.endswith("\n") and line[:-1].rstrip(_CLOSERS).endswith(_STOPS)  # `$` before a final \n


def is_prose(line: str) -> bool:
    """A sentence of article text rather than a label: long, or ending like a sentence."""
    words = line.count(" ") + 1
    return words >= 25 or (words >= 5 and ends_sentence(line))


def _longest_first(word: str) -> tuple[int, str]:
    return -len(word), word


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces matching any spacing.
    Ties in alphabetical order: the same pattern text in every process (a set's order changes with
    the hash seed), so that the on-disk pattern cache finds it again."""
    parts = sorted(set(words), key=_longest_first)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in parts) or r"(?!)"


def any_of(patterns: Iterable[str]) -> str:
    """A regex alternation of a profile's regular expressions, each in its own group (a pattern
    with a top-level ``|`` stays whole); one that never matches for none."""
    return "|".join(f"(?:{p})" for p in patterns) or r"(?!)"


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity, for the classify cache
class Shapes:
    """The compiled shapes of one profile."""

    patterns: dict[str, regex.Pattern[str]]
    header: regex.Pattern[str]
    list_sep: regex.Pattern[str]
    crumb_sep: regex.Pattern[str]
    digit: re.Pattern[str]
    drop: dict[str, regex.Pattern[str]]
    #: first words of the labels that introduce a shape ("read" of "Read more:"), for the guards
    first_words: dict[str, frozenset[str]]
    #: a byline role (``staff writer``, ``correspondent``) anywhere in a line
    role_hint: regex.Pattern[str]
    #: ``role_hint`` for an ASCII line, lowered: plain ``re`` with no case-insensitive alternation
    #: (several times faster; the same answer, as no other character folds onto an ASCII one there)
    role_hint_ascii: re.Pattern[str]

    #: ``is_prose(line)`` (module level: no pattern of the profile is needed)
    is_prose = staticmethod(is_prose)

    def classify(self, line: str) -> tuple[str, regex.Match[str]] | None:
        """The shape a stripped line has, with its match, or None for prose and anything unknown.

        Cheap string tests pick the few shapes a line could have before any regex runs: trying
        every shape on every line would cost more than all the other passes together. Results are
        cached: a site's metadata lines (its name, section, locale, publisher block) recur on every
        page, and dedupe-headers and metadata ask about the same head lines. A line too long to be
        metadata is answered before the cache, which would otherwise keep it (a 20 MB one-line page
        stayed in memory for the rest of the run).
        """
        if len(line) > MAX_META_CHARS:
            return None
        return self._classify(line)

    @lru_cache(maxsize=16384)  # noqa: B019 - one Shapes per profile lives as long as the process
    def _classify(self, line: str) -> tuple[str, regex.Match[str]] | None:
        spaces = line.count(" ")
        if spaces >= 11 and ends_sentence(line):
            return None  # a sentence of twelve words or more is article text, whatever it mentions
        for name in self._candidates(line, spaces):
            m = self.patterns[name].fullmatch(line)
            if m is not None:
                return name, m
        return None

    def _candidates(self, line: str, spaces: int) -> list[str]:
        first = line[0]
        word = line.split(None, 1)[0].strip(":|»>-(").lower()
        words = self.first_words
        url = "//" in line or "www." in line
        out = []
        if self.digit.search(line, 0, 60) is not None and _STAMP_DIGITS.search(line) is not None:
            out.append("timestamp")
        if url:
            out += ("image", "link")
        if word in words["related"]:
            out.append("related")
        if first.isdigit():
            out += ("size", "year")
        if len(line) <= 7 and ("_" in line or "-" in line):
            out.append("locale")
        if word in words["byline"] or (len(line) <= 120 and (
                (first.isupper() and ("|" in line or "," in line or " - " in line or "–" in line
                                      or "—" in line))
                or (self.role_hint_ascii.search(line.lower()) if line.isascii()
                    else self.role_hint.search(line)) is not None)):
            out.append("byline")
        if "(" in line or "©" in line or word in words["credit"] or word == "copyright":
            out.append("credit")
        if ":" in line and word in words["tags"]:
            out.append("tags")
        if line.count(",") + line.count(";") >= 2:  # three items or more
            out.append("keywords")
        # an e-mail address, an international number, or ``(555) 123-4567``
        if "@" in line or "+" in line or ("(" in line and ")" in line and "-" in line):
            out.append("publisher")
        if len(line) <= 80:
            out.append("boilerplate")
        if first.isupper() and (" > " in line or " › " in line or " » " in line or " / " in line
                                or " | " in line):
            out.append("breadcrumb")
        if line.islower() or (first.isdigit() and line.lower() == line):
            out.append("tag")
        if first.isupper() and spaces <= 2:
            out.append("section")
        return out


@lru_cache(maxsize=8)
def compile_shapes(profile: Profile) -> Shapes:
    """The shapes of ``profile``, compiled (the ``regex`` ones loaded from the on-disk pattern cache when a
    run before compiled them: parsing them took about a third of a run's start-up)."""
    p = profile
    tz = (r"(?P<tz>(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
          + alternation(p.timezones) + ")")
    month = "(?P<mon>(?i:" + alternation(p.months) + r"))\.?"
    weekday = "(?i:" + alternation(p.weekdays) + r")\.?,?\s+"
    # ``22 de outubro de 2010``, ``3. März 2024``, ``10, January, 2008``, ``1er mars``, ``Nov. 19, 2019``
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|\.)?,?"
    of = r"(?:\s+(?i:de|del|of))?"
    word_date = (
        rf"(?:{day}{of}\s+{month},?{of}\s+(?P<y>\d{{4}})"
        rf"|{month}\s+{day}\s+(?P<y>\d{{4}}))"
    )
    # ``Le 3 mars``, ``El 5 de mayo``, ``Am 3. März``: an article or preposition before the date
    lead_in = r"(?:(?i:le|el|am|il|on|o|a)\s+)?"
    date = f"{lead_in}(?:{weekday})?(?:{ISO_DATE}|{NUM_DATE}|{word_date})"
    # ``at``, ``às``, ``a las``, ``um``, ``alle``, ``à``, a dash, a bar or a parenthesis before the time
    at = r"(?:,|(?i:at|às|as|a\s+las|a\s+la|um|alle|à|kl\.?|klo)|\||-|–|—|\()"
    stamp = (
        rf"(?:{TIME}\s*(?:{tz})?\s*,?\s*(?:on\s+)?)?{date}"
        rf"(?:\s*{at}?\s*{TIME}\)?)?(?:\s*\(?{tz}\)?)?"
    )
    ts_label = "(?i:" + alternation((*p.published_labels, *p.modified_labels)) + ")"
    credit = "(?i:" + alternation(p.credit_labels) + ")"
    related = "(?i:" + alternation(p.related_labels) + ")"
    byline = "(?i:" + alternation(p.byline_labels) + ")"
    tag_label = "(?i:" + alternation(p.tag_labels) + ")"
    kw_label = "(?i:" + alternation(p.keyword_labels) + ")"
    boilerplate = any_of(p.boilerplate)
    roles = "(?i:" + alternation(p.byline_roles) + r")\b"
    role_phrase = rf"(?:[\p{{L}}.&'’-]+\s+){{0,4}}{roles}(?:\s+[\p{{L}}.&'’,-]+){{0,6}}"
    # an outlet after a byline's names: a news agency, ``The …``, or a role (``Associated Press Writer``)
    org = (rf"(?i:{alternation(p.agencies)})\b(?:\s+\p{{L}}+){{0,3}}"
           rf"|The\s+\p{{Lu}}[\p{{L}}&'’.-]*(?:\s+\p{{Lu}}[\p{{L}}&'’.-]*){{0,4}}|{role_phrase}")
    no_url = r"[^\s<>\"]"
    shapes = [
        ("timestamp", rf"(?:(?P<ts_label>{ts_label})\s*(?:on)?\s*[:|-]?\s*)?(?P<ts>{stamp})\.?"
                      # a labelled time with no date (``Updated 12:24 PM ET``): the header's day
                      rf"|(?P<ts_label>{ts_label})\s*(?:at)?\s*[:|-]?\s*{TIME}(?:\s*\(?{tz}\)?)?\.?"),
        ("image", rf"(?:{credit}\s*:?\s*)?(?P<img>(?:https?:)?//{no_url}+?"
                  rf"(?:\.{IMAGE_EXT}(?:[?#]{no_url}*)?|[?&](?:format|fm|ext)={IMAGE_EXT}{no_url}*))"),
        ("link", rf"(?:(?:{related}|(?i:source|url|link))\s*[:|»>-]?\s*)?(?P<url>{URL})"),
        ("related", rf"{related}\s*[:|»>-]\s*(?P<related_body>.{{1,200}})|{related}\s*[:|»>-]?"),
        ("size", r"\d{2,5}(?:\s*[x×]\s*|\s+)\d{2,5}(?:\s+(?:true|false))?"),
        ("locale", r"(?P<lang>[a-z]{2,3})[_-][A-Z]{2}"),
        ("year", r"(?:1[89]|20)\d{2}"),
        ("byline", rf"{byline}\s*:?\s+(?P<names>{NAME}(?:{NAME_JOINER}{NAME})*)"
                   r"(?:\s+(?:in|à|en|aus|в)\s+\p{Lu}[\p{L}-]*(?:\s\p{Lu}[\p{L}-]*)?)?"  # "… in Warsaw"
                   rf"(?:\s*[|,/–—-]\s*(?P<org>{org}|\p{{Lu}}[^|!?]{{0,60}}))?"
                   # "Reporting by A; Editing by B"
                   r"(?:\s*[;,]\s*\p{L}+(?:\s+\p{L}+)?\s+(?i:by)\s+.{1,80})*"
                   # "Jane Doe | Reuters", "A. Name, Associated Press Writer", "MARK SMITH, Deputy Editor"
                   rf"|(?P<names>{NAME2})\s*(?:\||,|–|—|-)\s*(?P<org>{org})"
                   # "Staff writer", "Tribune staff reporter": a byline that names no one
                   rf"|(?!(?i:the)\s)(?P<role>(?:[\p{{L}}.&'’-]+\s+){{0,2}}{roles})"),
        ("credit", rf"\(?{credit}\s*(?:by)?\s*[:|/]\s*.{{1,150}}"
                   rf"|\({credit}\s*(?:by)?\s+[^)]{{1,150}}\)"
                   r"|(?:©|\((?i:c)\)|(?i:copyright))\s*.{1,120}"
                   # a photo caption that ends in its credit: "An agent waits … (Photo by X/Getty Images)"
                   rf"|[^()]{{0,250}}\({credit}\s*(?:by)?\s*:?\s+[^()]{{1,100}}\)"),
        ("tags", rf"{tag_label}\s*:\s*(?P<tag_list>{ITEM}(?:\s*[,;|]\s*{ITEM})*)"),
        ("keywords", rf"(?!.*\.$)(?:{kw_label}\s*:\s*)?(?P<kw>{ITEM}(?:\s*[,;]\s*{ITEM}){{2,}})"),
        # no sentence boundary inside: a publisher block is a run of names and contacts, not prose
        ("publisher", rf"(?!.*[.!?][\"”]?\s+\p{{Lu}}\p{{Ll}})(?P<pub_name>[^@\d+]{{0,80}}?)[\s,|:-]*"
                      rf"(?:(?P<pub_email>{EMAIL})[\s,|]*(?P<pub_phone>{PHONE})?|(?P<pub_phone2>{PHONE}))"
                      r"(?P<pub_rest>[^@]{0,120})"),
        ("boilerplate", rf"(?i:{boilerplate})[.!:]?"),
        # "Home > World > Europe", "News | Politics": short capitalised crumbs and a separator
        ("breadcrumb", r"(?P<crumbs>\p{Lu}[\p{L}'’&-]*(?:[ \t]\p{L}[\p{L}'’&-]*){0,2}"
                       r"(?:\s+[>›»/|]\s+\p{Lu}[\p{L}'’&-]*(?:[ \t]\p{L}[\p{L}'’&-]*){0,2}){1,4})"),
        # a tag has a letter: a bare number is an image's width or a count, not a topic
        ("tag", r"(?!(?:true|false|null)$)(?=.*\p{Ll})"
                r"[\p{Ll}\d][\p{Ll}\d&'’.#-]*(?:[ \t][\p{Ll}\d&'’#-]+){0,4}"),
        ("section", r"\p{Lu}[\p{L}'’-]*(?:[ \t](?:&|and|\p{Lu}[\p{L}'’-]*)){0,2}"),
    ]

    # `regex`'s \s is White_Space: in ASCII, tab to carriage return and the space (not \x1c-\x1f)
    roles_ascii = "|".join(re.escape(w.lower()).replace(r"\ ", r"[\t\n\x0b\x0c\r ]+")
                           for w in sorted(set(p.byline_roles), key=_longest_first))
    roles_ascii = f"(?:{roles_ascii})\\b" if roles_ascii else "(?!)"

    def firsts(*labels: str) -> frozenset[str]:
        return frozenset(label.split()[0] for label in labels if label.split())

    return Shapes(
        patterns={name: compile_cached(pattern) for name, pattern in shapes},
        header=compile_cached(rf"\s*(?:date\s+)?(?P<date>\d{{4}}-\d{{2}}-\d{{2}})\s+(?P<url>{URL})\s*"
                              rf"|\s*(?P<url2>{URL})\s+(?:date\s+)?(?P<date2>\d{{4}}-\d{{2}}-\d{{2}})\s*"),
        list_sep=compile_cached(r"\s*[,;|]\s*"),
        crumb_sep=compile_cached(r"\s+[>›»/|]\s+"),
        digit=re.compile(r"\d"),  # plain `re` where no Unicode property is needed: less per call
        drop={d: compile_cached(any_of(s.drop)) for d, s in p.sites.items() if s.drop},
        role_hint=compile_cached(roles),
        role_hint_ascii=re.compile(roles_ascii),
        first_words={
            "related": firsts(*p.related_labels),
            "byline": firsts(*p.byline_labels),
            "credit": firsts(*p.credit_labels),
            "tags": firsts(*p.tag_labels),
        },
    )
