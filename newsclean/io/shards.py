"""Sharded output: ``DIR/part-00000.jsonl.zst`` … of at most ``--shard-size`` records, and a
``manifest.json`` (counts, schema version, options, per-shard SHA-256) that says what is there.

Each shard is written under a dot-name and renamed into place only when complete (after fsync), so
a killed run leaves whole shards and hidden temporaries, never a half-written ``part-*``. Numbering
continues after the highest part already in the directory, so incremental and resumed runs add
shards beside the old ones instead of overwriting them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, BinaryIO

import orjson

from .compression import codec_of, open_reader, open_writer
from .writers import atomic_output

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
SHARD_RE = re.compile(r"^part-(\d{5,})\.jsonl(?:\.(gz|bz2|xz|zst))?$")
EXTENSIONS = {"zst": ".jsonl.zst", "gz": ".jsonl.gz", "bz2": ".jsonl.bz2", "xz": ".jsonl.xz",
              "none": ".jsonl"}


@dataclass(slots=True)
class Shard:
    name: str
    records: int
    bytes: int
    sha256: str


def shard_name(index: int, compression: str) -> str:
    return f"part-{index:05d}{EXTENSIONS[compression]}"


def next_index(directory: str) -> int:
    """One past the highest ``part-N`` in ``directory`` (0 when there is none)."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return 0
    found = [int(m.group(1)) for n in names if (m := SHARD_RE.match(n))]
    return max(found) + 1 if found else 0


class _Hashing:
    """A write-only file wrapper that keeps the SHA-256 and size of what reaches the disk."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.size

    @property
    def closed(self) -> bool:
        return self.raw.closed

    def close(self) -> None:  # the compressor must not close the file under us
        pass


def _fsync_dir(directory: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class ShardWriter:
    """Writes records into numbered shards, rotating every ``shard_size`` records.

    ``before_rename(name)`` runs once a shard is complete on disk and ``after_rename(name)`` once it
    is under its final name: the run's state store records the shard between the two, so a kill at
    any point can be told apart on resume.
    """

    def __init__(self, directory: str, shard_size: int, compression: str = "zst", start: int | None = None,
                 before_rename: Callable[[str], None] | None = None,
                 after_rename: Callable[[str], None] | None = None) -> None:
        os.makedirs(directory, exist_ok=True)
        self.directory = directory
        self.shard_size = shard_size
        self.compression = compression
        self.index = next_index(directory) if start is None else start
        self.before_rename = before_rename
        self.after_rename = after_rename
        self.shards: list[Shard] = []
        self._tmp: str | None = None
        self._raw: BinaryIO | None = None
        self._hash: _Hashing | None = None
        self._out: BinaryIO | None = None
        self._count = 0

    @property
    def current(self) -> str:
        """The name the shard being written will get."""
        return shard_name(self.index, self.compression)

    @property
    def position(self) -> int:
        """The line (0-based) the next record gets in the current shard."""
        return self._count if self._out is not None else 0

    def _open(self) -> None:
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.current}.", suffix=".tmp", dir=self.directory)
        self._raw = os.fdopen(fd, "wb", buffering=1 << 20)
        self._hash = _Hashing(self._raw)
        codec = None if self.compression == "none" else self.compression
        self._out = open_writer(self._hash, codec)  # type: ignore[arg-type]
        self._count = 0

    def write(self, line: bytes) -> None:
        if self._out is None:
            self._open()
        assert self._out is not None
        self._out.write(line)
        self._count += 1
        if self._count >= self.shard_size:
            self.rotate()

    def rotate(self) -> Shard | None:
        """Finish the open shard (if any) and move it under its final name."""
        if self._out is None:
            return None
        assert self._raw is not None and self._hash is not None and self._tmp is not None
        if self._out is not self._hash:
            self._out.close()  # ends the compressed frame; _Hashing ignores the close
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.chmod(self._tmp, 0o644)
        name = self.current
        if self.before_rename:
            self.before_rename(name)
        os.replace(self._tmp, os.path.join(self.directory, name))
        _fsync_dir(self.directory)
        shard = Shard(name, self._count, self._hash.size, self._hash.sha.hexdigest())
        self.shards.append(shard)
        self._out = self._raw = self._hash = self._tmp = None
        self.index += 1
        if self.after_rename:
            self.after_rename(name)
        return shard

    def close(self) -> list[Shard]:
        self.rotate()
        return self.shards

    def abort(self) -> None:
        """Drop the shard being written (a failed run): no partial file is left behind."""
        if self._raw is not None:
            with contextlib.suppress(Exception):
                self._raw.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
        self._out = self._raw = self._hash = self._tmp = None


def remove_temporaries(directory: str) -> list[str]:
    """Delete the hidden ``.part-*.tmp`` files a killed run left (on ``--resume`` only: another
    run writing into the same directory at the same time is not supported)."""
    removed = []
    with contextlib.suppress(FileNotFoundError):
        for name in os.listdir(directory):
            if name.startswith((".part-", f".{MANIFEST}.")) and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(directory, name))
                    removed.append(name)
    return removed


def describe_shard(path: str) -> Shard:
    """Count and checksum a shard already on disk (one a killed run committed, say)."""
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            sha.update(block)
    records = 0
    codec = codec_of(path)
    with open(path, "rb") as raw:
        stream = open_reader(raw, codec) if codec else raw
        while block := stream.read(1 << 20):
            records += block.count(b"\n")
    return Shard(os.path.basename(path), records, os.path.getsize(path), sha.hexdigest())


def read_manifest(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of a shard directory, as written (errors are the caller's to word)."""
    with open(os.path.join(directory, MANIFEST), "rb") as f:
        return orjson.loads(f.read())


def write_manifest(directory: str, new: Iterable[Shard], run: dict[str, Any], options: dict[str, Any],
                   schema: int, version: str,
                   superseded: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """Rewrite ``manifest.json`` to list every shard in ``directory``: shards of this run, those an
    earlier manifest knew (their checksums kept), and any a killed run left (checksummed now).

    ``superseded`` (shard -> 0-based lines, from the state file) lists records replaced by a later
    record of the same input; without it the earlier manifest's list is kept."""
    path = os.path.join(directory, MANIFEST)
    old: dict[str, Any] = {}
    with contextlib.suppress(FileNotFoundError, orjson.JSONDecodeError):
        old = read_manifest(directory)
    known = {s["name"]: Shard(**s) for s in old.get("shards", [])}
    known.update({s.name: s for s in new})
    on_disk = sorted(n for n in os.listdir(directory) if SHARD_RE.match(n))
    shards = [known.get(n) or describe_shard(os.path.join(directory, n)) for n in on_disk]
    listed = superseded if superseded is not None else old.get("superseded", {})
    kept = {name: lines for name, lines in listed.items() if name in on_disk}
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "schema": schema,
        "newsclean": version,
        "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": options,
        "records": sum(s.records for s in shards),
        "live_records": sum(s.records for s in shards) - sum(map(len, kept.values())),
        "shards": [asdict(s) for s in shards],
        "superseded": kept,
        "runs": [*old.get("runs", []), run],
    }
    with atomic_output(path) as f:  # through a symlinked manifest.json, never over it
        f.write(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    return manifest
