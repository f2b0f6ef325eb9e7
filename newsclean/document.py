"""The document model: one dump on its way through the passes, and the record it becomes.

Passes never delete input lines: they *label* them (``labels[i]``) and note which pass decided
(``deciders[i]``). The text is built from the lines still unlabelled at the end, so every input line
can be explained afterwards (``newsclean show``) from the same decisions ``clean`` made.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: Version of the record layout written by ``to_record``; bump it with a README note on any change.
SCHEMA_VERSION = 2

#: The label of a blank line: structure, not content, and never counted as removed.
BLANK = "blank"


class Reject(Exception):
    """A document that cannot become a record; ``reason`` is a short stable code for summaries."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def content_digest(data: bytes) -> str:
    """The content hash of an input: computed by the workers, kept per input by the state file,
    which skips an unchanged input only when the two are the same function."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def path_bytes(path: str, unmatched: str = "backslashreplace") -> bytes:
    """The bytes of a path that Python decoded with ``surrogateescape`` (``os.fsdecode``, argv).
    A surrogate that stands for no byte is encoded with the error handler ``unmatched``: escaped
    and visible by default, ``surrogatepass`` where the bytes must stay distinct (a state key)."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return path.encode("utf-8", unmatched)


def printable_path(path: str) -> str:
    """``path`` as valid Unicode: unchanged when it is UTF-8, else each byte that is not UTF-8
    written ``\\xHH`` (JSON encoders, orjson first, refuse the lone surrogates Python keeps for them)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path_bytes(path).decode("utf-8", "backslashreplace")


def path_bytes_b64(path: str) -> str | None:
    """The exact bytes of a path that is not valid UTF-8, base64-encoded; None for a UTF-8 path."""
    try:
        path.encode("utf-8")
        return None
    except UnicodeEncodeError:
        return base64.b64encode(path_bytes(path)).decode("ascii")


def middle_of_text(prose: list[tuple[int, int]]) -> int | None:
    """The line where half of the page's prose has been read (None without prose): the article's
    middle, which a JSON-LD block or a header written after it cannot reach. ``prose``: (line,
    length) of the prose lines, in order."""
    total = sum(n for _, n in prose)
    seen = 0
    for i, n in prose:
        seen += n
        if seen * 2 >= total:
            return i
    return None


@dataclass(slots=True)
class Publisher:
    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(slots=True)
class Document:
    """A dump being cleaned. Fields after ``deciders`` are what the passes extract."""

    source: str
    id: str
    raw: bytes = b""
    encoding: str | None = None
    #: U+FFFD the decode pass put in for bytes it could not read (a few stray bytes in UTF-8 text)
    replaced: int = 0
    lines: list[str] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)
    deciders: list[str | None] = field(default_factory=list)
    #: how many verbatim copies a kept line had (set by dedupe-headers, read by metadata)
    copies: dict[int, int] = field(default_factory=dict)
    url: str | None = None
    domain: str | None = None
    date: str | None = None
    published: str | None = None
    modified: str | None = None
    title: str | None = None
    site: str | None = None
    authors: list[str] = field(default_factory=list)
    lead: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    publisher: Publisher | None = None
    language: str | None = None
    #: 0-1: 1.0 for a leaked locale, else the share of the sampled text in that language (language pass)
    language_confidence: float | None = None
    section: str | None = None
    quotes: list[dict[str, Any]] = field(default_factory=list)
    #: body lines the paragraphs pass split apart (glued paragraphs repaired)
    splits: dict[int, int] = field(default_factory=dict)
    #: the input line each of ``paragraphs`` came from (set by paragraphs, kept in step by drop_paragraphs)
    origins: list[int] = field(default_factory=list)
    #: paragraphs a pass after ``paragraphs`` took out of the text: (line, paragraph, label, pass)
    dropped: list[tuple[int, str, str, str]] = field(default_factory=list)
    removed: Counter[str] = field(default_factory=Counter)

    def label(self, i: int, label: str, by: str) -> None:
        """Record that pass ``by`` took line ``i`` out of the text as ``label``."""
        self.labels[i] = label
        self.deciders[i] = by
        self.removed[by] += 1

    def drop_paragraphs(self, drop: dict[int, str], by: str,
                        cuts: dict[int, tuple[int, str]] | None = None) -> None:
        """Take paragraphs (index -> label) out of the text after the paragraphs pass, and the tails of
        others (``cuts``: index -> (offset, label); the paragraph keeps what is before the offset).

        A glued line may lose some of its pieces and keep others, so what is removed is kept in
        ``dropped`` for ``show``; a line that loses every piece is labelled like any removed line and
        counted in ``removed[by]``, one that keeps a piece still counts as kept (``lines_in`` stays
        ``lines_kept`` plus the removed lines).
        """
        cuts = cuts or {}
        if not drop and not cuts:
            return
        lead_first = self.lead_first
        if lead_first and 0 in drop:
            self.lead = None
        kept: list[str] = []
        origins: list[int] = []
        left: dict[int, int] = {}
        lost: dict[int, str] = {}  # line -> the label of its last piece dropped here
        for k, (para, line) in enumerate(zip(self.paragraphs, self.origins, strict=True)):
            if k in drop:
                self.dropped.append((line, para, drop[k], by))
                lost[line] = drop[k]
                left.setdefault(line, 0)
            else:
                if k in cuts:
                    at, label = cuts[k]
                    self.dropped.append((line, para[at:].strip(), label, by))
                    para = para[:at].rstrip()
                    if k == 0 and lead_first:
                        self.lead = para
                kept.append(para)
                origins.append(line)
                left[line] = left.get(line, 0) + 1
        for line, n in left.items():
            if n == 0:
                self.label(line, lost[line], by)
        self.paragraphs, self.origins = kept, origins

    @property
    def lead_first(self) -> bool:
        """The lead is the text's first paragraph (a standfirst the page printed as its start)."""
        return self.lead is not None and self.paragraphs[:1] == [self.lead]

    def open_lines(self) -> list[int]:
        """Indexes of lines no pass has claimed yet, in order."""
        return [i for i, lab in enumerate(self.labels) if lab is None]

    def lines_text(self, lines: Iterable[int], limit: int) -> str:
        """The first ``limit`` characters of these lines, joined by line breaks (the breaks not
        counted): what a pass reads of a part of the page without copying all of it."""
        out: list[str] = []
        left = limit
        for i in lines:
            line = self.lines[i][:left]
            out.append(line)
            left -= len(line)
            if left <= 0:
                break
        return "\n".join(out)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def stats(self) -> dict[str, Any]:
        lines_in = sum(1 for lab in self.labels if lab != BLANK)
        kept = sum(1 for lab in self.labels if lab is None)
        return {
            "lines_in": lines_in,
            "lines_kept": kept,
            "removed": dict(self.removed),
            "split": sum(self.splits.values()),
            "encoding": self.encoding,
            "replaced": self.replaced,
        }

    def to_record(self) -> dict[str, Any]:
        """The contract: key order and meaning are documented in the README (schema 2)."""
        pub = self.publisher
        return {
            "schema": SCHEMA_VERSION,
            "id": printable_path(self.id),
            "source": printable_path(self.source),
            "source_bytes": path_bytes_b64(self.source),
            "url": self.url,
            "domain": self.domain,
            "date": self.date,
            "published": self.published,
            "modified": self.modified,
            "title": self.title,
            "site": self.site,
            "authors": self.authors,
            "lead": self.lead,
            "text": self.text,
            "tags": self.tags,
            "keywords": self.keywords,
            "images": self.images,
            "links": self.links,
            "publisher": None if pub is None else {"name": pub.name, "email": pub.email, "phone": pub.phone},
            "language": self.language,
            "language_confidence": self.language_confidence,
            "section": self.section,
            "quotes": self.quotes,
            "stats": self.stats(),
        }
