"""Line shapes: what a timestamp line, a tag, a leaked JSON-LD field or a byline *looks like*.

One alternation of named groups is compiled per profile and matched once per line
(``classify``), so a document costs one regex call per line rather than one per rule.
The order of the alternatives is the order of precedence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from .profile import Profile

#: A line longer than this is never metadata: the longest shape (a publisher block) is shorter.
MAX_META_CHARS = 300

URL = r"(?:https?://|www\.)[^\s<>\"]+"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PHONE = r"(?:\+\d[\d\s().-]{6,18}\d|\(\d{3}\)\s?\d{3}-\d{4})"
IMAGE_EXT = r"(?i:jpe?g|png|gif|webp|avif|bmp|svg|tiff?|heic)"
NAME = r"\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:de|da|van|von|der|al|bin|el|la|le)\s+)?\p{Lu}[\p{L}'’.-]*){0,3}"
WORD = r"[\p{L}\d&'’#-]+(?:\.[\p{L}\d&'’#-]*)*"  # dots inside a word: "E.M.", "U.S."
ITEM = rf"{WORD}(?:[ \t]{WORD}){{0,3}}"
TIME = r"\d{1,2}(?::\d{2}){1,2}(?:\s*(?i:[ap]\.?m\.?))?"
ISO_DATE = (
    r"\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?"
)
NUM_DATE = r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}/\d{1,2}/\d{1,2})"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces matching any spacing."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in parts) or r"(?!)"


@dataclass(frozen=True, slots=True)
class Shapes:
    """The compiled shapes of one profile."""

    line: regex.Pattern[str]
    glue: regex.Pattern[str]
    header: regex.Pattern[str]
    email: regex.Pattern[str]
    phone: regex.Pattern[str]
    list_sep: regex.Pattern[str]
    space: regex.Pattern[str]
    sentence_end: regex.Pattern[str]
    drop: dict[str, regex.Pattern[str]]

    def classify(self, line: str) -> tuple[str, regex.Match[str]] | None:
        """The shape a stripped line has, with its match, or None for prose and anything unknown."""
        if len(line) > MAX_META_CHARS:
            return None
        m = self.line.fullmatch(line)
        if m is None:
            return None
        return m.lastgroup or "", m  # type: ignore[return-value]


@lru_cache(maxsize=8)
def compile_shapes(profile: Profile) -> Shapes:
    p = profile
    tz = r"(?:(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|" + alternation(p.timezones) + ")"
    month = "(?i:" + alternation(p.months) + r")\.?"
    weekday = "(?i:" + alternation(p.weekdays) + r")\.?,?\s+"
    word_date = (
        rf"(?:{weekday})?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{month},?\s+\d{{4}}"
        rf"|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    )
    date = f"(?:{ISO_DATE}|{NUM_DATE}|{word_date})"
    stamp = (
        rf"(?:{TIME}\s*(?:{tz})?\s*,?\s*(?:on\s+)?)?{date}"
        rf"(?:\s*(?:,|at|\||-|–|—)?\s*{TIME})?(?:\s*\(?{tz}\)?)?"
    )
    ts_labels = alternation((*p.published_labels, *p.modified_labels))
    shapes = [
        ("timestamp", rf"(?=[^\d]{{0,40}}\d)(?:(?P<ts_label>(?i:{ts_labels}))\s*(?:on)?\s*[:|-]?\s*)?(?P<ts>{stamp})\.?"),
        ("image", rf"(?=.{{0,40}}//)(?:(?i:{alternation(p.credit_labels)})\s*:?\s*)?(?P<img>(?:https?:)?//[^\s<>\"]+?"
                  rf"(?:\.{IMAGE_EXT}(?:[?#][^\s<>\"]*)?|[?&](?:format|fm|ext)={IMAGE_EXT}[^\s<>\"]*))"),
        ("link", rf"(?=.{{0,40}}(?:://|www\.))(?:(?i:{alternation(p.related_labels)}|source|url|link)\s*[:|»>-]?\s*)?(?P<url>{URL})"),
        ("related", rf"(?i:{alternation(p.related_labels)})\s*[:|»>-]\s*(?P<related_body>.{{1,200}})|(?i:{alternation(p.related_labels)})\s*[:|»>-]?"),
        ("size", r"(?=\d)\d{2,5}\s*[x×]?\s*\d{2,5}(?:\s+(?:true|false))?"),
        ("locale", r"(?=[a-z]{2,3}[_-])(?P<lang>[a-z]{2,3})[_-][A-Z]{2}"),
        ("year", r"(?=\d{4}$)(?:1[89]|20)\d{2}"),
        ("byline", rf"(?=\S{{1,12}}(?:\s\S{{1,8}})?:?\s+\p{{Lu}})(?i:{alternation(p.byline_labels)})\s*:?\s+(?P<names>{NAME}(?:\s*(?:,|and|&|und|et|и)\s*{NAME})*)"
                   rf"(?:\s*[|,/–—-]\s*(?P<org>\p{{Lu}}[^|.!?]{{0,40}}))?"),
        ("credit", rf"\(?(?i:{alternation(p.credit_labels)})\s*(?:by)?\s*[:|/]\s*.{{1,150}}"
                   rf"|\((?i:{alternation(p.credit_labels)})\s*(?:by)?\s+[^)]{{1,150}}\)"
                   r"|(?:©|\((?i:c)\)|(?i:copyright))\s*.{1,120}"
                   # a photo caption that ends in its credit: "An agent waits … (Photo by X/Getty Images)"
                   rf"|[^()]{{0,250}}\((?i:{alternation(p.credit_labels)})\s*(?:by)?\s*:?\s+[^()]{{1,100}}\)"),
        ("tags", rf"(?=[^:\n]{{1,20}}:)(?i:{alternation(p.tag_labels)})\s*:\s*(?P<tag_list>{ITEM}(?:\s*[,;|]\s*{ITEM})*)"),
        ("keywords", rf"(?=[^,;\n]{{1,60}}[,;])(?!.*\.$)(?:(?i:{alternation(p.keyword_labels)})\s*:\s*)?(?P<kw>{ITEM}(?:\s*[,;]\s*{ITEM}){{2,}})"),
        ("publisher", rf"(?=[^@+(]{{0,100}}[@+(])(?!.*[.!?][\"”]?\s+\p{{Lu}}\p{{Ll}})(?P<pub_name>[^@\d+]{{0,80}}?)[\s,|:-]*"
                      rf"(?:(?P<pub_email>{EMAIL})[\s,|]*(?P<pub_phone>{PHONE})?|(?P<pub_phone2>{PHONE}))"
                      r"(?P<pub_rest>[^@]{0,120})"),
        ("boilerplate", r"(?i:" + "|".join(f"(?:{b})" for b in p.boilerplate) + r")[.!:]?"
                        if p.boilerplate else r"(?!)"),
        ("tag", r"[\p{Ll}\d][\p{Ll}\d&'’.#-]*(?:[ \t][\p{Ll}\d&'’#-]+){0,4}"),
        ("section", r"\p{Lu}[\p{L}'’-]*(?:[ \t](?:&|and|\p{Lu}[\p{L}'’-]*)){0,2}"),
    ]
    line = "|".join(f"(?P<{name}>{pattern})" for name, pattern in shapes)
    return Shapes(
        line=regex.compile(line, regex.V0),
        # a sentence end glued to the next sentence: "said.The", "halted.In", "percent.\"We"
        glue=regex.compile(r"(?<=[\p{Ll}\d%)\]\"”’»])[.!?](?=[\"“”«„]?\p{Lu}(?:\p{Ll}|[\s'’]))"),
        header=regex.compile(rf"\s*(?:date\s+)?(?P<date>\d{{4}}-\d{{2}}-\d{{2}})\s+(?P<url>{URL})\s*"
                             rf"|\s*(?P<url2>{URL})\s+(?:date\s+)?(?P<date2>\d{{4}}-\d{{2}}-\d{{2}})\s*"),
        email=regex.compile(EMAIL),
        phone=regex.compile(PHONE),
        list_sep=regex.compile(r"\s*[,;|]\s*"),
        space=regex.compile(r"\s+"),
        sentence_end=regex.compile(r"[.!?…][\"”’»)]*$"),
        drop={d: regex.compile("|".join(f"(?:{x})" for x in s.drop)) for d, s in p.sites.items() if s.drop},
    )
