"""Exact and near-duplicate detection over a stream of records, keeping the first of each group.

Choices, and why:

* **Normalisation** (both kinds): casefold, every Unicode punctuation character (``\\p{P}``) turned
  into a space, whitespace collapsed. Scrapes of one article differ in curly vs straight quotes,
  spacing around dashes and line wrapping far more often than in words.
* **Exact** duplicates: the normalised text hashed with BLAKE2b (128 bits); memory is one 16-byte
  digest per kept document.
* **Near** duplicates: MinHash over **word 5-gram shingles** of the normalised text, indexed with
  ``datasketch.MinHashLSH``. Word 5-grams are the usual choice for news (C4/The Pile/Gopher-style
  dedup): long enough that two unrelated articles on the same topic share few of them, short enough
  that a byline, a footer or a moved paragraph changes only a handful out of hundreds. A text of
  fewer than 5 words is one shingle (all of its words).
* **LSH banding** is tuned to favour recall (``weights=(0.1, 0.9)``: false negatives weigh 9x
  false positives): every candidate is then *verified* by the MinHash Jaccard estimate against the
  stored signature, so a false positive costs a comparison, not a wrong verdict. At the default
  threshold 0.8 with 128 permutations this gives 14 bands of 9 rows: a pair at Jaccard 0.8 becomes
  a candidate with probability ~0.87, at 0.85 ~0.97 (0.40 and 0.69 with datasketch's default
  equal weights).
* A duplicate points at the **kept** document it matched (never at another duplicate), and only
  kept documents enter the index, so chains of near-near-duplicates do not drift.

Memory is the digests, one ``uint32[num_perm]`` signature per kept non-empty document and the LSH
tables: never the texts.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

import regex

try:  # numpy arrives with the 'dedup' extra (datasketch needs it); exact dedup works without it
    import numpy as np
except ImportError:  # pragma: no cover - exercised only in installs without the extra
    np = None  # type: ignore[assignment]

#: Extra that provides near-duplicate detection.
DEDUP_HINT = "near-duplicate detection needs the 'dedup' extra: pip install 'newsclean[dedup]'"

SHINGLE_WORDS = 5
#: Signatures are stored in blocks of this many rows (8 MiB each at 128 permutations).
_CHUNK_ROWS = 16_384
#: LSH weights (false positive, false negative); see the module docstring.
LSH_WEIGHTS = (0.1, 0.9)

_PUNCT = regex.compile(r"\p{P}+")
# odd 64-bit multipliers for combining word hashes into a shingle hash (one per position)
_MULTIPLIERS = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
)


class MissingExtra(RuntimeError):
    """An optional dependency is not installed; the message says which extra to install."""


def normalise(text: str) -> str:
    """Casefolded text with punctuation removed and whitespace collapsed (the comparison form)."""
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def text_digest(normalised: str) -> bytes:
    """128-bit fingerprint of normalised text: collisions are negligible at corpus scale."""
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=16).digest()


def shingle_hashes(normalised: str, n: int = SHINGLE_WORDS) -> Any:
    """32-bit hashes of the word ``n``-grams of a normalised text, one per window (``uint32``).

    Each word is hashed once (CRC-32, mapped in C over the encoded words) and the windows are
    combined with numpy: several times faster than joining and hashing every 5-gram string.
    MinHash mixes the values again (MurmurHash3 fmix), so CRC-32's weak avalanche does not matter.
    A text shorter than ``n`` words is one shingle of all its words.
    """
    words = normalised.encode("utf-8").split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    word_h = np.array(list(map(zlib.crc32, words)), dtype=np.uint64)
    n = min(n, len(words))
    windows = len(words) - n + 1
    acc = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            mult = np.uint64(_MULTIPLIERS[j % len(_MULTIPLIERS)])
            acc = acc * np.uint64(31) + word_h[j : j + windows] * mult
    folded = (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    # repeats are kept: MinHash takes minima, so a repeated shingle cannot change the signature
    return folded.astype(np.uint32)


def _identity(value: Any) -> Any:
    return value


def _band_key(band: bytes) -> bytes:
    """8-byte LSH bucket key instead of the raw band (4 bytes x rows): the tables are most of the
    memory, and a rare bucket collision only adds a candidate that verification then rejects."""
    return hashlib.blake2b(band, digest_size=8).digest()


@dataclass(slots=True)
class Duplicate:
    """One dropped record: the side-file line that explains why it is not in the output."""

    id: str
    source: str | None
    duplicate_of: str
    kind: Literal["exact", "near"]
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class DedupSummary:
    """Counts for the stderr summary; ``read == kept + exact + near`` always."""

    read: int = 0
    kept: int = 0
    exact: int = 0
    near: int = 0


class Deduplicator:
    """Decide, record by record, whether a document repeats one seen before (first one wins)."""

    def __init__(
        self,
        threshold: float = 0.8,
        num_perm: int = 128,
        near: bool = True,
        shingle_words: int = SHINGLE_WORDS,
        seed: int = 1,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if num_perm < 2:
            raise ValueError(f"num_perm must be at least 2, got {num_perm}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.near = near
        self.shingle_words = shingle_words
        self.summary = DedupSummary()
        self._exact: dict[bytes, str] = {}
        self._sig_ids: list[str] = []
        self._sigs: list[Any] = []  # blocks of _CHUNK_ROWS signatures, row = LSH key
        self._lsh: Any = None
        self._template: Any = None
        if near:
            try:
                from datasketch import MinHash, MinHashLSH
            except ImportError as exc:
                raise MissingExtra(DEDUP_HINT) from exc
            try:
                self._lsh = MinHashLSH(
                    threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS, hashfunc=_band_key
                )
            except ValueError as exc:  # e.g. "bands too small" for a high threshold with few permutations
                raise ValueError(
                    f"threshold {threshold} with {num_perm} permutations gives no usable LSH banding "
                    f"({exc}): use more permutations or a lower threshold"
                ) from exc
            # one template: a fresh MinHash per document would redraw the permutations every time
            self._template = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)

    def signature(self, normalised: str) -> Any:
        """The MinHash of a normalised text's shingles (``None`` for an empty text)."""
        hashes = shingle_hashes(normalised, self.shingle_words)
        if hashes.size == 0:
            return None
        mh = self._template.copy()
        mh.update_batch(hashes.tolist())  # Python ints convert to an array faster than numpy scalars
        return mh

    def _store(self, doc_id: str, mh: Any) -> None:
        row = len(self._sig_ids)
        chunk, offset = divmod(row, _CHUNK_ROWS)
        if chunk == len(self._sigs):  # fixed-size blocks: no copy on growth, at most one block unused
            self._sigs.append(np.empty((_CHUNK_ROWS, self.num_perm), dtype=np.uint32))
        self._sigs[chunk][offset] = mh.hashvalues
        self._sig_ids.append(doc_id)
        self._lsh.insert(row, mh, check_duplication=False)

    def _best_match(self, mh: Any) -> tuple[int, float] | None:
        """The most similar kept document among the LSH candidates, by MinHash Jaccard estimate."""
        candidates = sorted(self._lsh.query(mh))
        if not candidates:
            return None
        sigs = np.stack([self._sigs[r // _CHUNK_ROWS][r % _CHUNK_ROWS] for r in candidates])
        sims = (sigs == mh.hashvalues).mean(axis=1)
        best = int(np.argmax(sims))  # first maximum = earliest kept document
        return candidates[best], float(sims[best])

    def check(self, record: Mapping[str, Any]) -> Duplicate | None:
        """Return why ``record`` is a duplicate, or ``None`` after remembering it as kept."""
        self.summary.read += 1
        doc_id = str(record.get("id") or f"#{self.summary.read}")
        source = record.get("source")
        norm = normalise(record.get("text") or "")
        digest = text_digest(norm)
        first = self._exact.get(digest)
        if first is not None:
            self.summary.exact += 1
            return Duplicate(doc_id, source, first, "exact", 1.0)
        mh = self.signature(norm) if self.near else None
        if mh is not None:
            match = self._best_match(mh)
            if match is not None and match[1] >= self.threshold:
                self.summary.near += 1
                return Duplicate(doc_id, source, self._sig_ids[match[0]], "near", round(match[1], 4))
            self._store(doc_id, mh)
        self._exact[digest] = doc_id
        self.summary.kept += 1
        return None


def dedup_records(
    records: Iterable[Mapping[str, Any]], deduplicator: Deduplicator
) -> Iterator[tuple[Mapping[str, Any], Duplicate | None]]:
    """Pair each record with its verdict, in input order (one pass, nothing buffered)."""
    for record in records:
        yield record, deduplicator.check(record)
