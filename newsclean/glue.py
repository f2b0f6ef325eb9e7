"""Glued paragraphs: where one paragraph ends and the next begins with no space between them.

A scraper that joins a page's blocks with nothing writes ``said.The``, ``industry."Police``,
``!”Trump``, ``drivers?—Yes``, ``subscribers.16-inch`` and, where a block ends without a stop (a
heading, a caption, a menu item), ``Meal PlanPre-Workout MealEat 60–90 minutes``. Each shape below is
a cut that no well-formed sentence makes, guarded against the shapes that look alike: abbreviations
(``Lt.Gen``, from the profile), anything with a dot, slash or ``@`` in the word before (``U.S.``,
``e.g.``, ``DearAbby.com``), decimals (``3.5``) and brand names (``iPhone``, ``YouTube``,
``McDonald``: a lowercase-to-capital step is cut only in a line that is glued elsewhere too, never
after one or two letters or a short capitalised part, and never in a word the document writes again).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import regex

from .pattern_cache import compile_cached
from .profile import Profile

#: straight marks: open or close, decided by the marks around them (``_straight_closes``)
_STRAIGHT = "\"'"
#: a camel-case step starts a paragraph only when this many words follow it before the next cut.
#: Three, not a sentence's dozen: a teaser or menu item glued to the next (``…put a stop to poverty
#: Time served for Solberg``) cut apart is what the chrome pass can then take out (realpages-dev, 12
#: -> 3: body F1 l3s .926 -> .933, wcxb .904 -> .906; boundary recall .590 -> .678; wrong cuts 5.65 ->
#: 6.67 per 100, mostly inside runs of glued titles that the gold keeps as one paragraph)
_PROSE_WORDS = 3
#: the camel-case and number steps of one line checked against the rest of the page, at most (no
#: line of realpages-dev, the bench corpus or the samples reaches it: their records are the same
#: without the bound)
_EVIDENCE_STEPS = 256
#: characters a word before a stop is stripped of before the abbreviation test
_WORD_STRIP = "\"“(«„'‘[¿¡"


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity, like Shapes
class Glue:
    """The compiled glue shapes of one profile."""

    #: cheap scan (`re`): a stop, colon or closing mark with a capital or digit right after it
    hint: re.Pattern[str]
    #: a sentence end (or colon, or closing mark), the marks glued to it, and the first letter after
    punct: regex.Pattern[str]
    #: a lowercase letter followed by a capital: the only sign left where a block ends without a stop
    camel: regex.Pattern[str]
    #: ideographic sentence end, then a space (a paragraph indent), then a CJK character
    cjk: regex.Pattern[str]
    #: a clock time with its a.m./p.m. or time zone, a capital right after it (``10:23 PMTORONTO``)
    clock: regex.Pattern[str]
    #: a date label and its colon (``Posted:``, ``Aktualisiert:``): a dateline, however short
    date_label: regex.Pattern[str]
    abbreviations: frozenset[str]
    #: first-person pronouns (the profile's ``speaker_words``)
    speaker_words: frozenset[str]


#: capitals and digits of the scripts a `re` class can name cheaply (a superset: Latin Extended-A
#: mixes cases); the `regex` pattern that follows decides with Unicode properties
_UPPER_OR_DIGIT = "A-Z0-9À-ÖØ-ÞĀ-ſƀ-ɏΆ-ΫЀ-Я"
#: ASCII characters as classes, so that a few ``bytes.find`` calls (memchr speed) find every glue
#: candidate of an ASCII line: a = lowercase, A = capital, 9 = digit, . = stop, : = colon,
#: ) = closing bracket, ( = opening bracket, " = straight quotation mark or apostrophe
_CLASSES = bytes(
    ord("a") if chr(c).islower() else ord("A") if chr(c).isupper() else ord("9") if chr(c).isdigit()
    else ord(".") if chr(c) in ".!?" else ord(":") if chr(c) == ":" else ord(")") if chr(c) in ")]"
    else ord("(") if chr(c) in "([" else ord('"') if chr(c) in "\"'" else ord(" ")
    for c in range(256))
#: the class pairs where a glue point can start (``said.The``, ``."We``, ``(wired)Buy``, ``Name:You``)
_DOTTY = frozenset("./@:")
#: a clock time: ``15:17``
_TIME = re.compile(r"\d{1,2}:\d{2}")
#: the end of a web or e-mail address: a domain's last label (``.com``, ``.co.uk``) or a path
_WEB_END = re.compile(r"(?:^|[\w-])\.(?:[a-z]{2,6})(?:/[\w./%-]*)?$")
_MARKS = frozenset(")]\"'”’»")
_STOPS = frozenset(".!?…")
_NEEDLES = (b".A", b".9", b".(", b'"A', b'"9', b'"(', b")A", b")9", b")(", b":A")
_NEEDLE_SET = frozenset(_NEEDLES)
#: the classes a needle starts with as ``.``, those it ends with as ``A``, the rest as a space: every
#: needle becomes ``.A`` there, one ``bytes.find`` (memchr speed) for all ten; a ``.A`` is a needle when
#: its classes are one (a ``:9`` is not)
_NEEDLE_ENDS = bytes(ord(".") if chr(c) in '."):' else ord("A") if chr(c) in "A9(" else 32
                     for c in range(256))


@lru_cache(maxsize=8)
def compile_glue(profile: Profile) -> Glue:
    return Glue(
        hint=re.compile(
            # the closing marks are bounded: a run of thousands (adversarial input) made every
            # position scan the rest of the run, quadratic time
            r"[.!?…:)\]”’»'\"](?=[)\]\"”’»']{0,6}[“„«‘(\[—–©•·\"']?[" + _UPPER_OR_DIGIT + "])"),
        punct=compile_cached(
            r"(?P<end>[.!?…]+|:|[)\]]|(?<=[\p{L}\d])[”»’'])"  # a stop, colon, bracket or closing mark
            r"(?P<marks>[)\]”»’\"']{0,6})"  # closing marks glued to it (straight ones decided later)
            r"(?P<open>[“„«‘(\[—–©•·]?)"  # an opening mark, a dialogue dash, a bullet: the next block's
            r"(?P<first>[\p{L}\d])"
        ),
        camel=compile_cached(r"(?<=\p{Ll})\p{Lu}"),
        cjk=compile_cached(r"(?:(?<=[。！？][”」』]?)\s+|(?<=[”」』])(?=[“「『]))(?=[\p{Han}\p{Hiragana}\p{Katakana}“「『])"),
        clock=_clock_glued(profile),
        date_label=compile_cached("(?i:" + "|".join(
            map(regex.escape, sorted((*profile.published_labels, *profile.modified_labels), key=len,
                                     reverse=True))) + r")\s?:"),
        abbreviations=profile.abbreviations,
        speaker_words=profile.speaker_words,
    )


def _clock_glued(profile: Profile) -> regex.Pattern[str]:
    """A time never runs into a word: a capital right after ``10:23 PM``, ``07:00p.m.``, ``17:04 GMT``
    or any zone the profile knows starts the next block (a dateline's end, a comment's timestamp)."""
    zones = sorted((z for z in profile.timezones if len(z) >= 2), key=len, reverse=True)
    return compile_cached(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?\s?(?:(?i:[ap]\.m\.|[ap]m)|"
                         + "|".join(map(regex.escape, zones)) + r")(?=\p{Lu}[\p{L}-])")


def _word_before(line: str, pos: int) -> str:
    return line[line.rfind(" ", 0, pos) + 1 : pos].lstrip(_WORD_STRIP)


def _shape(line: str, i: int) -> str:
    """A straight mark at ``i``: ``open`` (space before, text after), ``close`` (text before, space
    or punctuation after) or ``glued`` (text on both sides: the case being decided)."""
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if before.isspace() or before in "([{—–/":
        return "open"
    if after.isspace() or after in ",.;:!?)]}—–-":
        return "close"
    return "glued"


def _is_mark(line: str, i: int, mark: str) -> bool:
    """A quotation mark, not an apostrophe inside a word (``don't``, ``Alaudinov's``)."""
    if mark == '"':
        return True
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return not (before.isalnum() and after.isalnum())


def _nearest(line: str, i: int, step: int) -> tuple[str | None, int]:
    """The shape of the nearest unambiguous mark like ``line[i]`` after (step 1) or before (step -1)
    it, and how many glued marks lie between."""
    mark = line[i]
    glued = 0
    j = line.find(mark, i + 1) if step > 0 else line.rfind(mark, 0, i)
    while j >= 0:
        if _is_mark(line, j, mark):
            shape = _shape(line, j)
            if shape != "glued":
                return shape, glued
            glued += 1
        j = line.find(mark, j + 1) if step > 0 else line.rfind(mark, 0, j)
    return None, glued


def _straight_closes(line: str, i: int) -> bool:
    """Whether the straight mark at ``i``, glued between a stop and a letter, closes a quotation.

    Its own neighbours say nothing, so ask the nearest unambiguous marks. A closing mark just
    before (``," he said."We``): the text since is narration, so this one opens. An opening mark
    just after (``."Vigneault expressed … "We``): narration follows, so this one closes. A closing
    mark just after: this one opens what it closes. Otherwise glued marks alternate from the nearest
    unambiguous one. Counting marks from the start would be wrong wherever a quotation runs over
    several paragraphs: each one reopens without closing the one before.
    """
    before, m = _nearest(line, i, -1)
    if before == "close" and m == 0:
        return False
    after, n = _nearest(line, i, 1)
    if after is not None and n == 0:
        return after == "open"
    if after is not None:
        return (after == "open") == (n % 2 == 0)
    if before is not None:
        return (before == "open") == (m % 2 == 0)
    return False


def _stop_cut(line: str, m: regex.Match[str], glue: Glue) -> int | None:
    """Where to cut at a stop, colon, bracket or closing mark glued to what follows, or None."""
    end, marks, opener, first = m.group(1, 2, 3, 4)  # the groups by number: ``regex`` looks names up slowly
    start = m.start()
    # the groups stand side by side: where each starts follows from the lengths of those before it
    at_marks = start + len(end)
    at_open = at_marks + len(marks)
    at_first = at_open + len(opener)
    after = line[at_first + 1 : at_first + 2]  # the character after the first one
    upper = first.isupper()
    if start == 0 or line[start - 1].isspace():
        # a teaser cut short, the next one glued to its ellipsis: "something to replace …Dan Warne
        # on", "storage terms ...EarthWeb IT"
        if start and (end == "…" or end == "...") and upper and after.islower() and not marks:
            return at_marks
        return None
    if upper and after and after in ".:)" and not (after == "." and _sentence_word(line, start)):
        # an initial, an abbreviation or a ticker follows: "U.K.", "N.F.L.", "(MSFT.O:"; but a
        # sentence's last word may be followed by one: "in October.U.S. commanders", "son-in-law.K.J."
        return None
    if end == ":":
        # "Email:Password:", "Example:A strategist": a label glued to the next block, and so is a
        # colon glued to an opening mark ("saying:\"The United States", "this way:“My"): in prose a
        # space follows a colon that introduces a quotation; never "http://" or "10:30"
        quoted = (marks in ('"', "'") and not opener) or (not marks and opener in ("“", "„", "«", "‘"))
        if not upper or ((marks or opener) and not quoted) or not line[start - 1].isalpha():
            return None
        if line[line.rfind(" ", 0, start) + 1] == "(":
            return None  # "(NASDAQ:LOGI)": a ticker, not a label
        return at_marks
    if end in ")]":
        # "(Argentina)Yomby", "(wired)Buy:": a closed bracket glued to a new block
        if marks or opener or not ((upper and after.islower()) or _numbered(line, at_first)):
            return None
        return start + 1
    if end in "”»’'":
        # "…had a merry Christmas”The", "'at 1990s rates'Gigantic": a quoted title or quotation
        # closed right after a word, the next block glued to it
        if marks or opener or not upper or not after.islower():
            return None
        if end in "’'" and not _single_opened(line, start):
            return None  # an apostrophe ("Jones'Smith"), not a closing mark
        return start + 1
    stop_only = end.strip(".…") == ""
    if not upper and not (first.isdigit() and stop_only and not marks):
        return None
    word = _word_before(line, start)
    if end[0] == ".":
        core = word.rstrip(".")
        if not core or core.lower() in glue.abbreviations:
            return None  # "Lt.Gen"
        if not _DOTTY.isdisjoint(core) and not (_TIME.fullmatch(core) or (
                upper and len(end) == 1 and after.islower() and _WEB_END.search(core))):
            # "U.S.", "DearAbby.com/Help", "(TSX:SDT.UN)"; but a time ("at 15:17.The") or a web or
            # e-mail address that ends a sentence ("visit www.lge.com.About LG", "reach him at
            # jd@example.com.Sponsored Links") is cut after
            return None
        if upper and _call_follows(line, at_first):
            return None  # "subprocess.Popen(": code, not prose
        if len(end) == 1 and len(core) == 1 and not core.isdigit():
            return None  # an initial: "J.Smith", "L.Ron"
        # "subscribers.16-inch", "the Terra.8.Glorious": after a word, never in "3.5" or "v2.0"
        if first.isdigit() and len(end) == 1 and not opener and not (
                core.isalpha() and len(core) >= 2
                and ((core.islower() and len(core) >= 3) or _numbered(line, at_first))):
            return None
    base = at_marks
    k = 0
    while k < len(marks):
        pos = base + k
        if marks.startswith("''", k):
            # two apostrophes as a double mark: closing where the page opens with two backticks
            # (NYT: ``...''), else decided as one '"'
            if "``" not in line and not _straight_closes(line.replace("''", '"'),
                                                         pos - line.count("''", 0, pos)):
                return pos
            k += 2
            continue
        if marks[k] in _STRAIGHT and (_speaker_after(line, pos, glue.speaker_words)
                                      or not _straight_closes(line, pos)):
            return pos  # it opens the next paragraph's quotation: cut before it
        k += 1
    return at_open


#: how many words of the sentence after a glued straight mark :func:`_speaker_after` reads
_SPEAKER_WORDS_READ = 30
#: a word of letters (apostrophes split it: ``I'm`` is ``I`` and ``m``)
_LETTERS = re.compile(r"[^\W\d_]+")


def _speaker_after(line: str, i: int, words: frozenset[str]) -> bool:
    """The sentence after the straight mark at ``i`` speaks in the first person (``."I
    enjoy``, ``."We intend``, ``."Our duty``): a quotation, which the mark opens. Narration after a
    closing mark is about someone (``."Police arrested``, ``."Mr Watson said``). The parity of the
    marks around cannot tell where a quotation runs over paragraphs (each reopens without closing)."""
    end = len(line)
    for stop in ".!?\"":
        j = line.find(stop, i + 1, end)
        if j != -1:
            end = j
    for w in _LETTERS.findall(line, i + 1, end)[:_SPEAKER_WORDS_READ]:
        if w in words or (w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.lower() in words):
            return True
    return False


def _sentence_word(line: str, stop: int) -> bool:
    """The word before the stop at ``stop`` can end a sentence: three letters or more, the last one
    lowercase (``October``, ``son-in-law``; not ``Ph`` of ``Ph.D.`` or the initial glued to a word
    in ``impoundedB.C.``), no dot in it (abbreviations are checked by the caller)."""
    word = _word_before(line, stop)
    return len(word) >= 3 and word.replace("-", "").isalpha() and word[-1].islower()


def _call_follows(line: str, i: int) -> bool:
    """The word starting at ``i`` is followed by an opening bracket: a function call."""
    return _CALL.match(line, i) is not None


#: a word (``re``'s ``\\w``: ``str.isalnum`` or ``_``) and an opening bracket
_CALL = re.compile(r"\w*\(")


def _numbered(line: str, i: int) -> bool:
    """A list number starts at ``i``: ``8.Glorious``, ``17. Fantech``, ``2)``."""
    j = i
    while j < len(line) and line[j].isdigit():
        j += 1
    if j == i or j - i > 3 or j >= len(line) or line[j] not in ".)":
        return False
    nxt = line[j + 1 : j + 2]
    return nxt == "" or nxt.isspace() or nxt.isupper()


def _single_opened(line: str, i: int) -> bool:
    """A single quotation mark opened shortly before ``i`` (`` 'at 1990s rates'``): the one at ``i``
    closes it."""
    for k in range(i - 1, max(-1, i - 120), -1):
        ch = line[k]
        # (opened after a space or bracket, or glued after a sentence's end: ``states.'Mutual respect'``)
        if ch in "'‘" and (k == 0 or line[k - 1].isspace() or line[k - 1] in "(\"“.!?…") \
                and k + 1 < len(line) and line[k + 1].isalnum():
            return True
        if ch in ".!?" and k + 1 < len(line) and line[k + 1] in " \"”":
            return False  # a sentence ended first
    return False


def _camel_shape_ok(line: str, pos: int) -> bool:
    """A lowercase letter then a capital: a block that ended without a stop, or a brand name?"""
    a = _word_start(line, pos)
    left = line[a:pos]
    if len(left) < 2 or (left[0].isupper() and len(left) < 4):
        return False  # "iPhone", "eBay", "McCain", "LeBron", "MacBook"
    if a > 0 and line[a - 1] in "'’-":
        return False  # "O'MalleyJones"? a name part, not a paragraph end
    b = _word_end(line, pos)
    if b + 1 < len(line) and line[b] == "." and line[b + 1].isalpha():
        return False  # "DearAbby.com", "ChinaCourt.org": a domain name
    if a > 1 and line[a - 1] == " " and not _lower_word_then_word(line, a, pos):
        prev = line[line.rfind(" ", 0, a - 1) + 1 : a - 1]
        if prev.isalpha() and prev.islower() and len(prev) <= 3:
            return False  # "is a JavaScript", "of GlaxoSmithKline": inside a sentence, not a block's end
    return True


def _lower_word_then_word(line: str, a: int, pos: int) -> bool:
    """``in a rowPilates snags …``: a whole lower-case word, then a capitalised word (not ``macOS``):
    a heading that ended on a common word, glued to its paragraph, not a brand name."""
    return pos - a >= 3 and line[a].islower() and pos + 1 < len(line) and line[pos + 1].islower()


def _written_once(line: str, pos: int, doc: Evidence, start: int | None = None) -> bool:
    """The camel-cased word is not written again in the page, in any case ("PlayStation",
    "PLAYSTATION", "8BitDo"): a word written twice is a word, not two blocks glued."""
    return doc.count(line[_word_start(line, pos) if start is None else start : _word_end(line, pos)]) <= 1


#: a number (a date, a price, a share, a phone number) with a capitalised word right after it:
#: ``…January 09, 2008Chelsea are hoping``, ``$429.99Looking for``, ``12.89%Number one``. The number
#: stands alone (no letters glued before it: ``DAV4Pro``, ``3Blue1Brown`` are names) and the word is
#: no unit (``85Mbps``) or camel-cased name (``8BitDo``)
_DIGIT_CAPITAL = re.compile(r"[\d%)][^\W\d_a-z]")  # a cheap superset of what follows
_NUMBER_THEN_WORD = regex.compile(r"(?=\p{Lu}\p{Ll}{2,})(?!\p{Lu}\p{Ll}*(?:bps\b|\p{Lu}))"
                                  # looked behind only at such a word (linear in a long run of digits)
                                  r"(?<=(?:^|[\s(\[$€£¥#+-])[\d.,:/()%$€£-]*\d[%)]?)")


#: ``_DIGIT_CAPITAL`` in ASCII text, where ``\\d`` is ``0-9`` and ``[^\\W\\d_a-z]`` is ``A-Z``: the same
#: matches, several times faster than the Unicode classes
_DIGIT_CAPITAL_ASCII = re.compile(r"[0-9%)][A-Z]")


def _numbers_then_words(line: str, ascii_line: bool) -> list[int]:
    """Where ``_NUMBER_THEN_WORD`` matches in ``line``, in order. In an ASCII line a match at ``p``
    has ``[A-Z]`` at ``p`` (its ``\\p{Lu}``) and ``[0-9%)]`` before it (its look-behind ends in
    ``\\d[%)]?``): a ``_DIGIT_CAPITAL_ASCII`` pair, which no other pair overlaps (its capital starts
    none), so the pattern is tried only there."""
    if ascii_line:
        return [p for m in _DIGIT_CAPITAL_ASCII.finditer(line)
                if _NUMBER_THEN_WORD.match(line, p := m.start() + 1) is not None]
    return [m.start() for m in _NUMBER_THEN_WORD.finditer(line)] if _DIGIT_CAPITAL.search(line) else []


def _number_start(line: str, pos: int) -> int:
    """Where the number glued before ``pos`` starts (the token ``_written_once`` looks up)."""
    return line.rfind(" ", 0, pos) + 1


def _word_start(line: str, pos: int) -> int:
    a = pos
    while a > 0 and line[a - 1].isalpha():
        a -= 1
    return a


def _word_end(line: str, pos: int) -> int:
    b = pos
    while b < len(line) and line[b].isalpha():
        b += 1
    return b


def glue_points(line: str, ctx_or_glue: object, doc: str | Evidence | None = None) -> list[int]:
    """Offsets where one paragraph ends and the next starts with no space between them.

    ``doc`` is the document's text (or its ``Evidence``): a camel-cased word the page writes again
    is a name, not two blocks glued. Without it, only the line itself is that evidence.
    """
    glue = _glue_of(ctx_or_glue)
    classes = line.encode("ascii").translate(_CLASSES) if line.isascii() else None
    cuts = set()
    done = -1
    for at in _candidates(line, classes, glue):
        if at < done:
            continue
        at = _run_start(line, at)
        m = glue.punct.match(line, at)
        if m is None:
            continue
        done = m.end()
        cut = _stop_cut(line, m, glue)
        if cut is not None and 0 < cut < len(line):
            cuts.add(cut)
    if "." in line and ("www." in line or "@" in line or "://" in line):  # what _TLD_GLUED starts with
        # an address glued to the next block: "…nydailynews.comWith Joe", "www.sc-sl.orgSponsored"
        cuts.update(m.end("tld") for m in _TLD_GLUED.finditer(line))
    if ":" in line:
        cuts.update(m.end() for m in glue.clock.finditer(line))
    if "©" in line or "(c)" in line or "(C)" in line:
        cuts.update(m.start() for m in _COPYRIGHT_GLUED.finditer(line))
    if classes is None and _cjk_possible(line):
        for m in glue.cjk.finditer(line):
            cuts.add(m.start() if m.start() == m.end() else m.end())
    if cuts:
        # only a line already shown to be glued gets camel cuts: elsewhere "iPhone" is one word
        camels = [c for c in _camel_steps(line, classes, glue) if _camel_shape_ok(line, c)]
        numbers = _numbers_then_words(line, classes is not None)
        if camels or numbers:
            evidence = doc if isinstance(doc, Evidence) else Evidence(doc or line)
            starts = {c: None for c in _camel_cuts(line, camels, cuts, glue)}
            starts.update((c, _number_start(line, c)) for c in numbers)
            # each step asks the whole page; a line with hundreds of steps (a table, garbage) is
            # split at its first _EVIDENCE_STEPS only, so that a long line costs linear time
            steps = sorted(starts)[:_EVIDENCE_STEPS]
            cuts.update(c for c in steps if _written_once(line, c, evidence, starts[c]))
    return sorted(cuts)


#: a copyright line glued to the sentence before it (``…Andy Murray.© All rights reserved``,
#: ``…in two finals.(c) Copyright``)
_COPYRIGHT_GLUED = regex.compile(r"(?<=[\p{L}\d][.!?…][\"”’)]{0,2})\(?(?:©|\([cC]\))\s?(?=[\p{Lu}\d])")


#: a web or e-mail address whose top-level domain runs into a capitalised word
_TLD_GLUED = re.compile(r"(?:www\.|@|https?://)[\w.-]+?\.(?P<tld>(?:com|net|org|edu|gov|info|biz|[a-z]{2})"
                        r"(?:\.[a-z]{2})?)(?=[A-Z][a-z]{2,})")


#: closing and opening CJK or curly quotation marks side by side (``”“``, ``」「``)
_QUOTES_MEET = re.compile(r"[”」』][“「『]")


def _cjk_possible(line: str) -> bool:
    """Whether ``Glue.cjk`` can match: it needs an ideographic stop, or a closing mark right before
    an opening one. Its lookbehinds make the pattern costly on every non-ASCII line otherwise."""
    # (``_QUOTES_MEET`` starts with a closing mark: most lines have none, and skip its scan)
    return "。" in line or "！" in line or "？" in line or (
        ("”" in line or "」" in line or "』" in line) and _QUOTES_MEET.search(line) is not None)


def _run_start(line: str, at: int) -> int:
    """Where the stops and closing marks before the candidate at ``at`` begin: ``rumours...Local``,
    ``fall.''Separately``, ``saying:"The``, as the general scan (a `re` hint at every mark) finds it."""
    if line[at] in _STOPS:
        while at > 0 and line[at - 1] in _STOPS:
            at -= 1
        return at
    j = at
    while j > 0 and line[j - 1] in _MARKS:
        j -= 1
    s = j
    while s > 0 and line[s - 1] in _STOPS:
        s -= 1
    if s < j:
        return s
    if j > 0 and line[j - 1] == ":":
        return j - 1  # a colon glued to an opening mark: ``saying:"The``
    # marks with no stop before them: the run starts where the general scan's would, at the first
    # mark that can end a block (a closing mark after a word, else the first bracket: ``WAC))White``)
    if line[j] == "'" and j > 0 and line[j - 1].isalnum():
        return j
    for k in range(j, at):
        if line[k] in ")]":
            return k
    return at


