"""Stage 5, records: quote dicts of the record schema, and the bounds that keep them small.

:class:`Records` holds one article's output: each frame found emits a record through it (offsets
trimmed of frame punctuation, speaker resolved by :mod:`.speakers`), and :meth:`Records.finish`
sorts them and applies the bounds. Reported speech may nest (`X says that Y called …`), so in
the worst case a text's quotes could overlap without end and cost far more than the text: at most
:data:`MAX_DEPTH` quotes cover any character, so their text is at most that many times the text's.
"""

from __future__ import annotations

import heapq
import itertools
from typing import TYPE_CHECKING, Any

import regex

from .speakers import Speakers
from .units import only_punct

if TYPE_CHECKING:
    from .grammar import Grammar

#: how many quotes may cover one character (PolNeAR has statements nested four deep)
MAX_DEPTH = 4
_TRIM_CHARS = " \t\n\r,;:—–―-"


class Context:
    """Speaker of the last attributed quote, for continuation paragraphs."""

    __slots__ = ("cue", "kind", "speaker", "speaker_full", "speaker_title")

    def __init__(self, speaker: str | None, full: str | None, title: str | None, cue: str | None,
                 kind: str = "direct") -> None:
        self.speaker, self.speaker_full, self.speaker_title, self.cue = speaker, full, title, cue
        # A continuation of a partly quoted statement is part of that (mixed) statement.
        self.kind = kind


