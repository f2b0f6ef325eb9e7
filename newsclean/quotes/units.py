"""Stage 2, units: cue words and sentence units.

Cue words (the pack's speech verbs and according-phrases) are found by one scan of the whole
article; frames are then matched only around them. The text is cut into units: sentences, but
never inside a quotation (so a multi-sentence quote and its ``he said`` stay together) nor after
an abbreviation of the pack (`Mr.`, `Nr.`, `тыс.`), and a sentence closing with a quote mark
(`.“ Seit …`, `."  The …`) ends there.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import regex

from .marks import QuoteSpan

if TYPE_CHECKING:
    from .grammar import Grammar

HAS_WORD_RE = regex.compile(r"[\p{L}\p{N}]")


def near(positions: list[int], lo: int, hi: int) -> bool:
    """True when some position lies in [lo, hi)."""
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def only_punct(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds no letters or digits."""
    return start >= end or not HAS_WORD_RE.search(text, start, end)


def naming_only(g: Grammar, text: str, start: int, end: int) -> bool:
    """`called` naming a thing (`a book called "X"`, `so-called`) rather than a speaker's words."""
    return text[max(0, start - 3): start].lower() in g.naming_prefixes or \
        text[end + 1: end + 2] in _QUOTE_MARKS


_QUOTE_MARKS = frozenset("\"“”«»„'‘")


def cue_hits(g: Grammar, text: str) -> tuple[list[int], list[int]]:
    """(offsets of every speech verb, offsets of the cues that also introduce reported speech).

    A verb of saying followed by the pack's `that` introduces reported speech too, and so does a
    past tense of the pack's shape before `that` (`learned that`, `concluded that`).
    """
    speech: list[int] = []
    hits: list[int] = []
    indirect = g.indirect_set
    naming = g.naming_verbs
    needles = g.that_needles
    for start, end, word in _cue_words(g, text):
        if word in naming and naming_only(g, text, start, end):
            continue  # `a play called "Los Hijos de Trump"`, `so-called`: a name, not speech
        speech.append(start)
        if word in indirect or text.startswith(needles, end) or " ".join(word.split()) in indirect:
            hits.append(start)
    if g.v2:
        # the clause frames read every cue, and the according-phrases too (`…“, so Barth.`)
        if g.frame_word_re is not None:
            speech = sorted({*speech, *(m.start() for m in g.frame_word_re.finditer(text))})
        return speech, speech
    extra = that_verbs(g, text)
    if extra:
        hits = sorted({*hits, *extra})
    return speech, hits


def _cue_words(g: Grammar, text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each match of ``cue_hit_re`` (found with ``cue_scan_re`` past the first
    character, when the pack has it: the same matches, about a fifth faster), as one list (a
    generator's step per match cost more than the scan's)."""
    scan = g.cue_scan_re
    if scan is None:
        return [(m.start(), m.end(), m.group()) for m in g.cue_hit_re.finditer(text)]
    found: list[tuple[int, int, str]] = []
    pos = 0
    m = g.cue_hit_re.match(text)
    if m is not None:
        pos = m.end()
        found.append((0, pos, m.group()))
    found += [(*m.span(1), m.group(1)) for m in scan.finditer(text, pos)]
    return found


def that_verbs(g: Grammar, text: str) -> list[int]:
    """Offsets of the past tenses right before ` that ` (found from `that`: a scan of every word
    for the suffix took 3% of the extraction time)."""
    if g.word_before_re is None:
        return []
    found = []
    for needle in g.that_needles:
        pos = text.find(needle)
        while pos != -1:
            m = g.word_before_re.search(text, max(0, pos - 30), pos)
            if m is not None:
                found.append(m.start())
            pos = text.find(needle, pos + len(needle) - 1)
    return found


def _after_quote(g: Grammar, text: str, pos: int) -> bool:
    """`„Warum?“ fragte er.`: a frame of the clause grammar right after a quote."""
    from .frames_clause import after_quote

    return after_quote(g.clause, text, pos, min(len(text), pos + 300)) is not None


def units(g: Grammar, text: str, quotes: list[QuoteSpan], speech: list[int]) -> list[tuple[int, int]]:
    """Sentence-like units, never split inside a quotation nor after an abbreviation."""
    out: list[tuple[int, int]] = []
    opens = [q.open_start for q in quotes]
    closing = g.closing_marks
    strip = g.closing_strip
    abbreviations = g.abbreviations
    lower = g.abbreviations_lower
    ordinal = g.ordinal_re
    start = 0
    for m in g.boundary_re.finditer(text):
        pos = m.start()
        if text[pos] == "\n":
            while pos > start and text[pos - 1] in " \t":
                pos -= 1
        i = bisect.bisect_left(opens, pos) - 1
        if i >= 0 and quotes[i].close_end > pos:
            continue  # inside a quotation
        if text[pos] != "\n":
            if text[pos - 1] in closing and near(speech, pos, pos + 160) and (
                    _after_quote(g, text, pos) if g.v2 else
                    g.post_quote_match(text, pos, min(len(text), pos + 300))):
                continue  # `"Why?" Trump asked.`: the frame belongs to the quote
            j = text.rfind(" ", max(0, pos - 30), pos)
            word = text[j + 1: pos].rstrip(strip).rstrip(".!?…")
            if word in abbreviations or (len(word) == 1 and word.isupper()) or "." in word or \
                    (lower and word.lower() in lower) or (ordinal and ordinal.fullmatch(word)):
                continue
        if pos > start:
            out.append((start, pos))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out
