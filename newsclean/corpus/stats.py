"""A corpus report computed in one streaming pass over records.

Only counters are kept (never the records), so a corpus of any size is reported in flat memory:
the text-length distribution is a ``Counter`` of exact lengths, whose size is bounded by the number
of *distinct* lengths, which gives exact percentiles without storing one number per document.
The report is plain data (``to_dict``); rendering lives in ``newsclean.terminal.stats_view``
and ``newsclean.corpus.html``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

#: Version of the ``--json`` layout; bump on any incompatible change.
REPORT_VERSION = 1

UNKNOWN = "unknown"

#: Upper bounds (exclusive) of the text-length histogram buckets, in characters.
LENGTH_EDGES: tuple[int, ...] = (1, 500, 1_000, 2_000, 3_000, 5_000, 10_000, 20_000, 50_000)

_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def _month(record: Mapping[str, Any]) -> str:
    """``YYYY-MM`` from ``date`` (falling back to ``published``); records without one are 'unknown'."""
    for key in ("date", "published"):
        value = record.get(key)
        if isinstance(value, str):
            m = _MONTH.match(value)
            if m and 1 <= int(m.group(2)) <= 12:
                return f"{m.group(1)}-{m.group(2)}"
    return UNKNOWN


def _domain(record: Mapping[str, Any]) -> str:
    """The record's domain, else the URL's host without ``www.``, else 'unknown'."""
    domain = record.get("domain")
    if isinstance(domain, str) and domain.strip():
        return domain.strip().lower()
    url = record.get("url")
    if isinstance(url, str) and url:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    return UNKNOWN


def _speaker(quote: Mapping[str, Any]) -> str | None:
    for key in ("speaker_full", "speaker"):
        value = quote.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def length_bucket(n: int) -> str:
    """Label of the histogram bucket holding a text of ``n`` characters."""
    low = 0
    for edge in LENGTH_EDGES:
        if n < edge:
            return "0" if edge == 1 else f"{low:,}–{edge - 1:,}"
        low = edge
    return f"{low:,}+"


def length_bucket_labels() -> list[str]:
    """All bucket labels in order, so empty buckets still show in charts."""
    labels = ["0"]
    low = 1
    for edge in LENGTH_EDGES[1:]:
        labels.append(f"{low:,}–{edge - 1:,}")
        low = edge
    labels.append(f"{low:,}+")
    return labels


def percentile(counts: Mapping[int, int], q: float) -> int:
    """Nearest-rank percentile (0 < q <= 100) of the multiset ``{value: count}``."""
    total = sum(counts.values())
    if total == 0:
        return 0
    rank = max(1, math.ceil(total * q / 100))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return max(counts)


@dataclass(slots=True)
class CorpusReport:
    """Counters over a corpus; ``add`` one record at a time, ``add_reject`` one reject at a time."""

    documents: int = 0
    domains: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    tags: Counter[str] = field(default_factory=Counter)
    speakers: Counter[str] = field(default_factory=Counter)
    #: documents by how many quotes they hold
    quote_counts: Counter[int] = field(default_factory=Counter)
    #: documents by exact text length in characters
    lengths: Counter[int] = field(default_factory=Counter)
    words: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    lines_in: int = 0
    lines_kept: int = 0
    rejects: Counter[str] = field(default_factory=Counter)
    rejects_read: bool = False

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one record; tolerant of null/missing optional fields, as schema 1 allows."""
        self.documents += 1
        self.domains[_domain(record)] += 1
        self.months[_month(record)] += 1
        lang = record.get("language")
        self.languages[lang.strip().lower() if isinstance(lang, str) and lang.strip() else UNKNOWN] += 1
        tags = record.get("tags") or []
        # a tag repeated inside one document counts once: the table says "documents tagged"
        self.tags.update({" ".join(t.split()).lower() for t in tags if isinstance(t, str) and t.strip()})
        quotes = [q for q in (record.get("quotes") or []) if isinstance(q, Mapping)]
        self.quote_counts[len(quotes)] += 1
        for quote in quotes:
            speaker = _speaker(quote)
            if speaker:
                self.speakers[speaker] += 1
        text = record.get("text") or ""
        self.lengths[len(text)] += 1
        self.words += len(text.split())
        stats = record.get("stats") or {}
        if isinstance(stats, Mapping):
            removed = stats.get("removed") or {}
            if isinstance(removed, Mapping):
                for name, n in removed.items():
                    if isinstance(n, int):
                        self.removed[str(name)] += n
            self.lines_in += int(stats.get("lines_in") or 0)
            self.lines_kept += int(stats.get("lines_kept") or 0)

    def add_reject(self, reject: Mapping[str, Any]) -> None:
        self.rejects_read = True
        reason = reject.get("reason")
        self.rejects[reason if isinstance(reason, str) and reason else UNKNOWN] += 1

    @property
    def quotes(self) -> int:
        return sum(n * docs for n, docs in self.quote_counts.items())

    @property
    def characters(self) -> int:
        return sum(n * docs for n, docs in self.lengths.items())

    def length_histogram(self) -> list[tuple[str, int]]:
        """Documents per length bucket in order, zeros included up to the longest text's bucket."""
        hist = Counter[str]()
        for n, docs in self.lengths.items():
            hist[length_bucket(n)] += docs
        labels = length_bucket_labels()
        last = length_bucket(max(self.lengths)) if self.lengths else labels[0]
        # buckets above the longest text are left out: they would only stretch the chart
        return [(label, hist[label]) for label in labels[: labels.index(last) + 1]]

    def month_series(self) -> list[tuple[str, int]]:
        """Documents per month in calendar order, gaps filled with zero so a chart shows them."""
        known = sorted(m for m in self.months if m != UNKNOWN)
        series: list[tuple[str, int]] = []
        if known:
            year, month = map(int, known[0].split("-"))
            end = tuple(map(int, known[-1].split("-")))
            while (year, month) <= end:
                key = f"{year:04d}-{month:02d}"
                series.append((key, self.months[key]))
                month += 1
                if month == 13:
                    year, month = year + 1, 1
        if self.months[UNKNOWN]:
            series.append((UNKNOWN, self.months[UNKNOWN]))
        return series

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        """The report as JSON-ready data; ``top`` limits only the open-ended tags/speakers lists."""

        def ranked(counter: Counter[str], limit: int | None = None) -> list[dict[str, Any]]:
            # ties broken by name so the output is stable across runs
            items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            return [{"name": k, "count": v} for k, v in items[:limit]]

        docs = self.documents
        quote_total = self.quotes
        return {
            "report_version": REPORT_VERSION,
            "documents": docs,
            "domains": ranked(self.domains),
            "months": [{"month": m, "count": c} for m, c in self.month_series()],
            "languages": ranked(self.languages),
            "tags": {"distinct": len(self.tags), "top": ranked(self.tags, top)},
            "speakers": {"distinct": len(self.speakers), "top": ranked(self.speakers, top)},
            "quotes": {
                "total": quote_total,
                "per_document_mean": round(quote_total / docs, 3) if docs else 0.0,
                "documents_with_quotes": docs - self.quote_counts[0],
                "distribution": [
                    {"quotes": n, "documents": self.quote_counts[n]} for n in sorted(self.quote_counts)
                ],
            },
            "text_length": {
                "unit": "characters",
                "total": self.characters,
                "words": self.words,
                "empty": self.lengths[0],
                "min": min(self.lengths) if self.lengths else 0,
                "max": max(self.lengths) if self.lengths else 0,
                "mean": round(self.characters / docs, 1) if docs else 0.0,
                "p10": percentile(self.lengths, 10),
                "median": percentile(self.lengths, 50),
                "p90": percentile(self.lengths, 90),
                "p99": percentile(self.lengths, 99),
                "histogram": [{"bucket": b, "count": c} for b, c in self.length_histogram()],
            },
            "lines": {"in": self.lines_in, "kept": self.lines_kept},
            "removed_by_pass": ranked(self.removed),
            "rejects": (
                {"total": sum(self.rejects.values()), "by_reason": ranked(self.rejects)}
                if self.rejects_read
                else None
            ),
        }


def compute_report(
    records: Iterable[Mapping[str, Any]], rejects: Iterable[Mapping[str, Any]] | None = None
) -> CorpusReport:
    """Stream ``records`` (and optionally a rejects file's entries) into a ``CorpusReport``."""
    report = CorpusReport()
    for record in records:
        report.add(record)
    if rejects is not None:
        report.rejects_read = True
        for reject in rejects:
            report.add_reject(reject)
    return report