def trim(g: Grammar, text: str, start: int, end: int, strip_period: bool = True) -> tuple[int, int]:
    """Shrink a span past surrounding spaces and separators (and a final period)."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and (text[end - 1] in _TRIM_CHARS or (strip_period and text[end - 1] in ".")):
        end -= 1
    # A content cut where the next frame begins may end in its conjunction (`…, but` Republicans
    # said …).
    lo = max(start, end - 20)  # (the tail only: linear in all)
    ends = g.dangling_ends
    m = g.dangling_re.search(text, lo, end) if ends is None or text.endswith(ends, lo, end) else None
    if m:
        end = m.start()
        while end > start and text[end - 1] in _TRIM_CHARS:
            end -= 1
    return start, end


def group(m: regex.Match[str], *names: str) -> tuple[str | None, int]:
    """First non-empty group among ``names`` (those the pattern has), with its start offset.
    (Groups are read one by one: ``groupdict`` builds a dict of every group of a large pattern.)"""
    index = m.re.groupindex
    for name in names:
        if name in index:
            value = m.group(name)
            if value:
                return value, m.start(name)
    return None, -1


def cue_text(m: regex.Match[str], cue_name: str) -> str | None:
    """Cue as written, keeping the addressee of ``told`` (``told Sputnik``)."""
    index = m.re.groupindex
    cue = m.group(cue_name) if cue_name in index else None
    if cue and cue_name == "cue" and "obj" in index:
        obj = m.group("obj")
        if obj:
            cue = f"{cue} {obj}"
    return cue


def is_title(g: Grammar, text: str, start: int, end: int) -> bool:
    """A name in quotation marks rather than a statement: a show, a book, a slogan (`told ABC's
    "Good Morning America."`): two to seven words, all capitalised but the small ones. Checked
    only for direct quotes; a title inside a sentence still makes reported speech mixed."""
    if end - start > 60:
        return False
    if not g.titles_by_case:
        # where every noun is capitalised, a name is one to four capitalised words (or small ones)
        # without punctuation (`„Berliner Zeitung“`, `„Twitter“`; not `„Wir kommen“`, `„veränderten
        # Lage“`, `„Wir kommen.“`)
        words = text[start:end].split()
        return 0 < len(words) <= 4 and words[0][:1].isupper() and text[end - 1] not in ".!?,;:…" and \
            all(w[:1].isupper() or w in g.title_small_words for w in words)
    words = text[start:end].rstrip(".,:;!?").split()
    return 2 <= len(words) <= 7 and all(w[:1].isupper() or w in g.title_small_words for w in words) \
        and any(w[:1].isalpha() for w in words)


#: the keys of a quote record, in their order
KEYS = ("text", "start", "end", "kind", "speaker", "speaker_full", "speaker_title", "cue")


class Quote:
    """A quote record while an article is read (a slotted object: a fifth of a dict's memory,
    which matters when an adversarial text holds a frame every few words)."""

    __slots__ = KEYS

    def __init__(self, start: int, end: int, kind: str, speaker: str | None, full: str | None,
                 title: str | None, cue: str | None) -> None:
        self.text = ""
        self.start, self.end, self.kind = start, end, kind
        self.speaker, self.speaker_full, self.speaker_title, self.cue = speaker, full, title, cue

    def record(self, text: str) -> dict[str, Any]:
        """The record dict, its text sliced from ``text``."""
        return {"text": text[self.start: self.end], "start": self.start, "end": self.end, "kind": self.kind,
                "speaker": self.speaker, "speaker_full": self.speaker_full,
                "speaker_title": self.speaker_title, "cue": self.cue}


class Records:
    """One article's quote records as they are found, with its speaker resolution."""

    def __init__(self, text: str, g: Grammar) -> None:
        self.text = text
        self.g = g
        self.speakers = Speakers(text, g)
        self.out: list[Quote] = []

    def _span(self, start: int, end: int) -> tuple[int, int]:
        """Drop outer spaces and the trailing comma of `"…," he said` (frame punctuation)."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        return start, end

    def _worthless(self, start: int, end: int, kind: str) -> bool:
        return only_punct(self.text, start, end) or (
            kind == "direct" and is_title(self.g, self.text, start, end))

    def context(self, spk: str | None, spk_pos: int, cue: str | None) -> Context:
        """The speaker context of a frame (resolved as :meth:`emit` would), for the quotes after it."""
        return Context(*self.speakers.info(spk, spk_pos), cue)

    def emit(self, start: int, end: int, kind: str, spk: str | None, spk_pos: int,
             cue: str | None) -> Context | None:
        """Append one quote record; returns its speaker context."""
        start, end = self._span(start, end)
        if self._worthless(start, end, kind):
            return None
        speaker, full, title = self.speakers.info(spk, spk_pos)
        cue = " ".join(cue.split()) if cue else None
        self.out.append(Quote(start, end, kind, speaker, full, title, cue))
        return Context(speaker, full, title, cue, kind)

    def emit_ctx(self, start: int, end: int, kind: str, ctx: Context | None) -> None:
        """Append a quote that inherits an earlier speaker (continuations)."""
        start, end = self._span(start, end)
        if self._worthless(start, end, kind):
            return
        if ctx is None:
            self.out.append(Quote(start, end, kind, None, None, None, None))
        else:
            self.out.append(Quote(start, end, kind, ctx.speaker, ctx.speaker_full, ctx.speaker_title,
                                  ctx.cue))

    def finish(self) -> list[dict[str, Any]]:
        """The records sorted by start, at most :data:`MAX_DEPTH` deep at any character (the
        outer statements are kept: a quote that would be one level too deep is left out), each
        with its text (sliced only now, so that left-out quotes never cost a copy)."""
        out = self.out
        out.sort(key=lambda q: q.start)  # (stable: the order of finding among equal starts)
        if any(a.end > b.start for a, b in itertools.pairwise(out)):
            drop: set[int] = set()
            active: list[int] = []  # ends of the kept quotes covering the current start
            for i in sorted(range(len(out)), key=lambda i: (out[i].start, -out[i].end, i)):
                q = out[i]
                while active and active[0] <= q.start:
                    heapq.heappop(active)
                if len(active) >= MAX_DEPTH:
                    drop.add(i)
                    continue
                heapq.heappush(active, q.end)
            if drop:
                out = [q for i, q in enumerate(out) if i not in drop]
        text = self.text
        return [q.record(text) for q in out]
