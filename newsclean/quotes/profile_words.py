"""Reported speech in other languages, read with the profile's words.

The English frames are code (``cues.py``, ``extract.py``). For other languages the words come from
the profile: ``quote_cues`` (speech verbs: ``заявил``, ``a déclaré``), ``quote_that`` (the word that
opens a reported clause: ``что``, ``que``, ``dass``), ``quote_according`` (``по словам``,
``selon``, ``laut``) and ``quote_pronouns`` (``она``: ``f``). The shapes are the English ones:
``NAME CUE, THAT …`` (``Ольга Гусева отметила, что …``), ``ACCORDING X, …`` (``Selon ces
mesures, …``) and ``…, CUE X.`` (``…, сообщили в администрации порта.``). Each set of words
compiles into one set of patterns, on first use.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

import regex

from .cues import alternation
from .speakers import NAME_R

# (content start, content end, speaker, speaker offset, cue), as in ``extract``.
Frame = tuple[int, int, "str | None", int, "str | None"]


@dataclass(frozen=True)
class QuoteWords:
    """The profile's words for quotes. Build one per profile and reuse it: its patterns are
    compiled on first use and kept on the instance."""

    cues: frozenset[str] = frozenset()
    that: frozenset[str] = frozenset()
    according: frozenset[str] = frozenset()
    #: (pronoun, gender) pairs, gender ``m``/``f``: singular pronouns that stand for a person
    pronouns: tuple[tuple[str, str], ...] = ()
    #: lower-case words whose period never ends a sentence (`тыс.`), beyond the English ones
    #: (the profile's `quote_abbreviations`)
    abbreviations: frozenset[str] = frozenset()

    @cached_property
    def compiled(self) -> _Patterns:
        """The patterns of these words (compiled once per instance)."""
        return _Patterns(self)

    @cached_property
    def _genders(self) -> dict[str, str]:
        return dict(self.pronouns)

    def pronoun_gender(self, word: str) -> tuple[bool, str | None]:
        """(whether ``word`` is one of the pronouns, its gender)."""
        gender = self._genders.get(word.lower()) if self.pronouns else None
        return gender is not None, gender or None


NO_WORDS = QuoteWords()


class _Patterns:
    """The patterns of one set of words (None where the profile gives no words)."""

    def __init__(self, words: QuoteWords) -> None:
        self.words = words
        flags = re.IGNORECASE
        cue = alternation(sorted(words.cues)) if words.cues else None
        # (both cases written out: `IGNORECASE` would make a name's capital letter match any letter)
        pron = alternation(sorted({f for p, _ in words.pronouns for f in (p, p.capitalize())})) \
            if words.pronouns else None
        # Scans run on the lower-cased text, without IGNORECASE and without a look-behind at every
        # position (both several times slower); the word boundary before a hit is checked after.
        self.cue_scan = re.compile(rf"(?:{cue})(?![\w'’])") if cue else None
        # `Ольга Гусева отметила, что …`, `Il a estimé qu'il …`, and up to three words between
        # (`сообщила журналистам, что`, `a déclaré à l'AFP que`, `sagte der Zeitung, dass`)
        self.said_that = re.compile(
            rf"(?<![\w'’])(?P<cue>{cue})(?:\s+[^\s,.;:!?«»“”„\"]+){{0,3}}?\s*,?\s+"
            rf"(?P<that>{alternation(sorted(words.that))})(?:(?<=['’])|\s+)", flags) \
            if cue and words.that else None
        # `По словам X, …` / `…, selon ces mesures, …`: opening its sentence or after a comma
        self.according = re.compile(
            rf"(?P<cue>{alternation(sorted(words.according))})"
            r"(?![\w])(?:\s+(?P<spk>[^,.;:!?\n\"«»“”„]{1,80}?))?\s*,\s+", flags) if words.according else None
        # `…, сообщили в администрации порта.` closing its sentence
        self.tail = re.compile(
            rf",\s*(?:[—–―-]\s*)?(?P<cue>{cue})\s+(?P<spk>[^,.;:!?\n\"«»“”„]{{1,80}}?)\s*[.!?]?\s*\Z",
            flags) if cue else None
        # (its candidates: a comma and a cue word, scanned for on the lower-cased text; `re` finds
        # the literal comma first)
        self.comma_cue = re.compile(rf",\s*(?:[—–―-]\s*)?(?:{cue})(?![\w'’])") if cue else None
        # the speaker right before a cue: a name or a pronoun
        spk = rf"{NAME_R}|{pron}" if pron else NAME_R
        self.speaker_before = regex.compile(rf"(?r)(?<![\w])(?P<spk>{spk})\s+\Z")
        # `«…», — добавила она.`: a pronoun closing the tail of a quote
        self.tail_pronoun = regex.compile(rf"(?<=\s)(?P<spk>{pron})[\s.!?…]*\Z") if pron else None
        # Cheap tests first: most articles hold none of these words (English ones, for the default
        # profile), and a substring test on the lower-cased text runs at C speed.
        self.that_needles = tuple(f" {w}" if w[-1] in "'’" else f" {w} " for w in sorted(words.that))
        by_first: dict[str, list[str]] = {}
        for phrase in words.according:
            by_first.setdefault(phrase.split()[0], []).append(phrase)
        self.according_first = tuple(by_first.items())

    def frames(self, text: str, units: list[tuple[int, int]]) -> list[Frame]:
        """Every frame of these words in ``text``, whose sentence units are ``units``."""
        low = text.lower()
        if len(low) != len(text):  # (a letter whose lower case is longer: offsets would shift)
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        starts = [u[0] for u in units]
        ends = [u[1] for u in units]
        frames: list[Frame] = []
        if self.according:
            phrases = [p for first, group in self.according_first if first in low for p in group if p in low]
            if phrases:
                frames += self._according_frames(text, low, phrases, starts, ends)
        if self.said_that and self.cue_scan and any(n in low for n in self.that_needles):
            frames += self._said_that_frames(text, low, starts, ends)
        if self.tail and self.comma_cue:
            for m in self.comma_cue.finditer(low):
                us, ue = _unit_of(m.start(), starts, ends)
                tail = self.tail.match(text, m.start(), ue) if m.start() > us else None
                if tail is not None:
                    frames.append((us, m.start(), tail.group("spk"), tail.start("spk"), tail.group("cue")))
        return frames

    def _said_that_frames(self, text: str, low: str, starts: list[int], ends: list[int]) -> list[Frame]:
        """`NAME CUE, THAT …`: the content runs from THAT to the end of its sentence unit."""
        assert self.said_that and self.cue_scan
        frames: list[Frame] = []
        for cue in self.cue_scan.finditer(low):
            at = cue.start()
            if at and (low[at - 1].isalnum() or low[at - 1] in "'’_"):
                continue  # inside a word
            m = self.said_that.match(text, at)
            if m is None:
                continue
            us, ue = _unit_of(m.start(), starts, ends)
            spk = self.speaker_before.match(text, max(us, m.start() - 120), m.start())
            frames.append((m.start("that"), ue, spk.group("spk") if spk else None,
                           spk.start("spk") if spk else -1, m.group("cue")))
        return frames

    def _according_frames(self, text: str, low: str, phrases: list[str], starts: list[int],
                          ends: list[int]) -> list[Frame]:
        """`ACCORDING X, …` opening its sentence or after a comma: the content runs from the comma
        to the end of the sentence unit."""
        assert self.according
        frames: list[Frame] = []
        hits = sorted({i for p in phrases for i in _find_all(low, p)})
        for at in hits:
            before = low[max(0, at - 2): at]
            if at and before[-1:] != "\n" and before not in (", ", ". ", "! ", "? ", "… ") and \
                    not (at - 1 in starts or at in starts):
                continue  # mid-clause: not a frame
            m = self.according.match(text, at)
            if m is None:
                continue
            _, ue = _unit_of(m.start(), starts, ends)
            spk = m.group("spk")
            frames.append((m.end(), ue, spk, m.start("spk") if spk else -1, m.group("cue")))
        return frames


def _find_all(text: str, needle: str) -> list[int]:
    """Every offset of ``needle`` in ``text``."""
    found = []
    i = text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def tail_pronoun(text: str, words: QuoteWords, start: int, end: int) -> regex.Match[str] | None:
    """A pronoun closing ``text[start:end]`` (`— добавила она.`), if the profile lists one."""
    if not words.pronouns:
        return None
    p = words.compiled.tail_pronoun
    return p.search(text, start, end) if p is not None else None


def _unit_of(pos: int, starts: list[int], ends: list[int]) -> tuple[int, int]:
    """The sentence unit around ``pos`` (units are sorted; ``pos`` may fall between two)."""
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return 0, ends[0] if ends else pos
    return starts[i], max(ends[i], pos)
