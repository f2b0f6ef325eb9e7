"""Sentence-level quote attribution: direct, mixed and indirect speech.

Why rules and not a model: the frames of news attribution are few and
formulaic (``"…," he said``, ``X said that …``, ``according to X``), a rule can
be read and fixed, and it runs at tens of thousands of sentences per second.

Pipeline for one article:

1. pair quotation marks (:mod:`.marks`) and find every cue word with one scan;
2. cut the text into units: sentences, but never inside a quotation, so a
   multi-sentence quote and its ``he said`` stay together;
3. per unit, most specific frame first:

   * a unit that is nothing but a quote -> direct, credited to the speaker of
     the statement it continues (``"…," he said. "…"``, a colon introduction,
     the next paragraph of a long quote), else speaker None;
   * ``"…," SPEAKER CUE`` / ``CUE SPEAKER`` after a quote that opens a clause
     -> direct (later quotes joined by ``, "…"`` continue it; ``…, adding that …``
     after the frame is reported speech of the same speaker);
   * a quote opening the unit, closed by a comma or followed by one or a dash,
     then a short tail, with no known cue (``«…», — заявил … Андрей Воронцов.``)
     -> direct in any language; the speaker is a name in the tail, if any;
   * ``SPEAKER CUE[,:] "…"`` with the quote running to the end -> direct;
   * reported speech ``SPEAKER CUE (that) …``, ``…, SPEAKER CUE``,
     ``…, CUE SPEAKER``, ``according to SPEAKER, …``, ``…, adding that …``,
     ``…, and called it …`` -> mixed when the content holds quoted words,
     indirect otherwise;
   * last resort for a unit with quoted words: ``SUBJECT VERBed … "…"`` ->
     mixed, the verb as cue (``Jane Doe declared "What a night!"``);

   Words before a quote that belong to the statement make it mixed: a leading
   phrase that does not set the scene (``But when it comes to X, "…," he
   said``), a quote that continues the sentence (``No change, he said,
   "hides it"``).  A title in quotation marks (``told ABC's "Good Morning
   America"``) is never a direct quote;

4. speakers are resolved against earlier mentions (:mod:`.speakers`).

Every pattern is anchored on a cue word or a quotation mark and bounded in
length, and per-unit work uses bisection, so the pass is linear in the input
(1 MB without a newline or 100k quote marks finish in about a second).
Patterns are compiled on first use (:class:`.cues.LazyPattern`): importing the
package costs no compilation; :func:`.cues.compile_all` compiles them up front.
"""

from __future__ import annotations

import bisect
import itertools
from functools import lru_cache
from typing import Any

import regex

from .cues import (
    INDIRECT_VERB,
    INDIRECT_VERBS,
    INVERTING_VERB,
    MODIFIER,
    MODIFIER_R,
    PREP_CUE,
    PREP_CUE_R,
    SPEECH_VERB,
    SPEECH_VERB_FORMS,
    SPEECH_VERB_R,
    TELL,
    TELL_OBJECT,
    alternation,
    lazy,
    lazy_re,
)
from .marks import QuoteSpan, find_quote_spans
from .profile_words import NO_WORDS, QuoteWords, tail_pronoun
from .speakers import (
    CAP,
    COMMON_NP,
    DETERMINERS,
    NAME,
    NAME_R,
    PRONOUN,
    SHARE,
    SPEAKER,
    SPEAKER_NOUNS,
    SPEAKER_R,
    MentionIndex,
    drop_final_period,
    person_gender,
    pronoun_gender,
    split_title,
    strip_org_words,
)

# Abbreviations whose period does not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset((
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen", "Lt", "Col", "Capt", "Maj",
    "Sgt", "Adm", "Rev", "Prof", "St", "Jr", "Sr", "Inc", "Co", "Corp", "Ltd", "No", "Nos", "vs",
    "etc", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Mt", "Ft", "Ave",
    "Blvd", "Dept", "Univ", "Assn", "Bros", "Cmdr", "Gens", "Hon", "Pres", "Supt", "Atty", "Sec",
    "Calif", "Fla", "Mass", "Penn", "Ariz", "Wash", "Va", "Ga", "Ill", "Mich", "Minn", "Conn", "Tenn",
    "Ky", "La", "Md", "Mo", "Nev", "Okla", "Ore", "Wis", "Ala", "Ark", "Colo", "Del", "Ind", "Kan",
    "Neb", "Vt", "Wyo", "Miss", "approx",
))
# Sentence ends: the spaces after `.!?` (the mark matched, then dropped by \K, which is
# several times faster than a lookbehind tried at every position), or a line break (the
# spaces before it are given back to the boundary in ``_units``).
_BOUNDARY_RE = lazy(r"[.!?…][\"”’'»)\]]{0,3}\K[ \t\u00a0]+(?=[\"“‘'«„(\[\p{Lu}\d])|\n\s*")
# Words that open a trailing phrase of a frame (`Trump said in a statement, "…"`).
_FRAME_PREP = alternation((
    "in", "on", "at", "to", "during", "after", "before", "with", "of", "about", "from", "for",
    "via", "through", "while", "when", "as", "last", "this", "earlier", "later", "again", "then",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "his", "her",
    "their", "the", "a", "an", "reporters", "supporters",
))
# Sentence openers that belong to the reported statement (`In other words, he said, "…"`),
# which makes a quote introduced after them part of a mixed statement.
DISCOURSE_MARKERS: tuple[str, ...] = (
    "In other words", "Instead", "Of course", "Still", "Indeed", "Yet", "But", "And", "Now",
    "However", "Even so", "Otherwise", "Ultimately", "In fact", "Moreover", "Besides", "Meanwhile",
)
_DISCOURSE_RE = lazy(rf"{alternation(DISCOURSE_MARKERS)},")
def _discourse(text: str, pos: int) -> bool:
    """True when a discourse marker opens the unit at ``pos``.  The match is bounded: ``regex``
    first looks for the pattern's required `,` in the rest of the text, so an unbounded match
    on a text without commas costs a scan to its end at every call (quadratic)."""
    return _DISCOURSE_RE.match(text, pos, min(len(text), pos + 40)) is not None


# A quote opens a clause when it follows `,` `:` `;` a dash or a bracket.
_CLAUSE_START_RE = lazy(r"(?r)[,:;—–―(\[-]\s*\Z")
# What may join a continuation quote to its frame: `, "…"`, `. "…"`, or a short phrase ending in `,`/`:`.
_JOIN_RE = lazy(r"\G(?:[\s,.;:—–―-]*|[^\"“”«»„\n]{0,60}[,:]\s*)\Z")
_CLOSING_MARKS = frozenset("\"”»'")
_HAS_WORD_RE = lazy(r"[\p{L}\p{N}]")
# An appositive between speaker and cue: `Rendell, a Clinton supporter, said`, `X -- who … -- said`.
# A party label in parentheses is common too: `Sen. Marco Rubio (R-Fla.) said`.
_FRAME_GAP = (r"(?:\s*\([^()\"“”\n]{1,40}\))?"
              r"(?:\s*(?:,|--|—|–)(?:[^,\"“”«»„\n—–―]{1,12},)?[^,\"“”«»„\n—–―]{1,90}(?:,|--|—|–))?")
_OBJ = rf"(?:(?<={TELL})\s+(?P<obj>{TELL_OBJECT}))?"
# Any short determiner phrase can speak when a quote and a speech verb frame it
# ("a young boy shouted, "…""); it does not run across a clause (`a reduced connection and that
# international calls …`).
_CLAUSE_JOINT = r"(?!(?:and|or|but|that|which|who|because|when|while|if|said|says|told|noted|added|wrote)\s)"
# Its last word is its head noun: not a function word (`the financial help of`, `a blood clot
# was`, `the many`) nor a possessive (`the president's claims`: a noun, not a frame).
_NOT_HEAD = (r"(?!(?:of|to|for|in|on|at|by|with|from|about|as|is|was|are|were|be|been|has|have|had|"
             r"the|a|an|many|much|more|most|its|his|her|their)(?![\p{L}'’-]))")
