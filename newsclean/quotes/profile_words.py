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
        flags = re.IGNORECASE | re.MULTILINE
        cue = alternation(sorted(words.cues)) if words.cues else None
        # (both cases written out: `IGNORECASE` would make a name's capital letter match any letter)
        pron = alternation(sorted({f for p, _ in words.pronouns for f in (p, p.capitalize())})) \
            if words.pronouns else None
        self.cue_scan = re.compile(rf"(?<![\w'’])(?:{cue})(?![\w'’])", flags) if cue else None
        # `Ольга Гусева отметила, что …`, `Il a estimé qu'il …`
        self.said_that = re.compile(
            rf"(?<![\w'’])(?P<cue>{cue})\s*,?\s+(?P<that>{alternation(sorted(words.that))})"
            r"(?:(?<=['’])|\s+)", flags) if cue and words.that else None
        # `По словам X, …` / `…, selon ces mesures, …`: opening its sentence or after a comma
        self.according = re.compile(
            rf"(?:^|(?<=[.!?…]\s)|(?<=,\s)|(?<=\n))(?P<cue>{alternation(sorted(words.according))})"
            r"(?![\w])(?:\s+(?P<spk>[^,.;:!?\n\"«»“”„]{1,80}?))?\s*,\s+", flags) if words.according else None
        # `…, сообщили в администрации порта.` closing its sentence
        self.tail = re.compile(
            rf",\s*(?:[—–―-]\s*)?(?P<cue>{cue})\s+(?P<spk>[^,.;:!?\n\"«»“”„]{{1,80}}?)\s*[.!?]?\s*\Z",
            flags) if cue else None
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
        exact = len(low) == len(text)  # (else the substring tests could miss: run the patterns)
        starts = [u[0] for u in units]
        ends = [u[1] for u in units]
        frames: list[Frame] = []
        if self.according and (not exact or any(
                first in low and any(p in low for p in phrases) for first, phrases in self.according_first)):
            frames += self._according_frames(text, starts, ends)
        if self.said_that and self.cue_scan and (not exact or any(n in low for n in self.that_needles)):
            frames += self._said_that_frames(text, starts, ends)
        if self.tail:
            for us, ue in units:
                f = self._tail_frame(text, us, ue)
                if f is not None:
                    frames.append(f)
        return frames

    def _said_that_frames(self, text: str, starts: list[int], ends: list[int]) -> list[Frame]:
        """`NAME CUE, THAT …`: the content runs from THAT to the end of its sentence unit."""
        assert self.said_that and self.cue_scan
        frames: list[Frame] = []
        for cue in self.cue_scan.finditer(text):
            m = self.said_that.match(text, cue.start())
            if m is None:
                continue
            us, ue = _unit_of(m.start(), starts, ends)
            spk = self.speaker_before.match(text, max(us, m.start() - 120), m.start())
            frames.append((m.start("that"), ue, spk.group("spk") if spk else None,
                           spk.start("spk") if spk else -1, m.group("cue")))
        return frames

    def _according_frames(self, text: str, starts: list[int], ends: list[int]) -> list[Frame]:
        """`ACCORDING X, …`: the content runs from the comma to the end of the sentence unit."""
        assert self.according
        frames: list[Frame] = []
        for m in self.according.finditer(text):
            _, ue = _unit_of(m.start(), starts, ends)
            spk = m.group("spk")
            frames.append((m.end(), ue, spk, m.start("spk") if spk else -1, m.group("cue")))
        return frames

    def _tail_frame(self, text: str, us: int, ue: int) -> Frame | None:
        """`…, CUE X.` closing the unit ``[us, ue)``: the content is what comes before the comma."""
        assert self.tail
        # (one match at the unit's last comma, when a cue word follows it: a set lookup first)
        comma = text.rfind(",", us, ue)
        if comma <= us:
            return None
        after = text[comma + 1: comma + 40].lstrip(" \t—–―-").lower().split(None, 2)
        cues = self.words.cues
        if not after or (after[0] not in cues and " ".join(after[:2]) not in cues):
            return None
        m = self.tail.match(text, comma, ue)
        if m is None:
            return None
        return us, comma, m.group("spk"), m.start("spk"), m.group("cue")


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