def _candidates(line: str, classes: bytes | None, glue: Glue) -> list[int]:
    """Offsets, in order, where a glue point may start: a scan of an ASCII line's classes for the
    ``_NEEDLES``, a `re` scan of any other line."""
    if classes is None:
        first = glue.hint.search(line)
        return [] if first is None else [m.start() for m in glue.hint.finditer(line, first.start())]
    return _needle_starts(classes)


def _needle_starts(classes: bytes) -> list[int]:
    """Offsets of the ``_NEEDLES`` in an ASCII line's classes, in order. Two needles never overlap
    (none ends with a class one starts with), nor do two ``.A`` in ``_NEEDLE_ENDS``' reading."""
    ends = classes.translate(_NEEDLE_ENDS)
    out = []
    i = ends.find(b".A")
    while i >= 0:
        if classes[i:i + 2] in _NEEDLE_SET:
            out.append(i)
        i = ends.find(b".A", i + 2)
    return out


def _camel_steps(line: str, classes: bytes | None, glue: Glue) -> list[int]:
    """Offsets of capitals right after a lowercase letter (``b"aA"`` in an ASCII line's classes)."""
    if classes is None:
        return [m.start() for m in glue.camel.finditer(line)]
    out = []
    i = classes.find(b"aA")
    while i >= 0:
        out.append(i + 1)
        i = classes.find(b"aA", i + 1)
    return out