_ANY_NP = (r"(?:(?:the|a|an|one|another|some|The|A|An|One|Another|Some)\s+"
           rf"(?:{_CLAUSE_JOINT}[\p{{L}}\p{{N}}&'’-]+\s+){{0,4}}{_NOT_HEAD}[\p{{L}}'’-]+(?<!['’]s))")
# "chief executive Lowell McAdam", "CIA spokesman Ryan Trapani"
_DESCRIBED_NAME = rf"(?:(?:the\s+)?(?:[\p{{L}}][\p{{L}}'’.-]*\s+){{1,5}}{NAME})"
# "Ms. Merkel's spokesman", "the campaign's top strategist"
_POSSESSIVE_NP = rf"(?:(?:the\s+)?{NAME}['’]s\s+(?:[\p{{Ll}}-]+\s+){{0,2}}[\p{{Ll}}-]+)"
# (Before its verb, the shortest phrase: `"…," the mayor said, adding …` is not said by `the
# mayor said`.)
_ANY_NP_SHORT = _ANY_NP.replace("{0,4}", "{0,4}?")
_DIRECT_SPK = rf"(?P<spk>{SPEAKER}|{_DESCRIBED_NAME}|{_POSSESSIVE_NP}|{_ANY_NP_SHORT})"
_DESCRIBED_NAME_R = rf"(?:(?:the\s+)?(?:[\p{{L}}][\p{{L}}'’.-]*\s+){{1,5}}{NAME_R})"
_POSSESSIVE_NP_R = rf"(?:(?:the\s+)?{NAME_R}['’]s\s+(?:[\p{{Ll}}-]+\s+){{0,2}}[\p{{Ll}}-]+)"
_DIRECT_SPK_R = rf"(?P<spk>{SPEAKER_R}|{_DESCRIBED_NAME_R}|{_POSSESSIVE_NP_R}|{_ANY_NP})"

# 1. After a quote that opens the unit: `," he said` / `," said Geoff Garin` / `," according to X`.
_POST_QUOTE_RE = lazy(
    rf"""\G[\s,;—–―-]*(?:
        {_DIRECT_SPK}{_FRAME_GAP},?\s+{MODIFIER}(?P<cue>{SPEECH_VERB}){_OBJ}
      | (?P<cue2>{SPEECH_VERB})\s+(?P<spk2>{NAME}|{_DESCRIBED_NAME}|{SPEAKER}|{_ANY_NP})
      | (?P<cue3>{PREP_CUE})\s+(?P<spk3>{SPEAKER})
    )(?![\p{{L}}])""",
    regex.X,
)
# 2. Before a quote that ends the unit: `He said: "` / `Mr. Garin added, ''`.
# Matched around the last speech verb before the quote: the verb and what
# follows it forwards, the speaker backwards (two anchored matches are much
# cheaper than one reverse match with all alternatives).
_PRE_CUE_REST_RE = lazy(
    rf"""\G(?P<cue>{SPEECH_VERB}){_OBJ}(?:\s+\p{{Ll}}{{2,}}ly)?
        (?:\s+(?:{_FRAME_PREP})\s[^"“”«»„:,.;\n]{{0,50}}?(?=\s*[,:—–―]))?
        \s*[,:—–―-]?\s*\Z""",
    regex.X,
)
_PRE_SPK_RE = lazy(rf"(?r)(?:^|\G|(?<=[\s(])){_DIRECT_SPK_R}{_FRAME_GAP}\s+{MODIFIER_R}\Z")
# Frames without a speech verb: `according to X, "`, `Trump on Twitter: "`, `Said Comey, "`.
_PRE_OTHER_RE = lazy(
    rf"""(?r)(?:^|\G|(?<=[\s(]))(?:
        (?P<cue3>{PREP_CUE_R})\s+(?P<spk3>{SPEAKER_R})
      | (?P<cue5>Said|Says|Added|Asked|Wrote|Writes|Adds|Asks)\s+
          (?P<spk5>{SPEAKER_R}|{_DESCRIBED_NAME_R})(?=\s*[,:])
      | (?P<spk4>{NAME_R})
          (?:\s+(?:on|in)\s+(?:Twitter|Facebook|Instagram|a\s+statement|an\s+interview))?(?=\s*:)
    )\s*[,:—–―-]?\s*\Z""",
    regex.X,
)
# Any past-tense verb with a `that` clause reports a statement or a belief (`Mr. Obama
# learned that …`, `the report concluded that …`); a noun before `that` opens a relative clause.
# (`-s that` is left out: it is a plural noun as often as a verb, `the claims that …`.)
_THAT_VERB = r"\p{Ll}{3,}ed(?=\sthat\s)"
_WORD_BEFORE_RE = lazy_re(r"(?<![A-Za-z])[a-z]{3,}ed\Z")


def _that_verbs(text: str) -> list[int]:
    """Offsets of the `…ed` words before ` that ` (found from `that`: a scan of every word for the
    suffix took 3% of the extraction time)."""
    found = []
    pos = text.find(" that ")
    while pos != -1:
        m = _WORD_BEFORE_RE.search(text, max(0, pos - 30), pos)
        if m is not None:
            found.append(m.start())
        pos = text.find(" that ", pos + 5)
    return found

# Cue words are found by one scan of the whole article; frames are then matched
# only around them.  This is a pure literal-word scan, which the standard
# library engine runs several times faster than ``regex`` (measured 15 ms vs
# 60 ms on PolNeAR dev), and it needs none of ``regex``'s features.
_CUE_HIT_RE = lazy_re(
    r"\b" + alternation(sorted({*INDIRECT_VERBS, *SPEECH_VERB_FORMS, "according to", "According to"}))
    + r"\b(?!-)"
)
_INDIRECT_SET = frozenset({*INDIRECT_VERBS, "according to", "According to"})
# 3a. Reported speech with the speaker first: `Gerasimov reported to Putin that …`,
# matched in two anchored halves around a cue word: the speaker backwards
# (reverse regex) from the cue, the rest forwards.
# Words opening an adverbial between a cue and `that` (`said earlier on Friday that …`).
_SAY_ADVERBIAL = alternation((
    "on", "in", "at", "during", "last", "this", "after", "earlier", "later", "again", "repeatedly",
    "publicly", "privately", "yesterday", "today", "tonight", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday",
))
_SPK_BEFORE_RE = lazy(
    rf"(?r)(?:^|(?<=[\s(]))(?P<spk>{SHARE}|{SPEAKER_R}){_FRAME_GAP},?\s+{MODIFIER_R}\Z"
)
# `Viliami Tupou, chief executive of Moana Cable Ltd, told …`: the name before an apposition.
_APPOSED_SPK_RE = lazy(
    rf"(?r)(?:^|(?<=[\s(]))(?P<spk>{NAME_R}),\s+(?:the\s|an?\s|\p{{Ll}})(?:[^,\"“”«»„\n]|(?<=\d),(?=\d)){{1,120}},\s+{MODIFIER_R}\Z"
)


def _apposed(text: str, us: int, h: int) -> regex.Match[str] | None:
    """`NAME, apposition, CUE` ending at ``h`` (two commas first: a string count is cheap)."""
    lo = max(us, h - 200)
    return _APPOSED_SPK_RE.match(text, lo, h) if text.count(",", lo, h) >= 2 else None


