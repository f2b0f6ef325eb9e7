"""Corpus-level boilerplate: lines that recur in a large share of one domain's documents.

A subscribe prompt or a footer is ordinary prose to every per-document rule; only the corpus shows it
is the same line on every page of a site. ``clean --learn-boilerplate`` makes two passes: the first
counts, per domain, in how many documents each would-be body line occurs; lines above the share are
written to a table that the ``boilerplate`` pass reads in the second.

Memory is bounded: the counters hold 8-byte line hashes, never line text, and a domain whose counter
outgrows ``max_keys`` drops the keys seen once so far (lossy counting: a line on half of a site's pages
is seen again long before it could be dropped for good).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import orjson


def line_key(line: str) -> int:
    """A stable 64-bit key of a line, case and spacing folded (Python's ``hash`` differs per process)."""
    folded = " ".join(line.split()).casefold().encode()
    return int.from_bytes(hashlib.blake2b(folded, digest_size=8).digest(), "big")


@dataclass(slots=True)
class LineCounter:
    """Per domain: documents seen, and in how many of them each line key occurred."""

    max_keys: int = 1_000_000
    docs: Counter[str] = field(default_factory=Counter)
    counts: dict[str, Counter[int]] = field(default_factory=dict)

    def add(self, domain: str, keys: Iterable[int]) -> None:
        self.docs[domain] += 1
        counter = self.counts.setdefault(domain, Counter())
        counter.update(keys)
        if len(counter) > self.max_keys:
            for key in [k for k, n in counter.items() if n == 1]:
                del counter[key]

    def learned(self, share: float, min_docs: int) -> dict[str, list[int]]:
        """Keys in at least ``share`` of a domain's documents, for domains with ``min_docs`` or more."""
        table = {}
        for domain, n_docs in self.docs.items():
            if n_docs < min_docs:
                continue
            floor = max(2, share * n_docs)
            keys = sorted(k for k, n in self.counts[domain].items() if n >= floor)
            if keys:
                table[domain] = keys
        return table


def save_table(table: dict[str, list[int]], path: str) -> None:
    with open(path, "wb") as f:
        f.write(orjson.dumps(table))


@lru_cache(maxsize=4)
def load_table(path: str) -> dict[str, frozenset[int]]:
    """The learned table, once per process (workers read it from the file, not from each task)."""
    if not path or not os.path.exists(path):
        return {}
    with open(path, "rb") as f:
        return {domain: frozenset(keys) for domain, keys in orjson.loads(f.read()).items()}