class Evidence:
    """The document's text, casefolded once and only when a camel-case step asks about it."""

    __slots__ = ("_counts", "_folded", "_text")

    def __init__(self, text: str | list[str]) -> None:
        self._text = text
        self._folded: str | None = None
        self._counts: dict[str, int] = {}  # a word asked again (a table's cells) is not searched again

    def count(self, word: str) -> int:
        """How often the page writes ``word``, in any case."""
        word = word.casefold()
        n = self._counts.get(word)
        if n is None:
            if self._folded is None:
                text = self._text
                self._folded = _casefold(text) if isinstance(text, str) else "\n".join(map(_casefold, text))
            n = self._counts[word] = self._folded.count(word)
        return n


def _casefold(text: str, step: int = 1 << 16) -> str:
    """``text.casefold()``, slice by slice: CPython folds into a buffer of twelve bytes a character,
    a quarter of a gigabyte for a one-line page of 20 MB. Folding is per character (no context), so
    the slices fold to the same text."""
    if len(text) <= step:
        return text.casefold()
    return "".join([text[k:k + step].casefold() for k in range(0, len(text), step)])


def _camel_cuts(line: str, camels: list[int], stops: set[int], glue: Glue) -> list[int]:
    """The camel-case steps that start a paragraph: a heading, caption or title glued to the prose
    after it (``Pre-Workout MealEat 60–90 minutes before …``).

    A step is kept only when the piece it starts runs on for ``_PROSE_WORDS`` words before the
    next cut, and when its word has no other step: a run of glued menu items (``HomeNewsSport``)
    or a name (``GlaxoSmithKline``) stays whole. Splitting a menu would be right, but each piece of
    menu then weighs as much as a word of article in any bag-of-words measure, and more words of
    menu than of article would come out.
    """
    bounds = sorted({0, len(line), *camels, *stops})
    following = dict(pairwise(bounds))
    out = []
    for c in camels:
        if line.count(" ", c, following[c]) + 1 < _PROSE_WORDS and glue.date_label.match(line, c) is None:
            continue  # (a dateline is a block of its own however short: ``…workoutsPosted: Jan 9``)
        start = line.rfind(" ", 0, c) + 1
        end = line.find(" ", c)
        end = len(line) if end < 0 else end
        if bisect_left(camels, end) - bisect_left(camels, start) == 1:  # camels are in order
            out.append(c)
    return out


def split_glued(line: str, ctx_or_glue: object, doc: str | Evidence | None = None) -> list[str]:
    """The line cut at its glue points, each piece stripped; the line itself when it has none."""
    cuts = glue_points(line, ctx_or_glue, doc)
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    return [piece for a, b in pairwise(bounds) if (piece := line[a:b].strip())]


def _glue_of(obj: object) -> Glue:
    if isinstance(obj, Glue):
        return obj
    profile = getattr(obj, "profile", obj)
    if not isinstance(profile, Profile):
        raise TypeError(f"need a Context, Profile or Glue, not {type(obj).__name__}")
    return compile_glue(profile)
