"""Stage 3c, word frames: reported speech in three shapes most languages share.

The shapes, all read from the pack: ``NAME CUE[,] THAT …`` (`Ольга Гусева отметила, что …`, up to
three words between cue and `that`: `sagte der Zeitung, dass`), ``ACCORDING X, …`` opening its
sentence or after a comma (`Selon ces mesures, …`, `По данным X, …`) and ``…, CUE X.`` closing it
(`…, сообщили в администрации порта.`). They fill what the other frames left: a frame whose
words another frame already read is skipped.

Scans run on the lower-cased text with plain substring tests first (most articles hold none of a
phrase's words), without IGNORECASE and without a look-behind at every position (both several
times slower); word boundaries are checked after a hit.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from ..pattern_cache import compile_cached
from .grammar import alternation

if TYPE_CHECKING:
    from .pack import Pack

# (content start, content end, speaker, speaker offset, cue), as in ``frames_reported``.
Frame = tuple[int, int, "str | None", int, "str | None"]


class WordPatterns:
    """The word-frame patterns of one pack (None where the pack gives no words)."""

    def __init__(self, pack: Pack, name_r: str) -> None:
        flags = re.IGNORECASE
        cues = sorted({c.lower() for c in pack.words("speech_verbs")})
        that = sorted({t.lower() for t in pack.words("that")})
        according = sorted({a.lower() for a in pack.words("according")})
        pronouns = [p for p, _ in pack.mapping("pronouns")]
        cue = alternation(cues) if cues else None
        # (both cases written out: `IGNORECASE` would make a name's capital letter match any letter)
        pron = alternation(sorted({f for p in pronouns for f in (p, p.capitalize())})) if pronouns else None
        self.cue_scan = re.compile(rf"(?:{cue})(?![\w'’])") if cue else None
        # `Ольга Гусева отметила, что …`, `Il a estimé qu'il …`, and up to three words between
        self.said_that = re.compile(
            rf"(?<![\w'’])(?P<cue>{cue})(?:\s+[^\s,.;:!?«»“”„\"]+){{0,3}}?\s*,?\s+"
            rf"(?P<that>{alternation(that)})(?:(?<=['’])|\s+)", flags) if cue and that else None
        # `По словам X, …` / `…, selon ces mesures, …`: opening its sentence or after a comma
        self.according = re.compile(
            rf"(?P<cue>{alternation(according)})"
            r"(?![\w])(?:\s+(?P<spk>[^,.;:!?\n\"«»“”„]{1,80}?))?\s*,\s+", flags) if according else None
        # `…, сообщили в администрации порта.` closing its sentence
        self.tail = re.compile(
            rf",\s*(?:[—–―-]\s*)?(?P<cue>{cue})\s+(?P<spk>[^,.;:!?\n\"«»“”„]{{1,80}}?)\s*[.!?]?\s*\Z",
            flags) if cue else None
        self.that_words = frozenset(that)
        self.according_tail = re.compile(rf",\s*(?:{alternation(according)})(?![\w'’])") \
            if according else None
        self.according_tail_match = re.compile(
            rf",\s*(?P<cue>{alternation(according)})\s+(?P<spk>[^,.;:!?\n\"«»“”„]{{1,80}}?)\s*[.!?]?\s*\Z",
            flags) if according else None
        # (its candidates: a comma and a cue word, scanned for on the lower-cased text; `re` finds
        # the literal comma first)
        self.comma_cue = re.compile(rf",\s*(?:[—–―-]\s*)?(?:{cue})(?![\w'’])") if cue else None
        # the speaker right before a cue: a name or a pronoun
        spk = rf"{name_r}|{pron}" if pron else name_r
        self.speaker_before = compile_cached(rf"(?r)(?<![\w])(?P<spk>{spk})\s+\Z")
        self.that_needles = tuple(f" {w}" if w[-1] in "'’" else f" {w} " for w in that)
        by_first: dict[str, list[str]] = {}
        for phrase in according:
            by_first.setdefault(phrase.split()[0], []).append(phrase)
        self.according_first = tuple(by_first.items())

    def frames(self, text: str, units: list[tuple[int, int]]) -> list[Frame]:
        """Every frame of these words in ``text``, whose sentence units are ``units``."""
        low = text.lower()
        if len(low) != len(text):  # (a letter whose lower case is longer: offsets would shift)
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        starts = [u[0] for u in units]
        ends = [u[1] for u in units]
        found: list[Frame] = []
        if self.according:
            phrases = [p for first, group in self.according_first if first in low for p in group if p in low]
            if phrases:
                found += self._according_frames(text, low, phrases, starts, ends)
        if self.said_that and self.cue_scan and any(n in low for n in self.that_needles):
            found += self._said_that_frames(text, low, starts, ends)
        if self.tail and self.comma_cue:
            for m in self.comma_cue.finditer(low):
                us, ue = unit_of(m.start(), starts, ends)
                tail = self.tail.match(text, m.start(), ue) if m.start() > us else None
                if tail is not None and (tail.group("spk").split() or [""])[0].lower() not in self.that_words:
                    # (`X, Y, aseguró que …`: a clause after the cue is what was said, not who)
                    found.append((us, m.start(), tail.group("spk"), tail.start("spk"), tail.group("cue")))
        if self.according_tail:
            # `…, según fuentes de la organización.` closing its sentence
            for m in self.according_tail.finditer(low):
                us, ue = unit_of(m.start(), starts, ends)
                tail = self.according_tail_match.match(text, m.start(), ue) if m.start() > us else None
                if tail is not None:
                    found.append((us, m.start(), tail.group("spk"), tail.start("spk"), tail.group("cue")))
        return found

    def _said_that_frames(self, text: str, low: str, starts: list[int], ends: list[int]) -> list[Frame]:
        """`NAME CUE, THAT …`: the content runs from THAT to the end of its sentence unit."""
        assert self.said_that and self.cue_scan
        found: list[Frame] = []
        for cue in self.cue_scan.finditer(low):
            at = cue.start()
            if at and (low[at - 1].isalnum() or low[at - 1] in "'’_"):
                continue  # inside a word
            m = self.said_that.match(text, at)
            if m is None:
                continue
            us, ue = unit_of(m.start(), starts, ends)
            spk = self.speaker_before.match(text, max(us, m.start() - 120), m.start())
            found.append((m.start("that"), ue, spk.group("spk") if spk else None,
                          spk.start("spk") if spk else -1, m.group("cue")))
        return found

    def _according_frames(self, text: str, low: str, phrases: list[str], starts: list[int],
                          ends: list[int]) -> list[Frame]:
        """`ACCORDING X, …` opening its sentence or after a comma: the content runs from the comma
        to the end of the sentence unit."""
        assert self.according
        found: list[Frame] = []
        hits = sorted({i for p in phrases for i in find_all(low, p)})
        unit_starts = set(starts)
        for at in hits:
            before = low[max(0, at - 2): at]
            if at and before[-1:] != "\n" and before not in (", ", ". ", "! ", "? ", "… ") and \
                    not (at - 1 in unit_starts or at in unit_starts):
                continue  # mid-clause: not a frame
            m = self.according.match(text, at)
            if m is None:
                continue
            _, ue = unit_of(m.start(), starts, ends)
            spk = m.group("spk")
            found.append((m.end(), ue, spk, m.start("spk") if spk else -1, m.group("cue")))
        return found


def find_all(text: str, needle: str) -> list[int]:
    """Every offset of ``needle`` in ``text``."""
    found = []
    i = text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def unit_of(pos: int, starts: list[int], ends: list[int]) -> tuple[int, int]:
    """The sentence unit around ``pos`` (units are sorted; ``pos`` may fall between two)."""
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return 0, ends[0] if ends else pos
    return starts[i], max(ends[i], pos)