_SAY_REST_RE = lazy(
    rf"""\G(?P<cue>{INDIRECT_VERB}|{SPEECH_VERB}(?=\sthat\s)|{_THAT_VERB}){_OBJ}
        (?:\s+to\s+{NAME})?
        (?:\s+(?:on|in|at|during|last|this|after)\s+[^,"“”\n]{{1,40}}?,
          |(?=\s[^,"“”\n]{{1,60}}?\sthat\s)\s+(?:{_SAY_ADVERBIAL})[^,"“”\n]{{0,60}}?(?=\sthat\s))?
        \s*[,:]?\s+(?=[\p{{L}}\p{{N}}"“«„'‘])""",
    regex.X,
)
# 3b. Reported speech with the frame last: `…, the ministry said.` / `…, said Garin, an aide.`
# Anchored on a cue hit: the cue and a short tail must reach the end of the unit.
_TAIL_CUE_RE = lazy(
    rf"\G(?P<cue>{SPEECH_VERB}|{INDIRECT_VERB}){_OBJ}(?![\p{{L}}])[^\"“”«»„\n]{{0,60}}\Z"
)
# Not when an adverbial follows the cue or `that` comes soon after (`X, an apposition, said on
# Thursday that …` / `told Reuters that …`: the speaker is before the cue).
_TAIL_INVERTED_RE = lazy(
    rf"""\G(?:
        (?P<cue2>{INVERTING_VERB})\s+(?!(?:{_SAY_ADVERBIAL})\s)
          (?P<spk2>{NAME}|{_DESCRIBED_NAME}|{COMMON_NP}|(?:he|she)(?=\s*[.,;]))
      | (?P<cue3>{PREP_CUE})\s+(?P<spk3>{SPEAKER})
    )(?![\p{{L}}])(?![^"“”«»„\n]{{0,60}}?\sthat\s)[^"“”«»„\n]{{0,160}}\Z""",
    regex.X,
)
_TAIL_SEP = r"(?:[,—–―]|(?<=[,!?—])[\"”»'])"  # `…, X said` or `…," X said`
_TAIL_SPK_RE = lazy(rf"(?r){_TAIL_SEP}\s+(?P<spk>{SPEAKER_R}),?{_FRAME_GAP}\s+{MODIFIER_R}\Z")
# `…, the central bank said in a statement.`: any noun phrase led by a determiner, between the
# comma and a cue that (nearly) ends the sentence, is the speaker; not `In a statement, the
# senator dismissed Obama's actions …`, whose cue has a long object.
_TAIL_NP_RE = lazy(
    rf"(?r){_TAIL_SEP}\s+(?P<spk>(?:the|a|an|its|his|her|their|The)\s+[\p{{L}}'’-]+(?:\s+[\p{{L}}'’-]+){{0,3}})"
    rf",?\s+{MODIFIER_R}\Z"
)
_TAIL_NP_REST = 40
# `…," he said, adding of Mr. Trump, "…"`: a cue between two quotes of one statement.
_JOIN_CUE_RE = lazy(rf"""\G[\s,;—–―-]*(?:(?:at|in|on|during|after)\s[^,"“”«»„\n]{{1,50}}?,?\s+)?
    (?:(?:and|before|then|and\s+then)\s+)?(?P<cue>{SPEECH_VERB})
    (?:\s+(?:of|about|to)\s+[^,"“”«»„\n]{{1,40}})?\s*[,:]?\s*\Z""", regex.X)
_TAIL_COMMA_RE = lazy(rf"(?r){_TAIL_SEP}\s+\Z")
# `… and said, "…"` / `…, saying: "…"`: a cue right before the quote, subject elsewhere.
_BARE_CUE_RE = lazy(rf"(?r)(?<=\s)(?P<cue>{SPEECH_VERB_R})\s*[,:]\s*\Z")
# `…, adding that …`: a participle cue whose speaker is the subject of the unit.
_PARTICIPLE_RE = lazy(
    r"(?r)(?:,[\"”'’]?\s+(?:(?:even|also|then|later|again|while|before|after|by)\s+)?|\s(?:by|while)\s+)\Z")
# `X complained … and vowed to …`, `… but has said …`, `…, yet refuses to …`: the same subject.
_COORDINATED_RE = lazy(rf"(?r)(?:[,;]?\s+(?:and|but)|,\s+yet)\s+{MODIFIER_R}\Z")
# `The New York Times reported:` (a name never starts with an article, a subject may).
_THE_NAME_RE = lazy(rf"\G[Tt]he\s+(?P<spk>{NAME})(?![\p{{L}}])")
_SUBJECT_RE = lazy(
    rf"\G(?:(?:But|And|Yet|So|Still|Meanwhile|However|Later|Earlier|Then),?\s+)?(?P<spk>{SPEAKER})(?![\p{{L}}])"
)
# 3c. `According to X, …`.
_ACCORDING_RE = lazy(rf"\G(?P<cue3>[Aa]ccording\s+to)\s+(?P<spk3>{SPEAKER})[^,\n]{{0,80}}?,\s+")
# A trailing descriptor before a name-last frame: `…, the deputy head of X, Lt. Gen. Y, told Z`.
_DESCRIPTOR_RE = lazy(r",\s+(?:the|a|an|former|its|his|her)\s[^,\"“”\n]{1,120}\Z")
_TRIM_CHARS = " \t\n\r,;:—–―-"
_PRONOUN_RE = lazy(rf"\A{PRONOUN}\Z")
_FULL_NAME_RE = lazy(rf"{NAME}\Z")
# How far back (characters) a he/she may refer to the last named speaker.
PRONOUN_SPEAKER_WINDOW = 800
_ARTICLES = frozenset({"the", "a", "an"})
_ARTICLES_CAP = frozenset({"The", "A", "An"})
_RELATIVES = frozenset({"which", "that", "who", "whom"})
_ANTECEDENT_RE = lazy(rf"(?r)(?<=\s|^)(?P<name>{NAME_R}),\s+\Z")
# Words a speaker match may start with that belong to the sentence, not the speaker (an article does).
_LEADING_FILLERS = _RELATIVES | frozenset({
    "But", "And", "Or", "So", "Yet", "Still", "However", "Meanwhile", "Then", "Now", "Also", "Instead",
    "Indeed", "Earlier", "Later", "While", "When", "As", "After", "Before", "Since", "Because", "If",
})
# `Officials in Nuku'alofa said`, `A spokesperson for the Corps' New York District said`: the
# name belongs to a phrase whose head comes first.
_LOCATIVE_HEAD_RE = lazy(
    rf"""(?r)(?:^|(?<=\s))(?P<np>
        (?:(?:{alternation(DETERMINERS, reverse=True)})\s+)?
        (?:\p{{L}}+s|{alternation(SPEAKER_NOUNS, reverse=True)})\s+(?:in|at|from|for|of)\s+
        (?:the\s+)?(?:\p{{Lu}}[\p{{L}}.-]*['’]s?\s+)?
    )\Z""",
    regex.X,
)
# `the Ministry of Communications said`: an institution's name; only for a short name after `of`,
# since `Chief of the General Staff Valery Gerasimov` is a title before a person.
_OF_HEAD_RE = lazy(
    r"(?r)(?:^|(?<=\s))(?P<np>(?:(?:the|The)\s+)?(?:\p{Lu}[\p{L}.-]*\s+){1,4}of\s+(?:the\s+)?)\Z")
_TRAILING_NAME_RE = lazy(rf"(?<=\s)(?:{NAME})\Z")


# A phrase before a quote that sets the scene rather than belonging to the statement
# (`On Monday, "…," he said`); any other leading phrase (`But when it comes to Carrier,
# "…," he said`) is part of the statement, which is then mixed.
_LEAD_FRAME_RE = lazy(
    r"\G\W*(?:Speaking|Asked|Later|Earlier|At|During|On|Last|This|After|Before"
    r"|In\s+an?\s+(?:interview|statement|speech)|In\s+(?:a\s+)?(?:\p{Lu}|\d))\b"
)


_TOPIC_LEAD_RE = lazy(r"\G\W*(?:Of|As\s+for|About|On\s+the\s+(?:topic|subject|issue|question)\s+of)\s")


# `No name change, he said, "hides what it really is."`: a quote that continues the sentence.
_LOWER_START_RE = lazy(r"\G[^\p{L}\n]{0,3}\p{Ll}")


class _Context:
    """Speaker of the last attributed quote, for continuation paragraphs."""

    __slots__ = ("cue", "kind", "speaker", "speaker_full", "speaker_title")

    def __init__(self, speaker: str | None, full: str | None, title: str | None, cue: str | None,
                 kind: str = "direct") -> None:
        self.speaker, self.speaker_full, self.speaker_title, self.cue = speaker, full, title, cue
        # A continuation of a partly quoted statement is part of that (mixed) statement.
        self.kind = kind


def _near(positions: list[int], lo: int, hi: int) -> bool:
    """True when some position lies in [lo, hi)."""
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def _units(text: str, quotes: list[QuoteSpan], speech: list[int],
           abbreviations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Sentence-like units, never split inside a quotation nor after an abbreviation (the built-in
    English ones, or the profile's, lower-cased: `тыс.`)."""
    units: list[tuple[int, int]] = []
    opens = [q.open_start for q in quotes]
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        pos = m.start()
        if text[pos] == "\n":
            while pos > start and text[pos - 1] in " \t":
                pos -= 1
        i = bisect.bisect_left(opens, pos) - 1
        if i >= 0 and quotes[i].close_end > pos:
            continue  # inside a quotation
        if text[pos] != "\n":
            if text[pos - 1] in _CLOSING_MARKS and _near(speech, pos, pos + 160) and \
                    _POST_QUOTE_RE.match(text, pos, min(len(text), pos + 300)):
                continue  # `"Why?" Trump asked.`: the frame belongs to the quote
            j = text.rfind(" ", max(0, pos - 30), pos)
            word = text[j + 1: pos].rstrip("\"”’'»)]").rstrip(".!?…")
            if word in ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word or \
                    (abbreviations and word.lower() in abbreviations):
                continue
        if pos > start:
            units.append((start, pos))
        start = m.end()
    if start < len(text):
        units.append((start, len(text)))
    return units


def _trim(text: str, start: int, end: int, strip_period: bool = True) -> tuple[int, int]:
    """Shrink a span past surrounding spaces and separators (and a final period)."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and (text[end - 1] in _TRIM_CHARS or (strip_period and text[end - 1] in ".")):
        end -= 1
    # A content cut where the next frame begins may end in its conjunction (`…, but` Republicans
    # said …).
    m = _DANGLING_RE.search(text, start, end)
    if m:
        end = m.start()
        while end > start and text[end - 1] in _TRIM_CHARS:
            end -= 1
    return start, end


_DANGLING_RE = lazy_re(r"[\s,;]\b(?:and|but|or|yet|so|while|whereas|although|though)\Z")


def _group(m: regex.Match[str], *names: str) -> tuple[str | None, int]:
    """First non-empty group among ``names``, with its start offset."""
    groups = m.groupdict()
    for name in names:
        if groups.get(name):
            return groups[name], m.start(name)
    return None, -1


class _Extractor:
    """Holds per-document state (mention index, continuation context)."""

    def __init__(self, text: str, words: QuoteWords = NO_WORDS) -> None:
        self.text = text
        self.words = words
        self._mentions: MentionIndex | None = None
        self._parsed: dict[str, tuple[str, str, int]] = {}
        # (offset, full name, title, gender) of the last named speaker, for he/she.
        self._last_named: tuple[int, str, str | None, str | None] | None = None
        self.out: list[dict[str, Any]] = []

    @property
    def mentions(self) -> MentionIndex:
        """Name index, built on first use (many articles need none)."""
        if self._mentions is None:
            self._mentions = MentionIndex(self.text)
        return self._mentions

    def _parse_speaker(self, raw: str) -> tuple[str, str, int]:
        """Classify a speaker string once per article: ("pronoun"|"name"|"other", text, offset).

        For "former governor Jeb Bush" the name part and its offset in ``raw`` are kept.
        """
        parsed = self._parsed.get(raw)
        if parsed is None:
            spk = drop_final_period(" ".join(raw.split()).strip(" ,"))
            first, _, rest = spk.partition(" ")
            if rest and first in _LEADING_FILLERS:
                spk = rest  # `But Megan Hester`, `which city officials`
            offset = raw.find(spk[:1]) if spk else 0
            if _PRONOUN_RE.match(spk) or self.words.pronoun_gender(spk)[0]:
                parsed = ("pronoun", spk, offset)
            else:
                tail = _TRAILING_NAME_RE.search(spk)
                if tail and any(w.islower() and w not in _ARTICLES for w in spk[: tail.start()].split()):
                    spk, offset = tail.group(), offset + tail.start()
                if _FULL_NAME_RE.match(spk) and spk[:1].isupper() and spk.split()[0] not in _ARTICLES_CAP:
                    parsed = ("name", spk, offset)
                else:
                    parsed = ("other", spk, offset)
            self._parsed[raw] = parsed
        return parsed

    def speaker_info(self, spk: str | None, pos: int) -> tuple[str | None, str | None, str | None]:
        """Return (speaker, speaker_full, speaker_title) for a mention at ``pos``."""
        if not spk:
            return None, None, None
        kind, spk, offset = self._parse_speaker(spk)
        if spk == "who" and pos >= 0:
            # `the critic J.R. Ashworth, who called …`: the relative stands for the name before it.
            ante = _ANTECEDENT_RE.match(self.text, max(0, pos - 80), pos)
            if ante:
                _, full, title = self.speaker_info(ante.group("name"), ante.start("name"))
                return spk, full, title
        if kind == "pronoun":
            known, gender = self.words.pronoun_gender(spk)
            if spk in ("he", "she", "He", "She") or known:
                gender = gender or pronoun_gender(spk)
                last = self._last_named
                # News prose continues with its last speaker ("Gerasimov reported … He
                # noted …"), so a recent named speaker of fitting gender wins over a
                # nearer name in an object position.
                if last and pos - last[0] < PRONOUN_SPEAKER_WINDOW and (
                        last[3] is None or gender is None or last[3] == gender):
                    return spk, last[1], last[2]
                found = self.mentions.recent_person(pos, gender)
                if found:
                    return spk, found[0], found[1]
            return spk, None, None
        if kind == "name" and pos >= 0:
            at = pos + offset
            window = self.text[max(0, at - 60): at]
            loc = None
            if " of " in window or " in " in window or " at " in window or " for " in window \
                    or " from " in window:  # a cheap test first: most names have no such phrase
                loc = _LOCATIVE_HEAD_RE.match(self.text, max(0, at - 60), at) or (
                    _OF_HEAD_RE.match(self.text, max(0, at - 60), at) if spk.count(" ") < 2 else None)
            if loc:
                return loc.group("np") + spk, None, None
        if kind == "name":
            title, bare = split_title(spk)
            bare, cut = strip_org_words(bare)
            title = None if cut else title
            full, known_title = self.mentions.fullest(bare, pos + offset)
            self._last_named = (pos, full, title or known_title, person_gender(title or known_title, full))
            return bare, full, title or known_title
        return spk, None, None

    def _span(self, start: int, end: int) -> tuple[int, int]:
        """Drop outer spaces and the trailing comma of `"…," he said` (frame punctuation, not words)."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        return start, end

    def emit(self, start: int, end: int, kind: str, spk: str | None, spk_pos: int,
             cue: str | None) -> _Context | None:
        """Append one quote record; returns its speaker context."""
        start, end = self._span(start, end)
        if end <= start or not _HAS_WORD_RE.search(self.text, start, end) or (
                kind == "direct" and _is_title(self.text, start, end)):
            return None
        speaker, full, title = self.speaker_info(spk, spk_pos)
        cue = " ".join(cue.split()) if cue else None
        self.out.append({
            "text": self.text[start:end], "start": start, "end": end, "kind": kind,
            "speaker": speaker, "speaker_full": full, "speaker_title": title, "cue": cue,
        })
        return _Context(speaker, full, title, cue, kind)

    def emit_ctx(self, start: int, end: int, kind: str, ctx: _Context | None) -> None:
        """Append a quote that inherits an earlier speaker (continuations)."""
        start, end = self._span(start, end)
        if end <= start or not _HAS_WORD_RE.search(self.text, start, end) or (
                kind == "direct" and _is_title(self.text, start, end)):
            return
        self.out.append({
            "text": self.text[start:end], "start": start, "end": end, "kind": kind,
            "speaker": ctx.speaker if ctx else None, "speaker_full": ctx.speaker_full if ctx else None,
            "speaker_title": ctx.speaker_title if ctx else None, "cue": ctx.cue if ctx else None,
        })


_TITLE_SMALL_WORDS = frozenset((
    "of", "the", "a", "an", "and", "in", "on", "for", "to", "with", "at", "by", "from", "or", "&",
))


def _is_title(text: str, start: int, end: int) -> bool:
    """A name in quotation marks rather than a statement: a show, a book, a slogan
    (`told ABC's "Good Morning America."`): two to seven words, all capitalised but the
    small ones.  Checked only for direct quotes; a title inside a sentence still makes
    reported speech mixed."""
    if end - start > 60:
        return False
    words = text[start:end].rstrip(".,:;!?").split()
    return 2 <= len(words) <= 7 and all(w[:1].isupper() or w in _TITLE_SMALL_WORDS for w in words) \
        and any(w[:1].isalpha() for w in words)


_NAMING_VERBS = frozenset(("called", "dubbed", "labeled", "named", "titled"))
_QUOTE_MARKS = frozenset("\"“”«»„'‘")


def _naming_only(text: str, start: int, end: int) -> bool:
    """`called` naming a thing (`a book called "X"`, `so-called`) rather than a speaker's words."""
    return text[max(0, start - 3): start].lower() in ("so-", "so ") or text[end + 1: end + 2] in _QUOTE_MARKS


def _cue_text(m: regex.Match[str], cue_name: str) -> str | None:
    """Cue as written, keeping the addressee of ``told`` (``told Sputnik``)."""
    groups = m.groupdict()
    cue = groups.get(cue_name)
    if cue and cue_name == "cue" and groups.get("obj"):
        cue = f"{cue} {groups['obj']}"
    return cue


# First words of an adverbial between a cue and its quote (`said Thursday on Twitter, "…"`).
_FRAME_WORDS = frozenset((
    "in", "on", "at", "to", "during", "after", "before", "with", "from", "for", "via", "through",
    "while", "when", "last", "this", "earlier", "later", "again", "then", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight",
    "recently", "once", "repeatedly", "simply", "bluntly", "flatly", "publicly", "privately",
))


def _frame_only(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is empty or a short adverbial ending in `,`/`:`
    (`said Thursday on Twitter, "…"`), i.e. not part of the statement."""
    if _only_punct(text, start, end):
        return True
    words = text[start:end].split()
    return len(words) <= 12 and words[-1][-1] in ",:" and "that" not in words and (
        len(words) <= 2 or words[0].lower().strip(",") in _FRAME_WORDS)


def _adverbial_only(text: str, start: int, end: int) -> bool:
    """`… said in a statement on Monday.`: what follows the cue is where or when, not what
    (`said on Monday it would resign` has a clause: a subject or an auxiliary; `refused to
    answer` an infinitive)."""
    if end - start > 80:  # six words at most; and never split a long unit (quadratic)
        return False
    words = text[start:end].lower().split()
    return not words or (len(words) <= 6 and words[0] in _FRAME_WORDS and words[0] != "to"
                         and not any(w.strip(".,;!?") in _CLAUSE_WORDS for w in words))


def _tail_rest_ok(text: str, m: regex.Match[str], ue: int) -> bool:
    """What may follow the cue of a frame that ends its sentence: no clause (`…, but Republicans
    said the plan would …`), and after a verb that is not one of saying (`supported`), no object
    either (`…, 42 percent of those asked, supported Clinton.` is a plain clause)."""
    rest = max(m.end("cue"), m.end("obj"))
    if _has_clause(text, rest, ue):
        return False
    return m.group("cue") in SPEECH_VERB_FORMS or _adverbial_only(text, rest, _trim(text, rest, ue)[1])


def _has_clause(text: str, start: int, end: int) -> bool:
    """Whether a short stretch holds a subject pronoun or an auxiliary."""
    return any(w.strip(".,;!?\"”’") in _CLAUSE_WORDS for w in text[start:end].lower().split())


_CLAUSE_WORDS = frozenset((
    "it", "he", "she", "they", "we", "i", "you", "that", "would", "will", "could", "should", "can",
    "was", "were", "is", "are", "had", "has", "have", "must", "may", "might",
))


def _only_punct(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds no letters or digits."""
    return start >= end or not _HAS_WORD_RE.search(text, start, end)


def extract_quotes(text: str, words: QuoteWords | frozenset[str] = NO_WORDS) -> list[dict[str, Any]]:
    """Find quotations and reported speech in one article.

    Returns dicts with keys text, start, end, kind, speaker, speaker_full,
    speaker_title, cue (in that order), sorted by start; ``text[start:end]``
    equals each record's ``text``.  Never raises on odd or unbalanced marks.
    ``words`` are the profile's words for languages without built-in frames (a set of
    lower-case speech verbs alone is read as ``QuoteWords(cues=…)``): they name the cue of a
    quote found by its shape, and frame reported speech (`X заявил, что …`, `Selon X, …`).
    """
    if not text:
        return []
    if not isinstance(words, QuoteWords):
        words = _words_of(frozenset(words))
    quotes = find_quote_spans(text)
    ex = _Extractor(text, words)
    opens = [q.open_start for q in quotes]
    speech: list[int] = []  # any speech verb, to skip frames that cannot match
    hits: list[int] = []  # verbs that also introduce reported speech
    for m in _CUE_HIT_RE.finditer(text):
        word = m.group()
        if word in _NAMING_VERBS and _naming_only(text, m.start(), m.end()):
            continue  # `a play called "Los Hijos de Trump"`, `so-called`: a name, not speech
        speech.append(m.start())
        if word in _INDIRECT_SET or " ".join(word.split()) in _INDIRECT_SET or \
                text.startswith(" that ", m.end()):
            hits.append(m.start())  # any speech verb introduces reported speech with `that`
    extra = _that_verbs(text)
    if extra:
        hits = sorted({*hits, *extra})
    ctx: _Context | None = None
    units = _units(text, quotes, speech, words.abbreviations)
    for us, ue in units:
        lo = bisect.bisect_left(opens, us)
        hi = bisect.bisect_left(opens, ue)
        unit_hits = hits[bisect.bisect_left(hits, us): bisect.bisect_left(hits, ue)]
        if lo == hi and not unit_hits and text[ue - 1: ue] != ":":
            ctx = None  # plain prose: nothing to extract, and it ends any continuation
            continue
        ctx = _unit(ex, text, us, ue, quotes[lo:hi], unit_hits, speech, ctx)
    if words.cues or words.according:
        _profile_frames(ex, text, quotes, units, words)
    ex.out.sort(key=lambda q: q["start"])
    return ex.out


@lru_cache(maxsize=16)
def _words_of(cues: frozenset[str]) -> QuoteWords:
    """One ``QuoteWords`` per set of cue words (its patterns compile once)."""
    return QuoteWords(cues=cues)


def _profile_frames(ex: _Extractor, text: str, quotes: list[QuoteSpan], units: list[tuple[int, int]],
                    words: QuoteWords) -> None:
    """Reported speech framed by the profile's words (other languages), where the English frames
    found nothing: `Ольга Гусева отметила, что …`, `Selon ces mesures, …`, `…, сообщили в …`."""
    frames = words.compiled.frames(text, units)
    if not frames:
        return
    taken = sorted((q["start"], q["end"]) for q in ex.out)
    taken_starts = [a for a, _ in taken]
    reach = list(itertools.accumulate((b for _, b in taken), max))  # furthest end so far
    frames.sort()
    last = -1
    for cs, ce, spk, spos, cue in frames:
        i = bisect.bisect_left(taken_starts, ce)
        if cs < last or (i and reach[i - 1] > cs):
            continue  # the English frames, or the frame before, already read these words
        j = bisect.bisect_right(units, (cs, len(text)))
        _emit_reported(ex, text, quotes, cs, ce, spk, spos, cue, units[j - 1][0] if j else 0)
        last = ce


def _unit(ex: _Extractor, text: str, us: int, ue: int, qs: list[QuoteSpan], hits: list[int],
          speech: list[int], ctx: _Context | None) -> _Context | None:
    """Attribute one unit; returns the context for a following bare quote."""
    if qs:
        q1, ql = qs[0], qs[-1]
        starts_with_quote = _only_punct(text, us, q1.open_start)
        ends_with_quote = _only_punct(text, ql.close_end, ue)
        if starts_with_quote and ends_with_quote and len(qs) == 1:
            # bare quote: signed on the next line (`-President Obama, tweeting …`), continuation
            # of the previous statement, or no known speaker
            sign = None
            if text.startswith("\n", ue):
                nl = text.find("\n", _NEXT_LINE_RE.match(text, ue).end())
                sign = _DASH_SIGN_RE.match(text, ue, nl if nl > 0 else len(text))
            if sign is not None:
                return ex.emit(q1.start, q1.end, "direct", sign.group("spk"), sign.start("spk"),
                               sign.group("dash"))
            ex.emit_ctx(q1.start, q1.end, ctx.kind if ctx else "direct", ctx)
            return ctx
        done = _post_framed(ex, text, us, ue, qs, hits, speech)
        if done is not None:
            return done
        if starts_with_quote and _unknown_frame(text, ue, qs):
            return _emit_unknown_frame(ex, text, ue, q1, speech, ctx)
        if ends_with_quote:
            m = _pre_frame(text, us, q1.open_start, speech)
            if m is None and _direct_chain(text, qs):
                c = _BARE_CUE_RE.match(text, max(us, q1.open_start - 80), q1.open_start)
                subj = _SUBJECT_RE.match(text, us, q1.open_start)
                cue = c.group("cue") if c else None
                if c is None and subj and text[us: q1.open_start].rstrip().endswith(":"):
                    # `Trump went even further: "…"`: the words after the subject act as the cue.
                    cue = _colon_cue(text, subj.end(), q1.open_start)
                if cue:
                    spk, spos = (subj.group("spk"), subj.start("spk")) if subj else (None, -1)
                    new = None
                    for q in qs:
                        new = ex.emit(q.start, q.end, "direct", spk, spos, cue) or new
                    return new
            if m and _direct_chain(text, qs) and (
                    _only_punct(text, us, m[0])
                    or (text[us: m[0]].rstrip().endswith((",", " -", "—", "–"))
                        and not _discourse(text, us))):
                _, spk, spos, cue = m
                kind = "direct"
                q0 = qs[0]
                if not _only_punct(text, us, m[0]) and not _near(speech, us, m[0]) and (
                        _TOPIC_LEAD_RE.match(text, us, m[0])
                        or _LOWER_START_RE.match(text, q0.start, q0.end)):
                    # `Of the scrutiny, he said, "…"` / `No name change, he said, "hides …"`: the
                    # leading phrase is part of the statement (a discontinuous, mixed content).
                    kind = "mixed"
                    ex.emit(*_trim(text, us, m[0]), kind, spk, spos, cue)
                new = None
                for q in qs:
                    c = ex.emit(q.start, q.end, kind, spk, spos, cue)
                    new = new or c
                return new
    # `Trump said:` with the quote in the next paragraph.
    if text[ue - 1: ue] == ":" and not qs:
        m = _pre_frame(text, us, ue, speech)
        if m:
            _, spk, spos, cue = m
            speaker, full, title = ex.speaker_info(spk, spos)
            return _Context(speaker, full, title, cue)
        found = _reported(ex, text, us, ue, qs, hits, speech)  # (None: it wrote no record)
        subj = _SUBJECT_RE.match(text, us, ue) or _THE_NAME_RE.match(text, us, ue)
        if subj and (found is None or ex.out[-1]["kind"] == "indirect"):
            # `He told his audience, to rowdy applause:` / `The Foundation describes itself
            # this way:`: the subject speaks, the words up to the colon are the cue (also after
            # reported speech: `The Times confirmed that observation, reporting:`).
            speaker, full, title = ex.speaker_info(subj.group("spk"), subj.start("spk"))
            return _Context(speaker, full, title, _colon_cue(text, subj.end(), ue))
        return found
    found = _reported(ex, text, us, ue, qs, hits, speech)
    if found is None and not qs and text[ue - 1: ue] == ".":
        return _bare_frame(ex, text, us, ue, speech)
    return found


def _bare_frame(ex: _Extractor, text: str, us: int, ue: int, speech: list[int]) -> _Context | None:
    """`Sam Lau, the party's spokesman, said in a statement.` / `Dianne Bystrom agreed.`: a
    sentence that is only a frame introduces the quote that follows it."""
    j = bisect.bisect_left(speech, ue)
    if j == 0 or speech[j - 1] < us:
        return None
    h = speech[j - 1]
    verb = _CUE_HIT_RE.match(text, h)
    if verb is None or not _adverbial_only(text, verb.end(), ue - 1):
        return None
    subj = _SUBJECT_RE.match(text, us, h)
    sb = _apposed(text, us, h) or _SPK_BEFORE_RE.match(text, max(us, h - 160), h)
    if subj is None or sb is None or sb.start("spk") != subj.start("spk"):
        return None  # the speaker opens the sentence, before an apposition at most
    speaker, full, title = ex.speaker_info(subj.group("spk"), subj.start("spk"))
    return _Context(speaker, full, title, " ".join(text[h: verb.end()].split()))


# A frame in words that are not known cues, told by its shape: the quote ends in a comma or is
# followed by one or a dash, then a short tail ends the sentence (`«…», — заявил директор Андрей
# Воронцов.`, `« … », a déclaré Jean Dupont, maire.`).  The speaker is a name closing the tail
# (before an apposition), if any.
_UNKNOWN_FRAME_RE = lazy(r"\G(?:\s*,)?\s*[—–―-]{1,2}\s|\G\s*,\s")
_TAIL_NAME_RE = lazy(rf"(?<=\s)(?P<spk>{CAP}(?:\s+{CAP}){{1,2}})(?:,[^,\n]{{1,100}})?[\s.!?]*\Z")
_HEAD_NAME_RE = lazy(rf"\G[\s,—–―-]*(?P<spk>{NAME})(?=,)")
_UNKNOWN_TAIL = 160


def _unknown_frame(text: str, ue: int, qs: list[QuoteSpan]) -> bool:
    """Whether a unit opening with a quote reads as `quote, frame.` though no cue word is known."""
    q = qs[0]
    if q.close_end == q.end or ue - q.close_end > _UNKNOWN_TAIL or _is_title(text, q.start, q.end):
        return False
    if not (text[q.start: q.end].rstrip().endswith(",") or _UNKNOWN_FRAME_RE.match(text, q.close_end, ue)):
        return False
    # Later quotes may only name things (`директор «Балтийского узла»`), not speak.
    return all(len(text[r.start: r.end].split()) <= 4 for r in qs[1:]) and \
        _HAS_WORD_RE.search(text, q.close_end, ue) is not None


def _emit_unknown_frame(ex: _Extractor, text: str, ue: int, q: QuoteSpan,
                        speech: list[int], ctx: _Context | None) -> _Context | None:
    """The quote of an unknown frame, with a name opening (`Scott Pruitt, the …, said at …`) or
    closing the tail as speaker and the tail's last known cue word as cue, when there are.

    A tail with neither (`"…," which votes June 7.`, `"…" - increasing his name recognition`)
    is no frame: the quote continues the previous statement, as a bare quote would.
    """
    sign = _DASH_SIGN_RE.match(text, q.close_end, ue)
    if sign is not None:
        # `"…" ― Pamela Padilla`: a name after a dash, and no verb, signs the quote with the dash
        return ex.emit(q.start, q.end, "direct", sign.group("spk"), sign.start("spk"), sign.group("dash"))
    m = _HEAD_NAME_RE.match(text, q.close_end, ue) or _TAIL_NAME_RE.search(text, q.close_end, ue) \
        or tail_pronoun(text, ex.words, q.close_end, ue)  # (`— добавила она.`)
    spk, spos = (m.group("spk"), m.start("spk")) if m else (None, -1)
    # The last cue word: an apposition before it may hold nouns that look like verbs (`the states`).
    i = bisect.bisect_left(speech, ue) - 1
    verb = _CUE_HIT_RE.match(text, speech[i]) if i >= 0 and speech[i] > q.close_end else None
    cue = verb.group() if verb else _profile_cue(text[q.close_end: ue], ex.words.cues)
    if ctx is not None and m is None and cue is None:
        ex.emit_ctx(q.start, q.end, ctx.kind, ctx)
        return ctx
    return ex.emit(q.start, q.end, "direct", spk, spos, cue)


_NEXT_LINE_RE = lazy_re(r"\s*")
# A signature: a dash and a capitalised name (initials with or without a period), then at most a
# descriptor after a comma (`― Carla Sanchez.`, `—President Obama, tweeting after the speech.`).
_DASH_SIGN_RE = lazy(
    r"\G[\s,]*(?P<dash>[—–―]|--?)\s*(?P<spk>\p{Lu}[\p{L}\p{M}.'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}.'’-]*){0,5})"
    r"(?:,[^\n\"“”«»„]{0,120})?[\s.]*\Z")


def _profile_cue(tail: str, cues: frozenset[str]) -> str | None:
    """The first of the profile's cue words or two-word phrases in a frame's tail, as written
    (`— заявил генеральный директор …` → `заявил`, `a expliqué Hélène Marchand` → `a expliqué`)."""
    if not cues:
        return None
    words = [w.strip(",.;:!?—–―-«»\"“”") for w in tail.split()]
    for i, word in enumerate(words):
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair and pair.lower() in cues:
            return pair
        if word and word.lower() in cues:
            return word
    return None


def _colon_cue(text: str, start: int, end: int) -> str:
    """Cue of a frame `SUBJECT words:` — the words (PolNeAR marks the verb phrase), else `:`;
    a verb of saying right before the colon (`… confirmed that observation, reporting:`)."""
    verb = _BARE_CUE_RE.match(text, start, end)
    if verb is not None:
        return verb.group("cue")
    words = text[start:end].strip(" :,\n").split()
    return " ".join(words[:8]) if words else ":"


def _post_framed(ex: _Extractor, text: str, us: int, ue: int, qs: list[QuoteSpan],
                 hits: list[int], speech: list[int]) -> _Context | None:
    """`"…," he said` anywhere in the unit, for a quote that opens a clause.

    Later quotes joined to the frame by punctuation or a short phrase
    (`"…," he said on Fox, "…"`) continue the statement; reported speech after
    the frame (`…, adding that …`) is attributed to the same speaker.
    """
    for i, q in enumerate(qs):
        if q.close_end == q.end or _is_title(text, q.start, q.end):
            continue  # unclosed quote: no frame can follow it; a title is not a statement
        clause = q.open_start <= us or _CLAUSE_START_RE.match(text, max(us, q.open_start - 4), q.open_start)
        if not clause and (i or _near(speech, us, q.open_start)):
            continue  # a quote inside a clause that has its own cue: left to _reported
        if not _near(speech, q.close_end, q.close_end + 160):
            continue  # no speech verb close enough to frame this quote
        m = _POST_QUOTE_RE.match(text, q.close_end, ue)
        if not m:
            continue
        spk, spos = _group(m, "spk", "spk2", "spk3")
        cue = _cue_text(m, "cue") or _cue_text(m, "cue2") or _cue_text(m, "cue3")
        lead = clause and i == 0 and not _only_punct(text, us, q.open_start) and \
            not _near(speech, us, q.open_start) and not _LEAD_FRAME_RE.match(text, us, q.open_start)
        if clause and not lead:
            new = ex.emit(q.start, q.end, "direct", spk, spos, cue)
        else:
            # `But "it is a better use of capital," he added, …`: words outside the marks
            # belong to the statement, so it is a mixed quote starting at the unit.
            new = ex.emit(*_trim(text, us, q.close_end, strip_period=False), "mixed", spk, spos, cue)
        pos = m.end()
        for nxt in qs[i + 1:]:
            if not _JOIN_RE.match(text, pos, nxt.open_start):
                break
            # `…," he said, adding, "…"`: a verb right before the quote is its cue (not one with
            # an object: `…," Tester said, referring to the banks, "…"`)
            verb = _JOIN_CUE_RE.match(text, pos, nxt.open_start)
            if verb and new is not None:
                ex.emit_ctx(nxt.start, nxt.end, "direct", _Context(
                    new.speaker, new.speaker_full, new.speaker_title, verb.group("cue"), new.kind))
            else:
                ex.emit_ctx(nxt.start, nxt.end, new.kind if new else "direct", new)
            pos = nxt.close_end
        rest = [h for h in hits if h >= pos]
        if rest and not _only_punct(text, pos, ue):
            for cs, ce, spk2, spos2, cue2 in _frames(text, pos, ue, rest, speech):
                if spk2 is None and new is not None:
                    _emit_reported_ctx(ex, text, qs, cs, ce, cue2, new)
                else:
                    _emit_reported(ex, text, qs, cs, ce, spk2, spos2, cue2, pos)
        return new
    return None


def _emit_reported_ctx(ex: _Extractor, text: str, qs: list[QuoteSpan], cs: int, ce: int,
                       cue: str | None, ctx: _Context) -> None:
    """Reported content whose speaker is the one of the preceding frame (`…," he said, adding …`)."""
    before = len(ex.out)
    _emit_reported(ex, text, qs, cs, ce, None, -1, cue, cs)
    for rec in ex.out[before:]:
        rec["speaker"], rec["speaker_full"], rec["speaker_title"] = (
            ctx.speaker, ctx.speaker_full, ctx.speaker_title)


def _pre_frame(text: str, lo: int, end: int,
               speech: list[int]) -> tuple[int, str | None, int, str | None] | None:
    """(frame start, speaker, speaker offset, cue) of a frame that ends at ``end``."""
    i = bisect.bisect_left(speech, end) - 1
    floor = max(lo, end - 90)
    while i >= 0 and speech[i] >= floor:
        h = speech[i]
        rest = _PRE_CUE_REST_RE.match(text, h, end)
        if rest:
            sb = _PRE_SPK_RE.match(text, max(lo, h - 200), h)
            if sb:
                return sb.start(), sb.group("spk"), sb.start("spk"), _cue_text(rest, "cue")
        i -= 1
    m = _PRE_OTHER_RE.match(text, max(lo, end - 200), end)
    if m:
        spk, spos = _group(m, "spk3", "spk4", "spk5")
        return m.start(), spk, spos, m.group("cue3") or m.group("cue5") or ":"
    return None


def _direct_chain(text: str, qs: list[QuoteSpan]) -> bool:
    """Quotes separated only by punctuation or a short frame count as one statement."""
    for a, b in itertools.pairwise(qs):
        gap = text[a.close_end: b.open_start]
        if _HAS_WORD_RE.search(gap) and not _POST_QUOTE_RE.match(text, a.close_end, b.open_start):
            return False
    return True


def _reported(ex: _Extractor, text: str, us: int, ue: int, qs: list[QuoteSpan],
              hits: list[int], speech: list[int]) -> _Context | None:
    """Indirect or mixed speech in one unit; None when no frame is found."""
    last: _Context | None = None
    frames = _frames(text, us, ue, hits, speech)
    if not frames and qs:
        frames = _subject_frame(text, us, ue, qs, speech)
    for cs, ce, spk, spos, cue in frames:
        last = _emit_reported(ex, text, qs, cs, ce, spk, spos, cue, us) or last
    return last


def _subject_frame(text: str, us: int, ue: int, qs: list[QuoteSpan], speech: list[int]) -> list[_Frame]:
    """`She declared “What a Super Tuesday!” and …`: a unit that opens with its speaker and a
    speech verb (any, not only the reported-speech ones) followed by quoted words."""
    subj = _SUBJECT_RE.match(text, us, ue)
    if subj is None:
        return []
    i = bisect.bisect_left(speech, subj.end())
    if i == len(speech) or speech[i] >= min(qs[0].open_start, subj.end() + 30):
        verb = _ANY_VERB_RE.match(text, subj.end(), qs[0].open_start)
        if verb is None:
            return []
        return [(verb.end(), ue, subj.group("spk"), subj.start("spk"), verb.group("verb"))]
    h = speech[i]
    verb = _CUE_HIT_RE.match(text, h)
    if verb is None or any(c in text[subj.end(): h] for c in ',"“”«»„'):
        return []
    return [(verb.end(), ue, subj.group("spk"), subj.start("spk"), verb.group())]


# Any past-tense or present verb right after the subject (`Mr. Trump assailed …`,
# `Rubio also bemoans …`), for a unit whose quoted words make it an attribution.
_ANY_VERB_RE = lazy(
    r"\G\s+(?:(?:also|again|then|later|often|\p{Ll}{2,}ly)\s+)?(?P<verb>\p{Ll}{2,}ed)\b(?!['’])"
)


def _emit_reported(ex: _Extractor, text: str, qs: list[QuoteSpan], cs: int, ce: int,
                   spk: str | None, spos: int, cue: str | None, unit_start: int) -> _Context | None:
    """Classify one reported content span as indirect/mixed (or direct) and emit it."""
    cs, ce = _trim(text, cs, ce)
    # Only the quotes around the content matter; found by bisection so that a huge
    # unit with many quotes and many cues stays linear.
    lo = max(0, bisect.bisect_right(qs, cs, key=_close_end) - 1)
    hi = bisect.bisect_left(qs, ce + 2, key=_open_start)
    near = qs[lo:hi]
    # A content edge inside a quotation extends to include its mark.
    for q in near:
        if q.start < ce <= q.end < q.close_end:
            ce = q.close_end
        if q.open_start < cs <= q.start:
            cs = q.open_start
    if ce - cs < 8 or " " not in text[cs:ce]:
        return None
    quoted = any(q.start < ce and q.end > cs and _HAS_WORD_RE.search(text, max(q.start, cs), min(q.end, ce))
                 for q in near)
    kind = "indirect"
    if quoted:
        # Content that is exactly one quotation is direct after all (`said on Monday: "…"`).
        inside = [q for q in near if q.open_start >= cs - 1 and q.close_end <= ce + 1]
        if len(inside) == 1 and _frame_only(text, cs, inside[0].open_start) and \
                _only_punct(text, inside[0].close_end, ce) and not _discourse(text, unit_start):
            cs, ce = inside[0].start, inside[0].end
            kind = "direct"
        else:
            kind = "mixed"
    if cue and cue[:1] in "Aa" and cue.lower().startswith("according"):
        cue = "according to"
    new = ex.emit(cs, ce, kind, spk, spos, cue)
    if new is not None and kind == "indirect":
        new.kind = "direct"  # (a quote that follows reported speech is a direct quote of its speaker)
    return new


def _open_start(q: QuoteSpan) -> int:
    """Bisection key: where a quote's opening mark starts."""
    return q.open_start


def _close_end(q: QuoteSpan) -> int:
    """Bisection key: where a quote's closing mark ends."""
    return q.close_end


_Frame = tuple[int, int, "str | None", int, "str | None"]
# Bare cue forms that are nouns far more often than verbs: as verbs they need a plural subject.
_NOUN_FIRST = frozenset({"show", "state"})
_PLURAL_HEADS = frozenset({"data", "media", "people", "police", "they", "we", "you", "I", "They", "We"})


def _plural(speaker: str) -> bool:
    """`polls`, `the figures`, `they`: a subject for `show`; not `a Sunday talk`, `ABC's TV`."""
    last = speaker.rsplit(None, 1)[-1]
    return last in _PLURAL_HEADS or (last.endswith("s") and not last.endswith(("'s", "’s", "ss")))


# The start of a content up to a nested frame's subject: a few words, no clause boundary (`found
# that 74 percent of likely voters said …`); after a comma or a conjunction, a frame is a
# statement that follows (`said A, but Y said B`, `said A and Y said B`).
_NESTED_RE = lazy(r"\G(?:that\s+)?(?:(?!(?:and|but|or|while|whereas|although|though)\s)"
                  r"[\p{L}\p{N}%$.'’-]+\s+){0,15}\Z")


def _frames(text: str, us: int, ue: int, hits: list[int], speech: list[int]) -> list[_Frame]:
    """Locate (content start, content end, speaker, speaker offset, cue) frames in a unit."""
    m = _ACCORDING_RE.match(text, us, ue)
    if m:
        return [(m.end(), ue, m.group("spk3"), m.start("spk3"), m.group("cue3"))]
    # Frames at the end of the unit may use any speech verb (`…," Sanders wrote.`).
    tail_hits = speech[bisect.bisect_left(speech, max(us, ue - 240)): bisect.bisect_left(speech, ue)]
    for h in reversed(tail_hits):
        m = _TAIL_CUE_RE.match(text, h, ue)
        if m and _tail_rest_ok(text, m, ue):
            # (`…, but Republicans said the plan would raise taxes.`: a clause after the cue is
            # its content, and the frame is not a tail)
            sb = _TAIL_SPK_RE.match(text, max(us, h - 200), h)
            if sb is None and ue - m.end("cue") <= _TAIL_NP_REST:
                sb = _TAIL_NP_RE.match(text, max(us, h - 80), h)
            # `…, which city officials had promised would …`: a relative clause, not a frame.
            # `In Samoa, the Ministry of Communications said …`: a leading adverbial is not content.
            if sb and sb.start() > us and sb.group("spk").split(None, 1)[0] not in _RELATIVES \
                    and not _adverbial_only(text, us, sb.start()):
                ce = sb.start()
                if not _PRONOUN_RE.match(sb.group("spk")):
                    # (a pronoun has no descriptor: `…, the islands will rely on …, he said`)
                    d = _DESCRIPTOR_RE.search(text, max(us, ce - 200), ce)
                    if d:
                        ce = d.start()
                return [(us, ce, sb.group("spk"), sb.start("spk"), _cue_text(m, "cue"))]
        sb = _TAIL_COMMA_RE.match(text, max(us, h - 10), h)
        if sb and sb.start() > us and not _apposed(text, us, h):
            # (`Niue, a self-governing island of …, said government offices …`: the speaker
            # comes before its apposition; `said government` is not an inverted frame)
            m = _TAIL_INVERTED_RE.match(text, h, ue)
            if m:
                spk, spos = _group(m, "spk2", "spk3")
                return [(us, sb.start(), spk, spos, m.group("cue2") or m.group("cue3"))]
    found: list[list] = []
    for h in hits:
        if found and h < found[-1][0]:
            continue
        rest = _SAY_REST_RE.match(text, h, ue)
        if not rest or _adverbial_only(text, rest.end(), ue):
            continue
        participle = (
            (text[h: rest.end("cue")].endswith("ing") and _PARTICIPLE_RE.match(text, max(us, h - 12), h))
            or _COORDINATED_RE.match(text, max(us, h - 30), h))
        h_clause = participle.start() if participle else h
        sb = None
        if not (participle and found):
            sb = _apposed(text, us, h) or _SPK_BEFORE_RE.match(text, max(us, h - 160), h)
            if sb is None:
                # Wider speakers ("chief executive Lowell McAdam", "a young boy"): measured on
                # PolNeAR train, this adds more right attributions than wrong ones.
                sb = _PRE_SPK_RE.match(text, max(us, h - 160), h)
        if sb and rest.group("cue") in _NOUN_FIRST and not _plural(sb.group("spk")):
            continue  # `ABC's TV show`, `an EU member state`: a noun, not `polls show`
        if sb:
            frame = [rest.end(), ue, sb.group("spk"), sb.start("spk"), _cue_text(rest, "cue")]
            clause = sb.start("spk")
        elif participle:
            # `X said …, adding that …` / `X said …, and called him …`: a new statement
            # of the same speaker.
            if found:
                spk, spos = found[-1][2], found[-1][3]
            else:
                subj = _SUBJECT_RE.match(text, us, h)
                spk, spos = (subj.group("spk"), subj.start("spk")) if subj else (None, -1)
            frame = [rest.end(), ue, spk, spos, _cue_text(rest, "cue")]
            clause = h_clause
        else:
            continue
        if found:
            if clause < found[-1][0]:
                if h <= found[-1][0] or clause > found[-1][3]:
                    continue
                # `John Kasich, a Republican who refused to endorse Mr. Trump, said …`: the
                # previous frame is a relative clause inside this one's subject; it ends there.
                found[-1][1] = h
            elif not _NESTED_RE.match(text, found[-1][0], clause):
                # `…, but he said …`: a second frame ends the contents before it; one opening a
                # content (`X says that Hillary Clinton called …`) is nested in what X says, and
                # both statements stand.
                for f in reversed(found):  # (only the last frame and those it is nested in)
                    if not f[0] < clause < f[1]:
                        break
                    f[1] = clause
                if _adverbial_only(text, found[-1][0], _trim(text, found[-1][0], clause)[1]):
                    found.pop()  # `Dean appeared on MSNBC and began by saying …`: no content
            elif frame[2] and _PRONOUN_RE.match(frame[2]):
                continue  # `X said they want …`: the speaker's own attitude, part of the statement
        found.append(frame)
    return [tuple(f) for f in found]  # type: ignore[misc]
