"""Read and write JSONL record files: what ``clean`` writes, as it writes it.

A corpus is one or more of: a JSONL file or ``-`` (plain, gzip, zstd, bzip2 or xz, recognised by its
magic bytes, so a compressed stream on stdin works as well as ``corpus.jsonl.zst``), or an
``--output-dir`` shard directory, read through its ``manifest.json``: the shards it lists, in order,
without the records it lists as superseded (an input redone by a later ``--state`` run).
"""

from __future__ import annotations

import io
import lzma
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson

from newsclean.io.compression import ZSTD_HINT, open_reader
from newsclean.io.shards import MANIFEST, read_manifest
from newsclean.io.writers import atomic_output

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
BZ2_MAGIC = b"BZh"
XZ_MAGIC = b"\xfd7zXZ\x00"
#: Magic bytes -> the codec names of ``newsclean.io.compression``.
_MAGIC = ((GZIP_MAGIC, "gz"), (BZ2_MAGIC, "bz2"), (XZ_MAGIC, "xz"), (ZSTD_MAGIC, "zst"))


class RecordError(Exception):
    """A record file that cannot be read; the message names the file and line."""


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError as exc:
        raise RecordError(ZSTD_HINT) from exc
    return zstandard


def _name(path: str | Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


@contextmanager
def open_binary(path: str | Path) -> Iterator[IO[bytes]]:
    """Open ``path`` (or stdin for ``-``) as a decompressed binary stream, sniffing the format."""
    if str(path) == "-":
        raw: IO[bytes] = sys.stdin.buffer
        owned = False
    else:
        try:
            raw = open(path, "rb")  # noqa: SIM115 - closed in the finally below
        except OSError as exc:
            raise RecordError(f"cannot open {path}: {exc.strerror or exc}") from exc
        owned = True
    try:
        buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
        head = buffered.peek(6)[:6]
        codec = next((codec for magic, codec in _MAGIC if head.startswith(magic)), None)
        if codec is None:
            yield buffered
        elif codec == "zst":
            _zstandard()  # (its absence said as a RecordError with the install hint)
            # the zstd reader has no readline: buffer it so lines can be iterated
            yield io.BufferedReader(open_reader(buffered, codec))  # type: ignore[arg-type]
        else:
            yield open_reader(buffered, codec)
    finally:
        if owned:
            raw.close()


def iter_json_lines(path: str | Path, skip: frozenset[int] = frozenset()) -> Iterator[dict[str, Any]]:
    """Yield each JSON object of a JSONL file, one at a time (memory stays flat).

    Blank lines are skipped, and so are the 0-based line numbers in ``skip`` (superseded records);
    a line that is not a JSON object raises ``RecordError`` naming the file and line number, since a
    silently skipped record would skew every count downstream.
    """
    name = _name(path)
    with open_binary(path) as stream:
        try:
            for lineno, line in enumerate(stream, start=1):
                if not line.strip() or (skip and lineno - 1 in skip):
                    continue
                try:
                    obj = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise RecordError(f"{name}:{lineno}: not valid JSON ({exc})") from exc
                if not isinstance(obj, dict):
                    raise RecordError(f"{name}:{lineno}: expected a JSON object, got {type(obj).__name__}")
                yield obj
        except _decompression_errors() as exc:  # truncated or corrupt gzip/zstd data
            raise RecordError(f"{name}: cannot read compressed data: {exc!r}") from exc


def _decompression_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, lzma.LZMAError)
    zstd = sys.modules.get("zstandard")
    if zstd is not None:
        errors += (zstd.ZstdError,)
    return errors


def corpus_files(path: str | Path) -> list[tuple[str, frozenset[int]]]:
    """The files a corpus path stands for, each with the lines to skip: a file or ``-`` itself; a
    shard directory's shards as its manifest lists them, with their superseded lines."""
    if str(path) == "-" or not os.path.isdir(path):
        return [(str(path), frozenset())]
    manifest_path = os.path.join(path, MANIFEST)
    try:
        manifest = read_manifest(path)
        shards = [s["name"] for s in manifest["shards"]]
        superseded = manifest.get("superseded", {})
    except FileNotFoundError as exc:
        raise RecordError(f"{path}: a directory without manifest.json: not a 'newsclean clean "
                          "--output-dir' directory (or its run has not finished)") from exc
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise RecordError(f"cannot read {manifest_path}: {exc}") from exc
    return [(os.path.join(path, name), frozenset(superseded.get(name, ()))) for name in shards]


def read_records(*paths: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the live newsclean records of every corpus path in turn (files, ``-``, shard
    directories); a line without ``text`` is an error, not a silent zero-length doc."""
    for path in paths:
        for name, skip in corpus_files(path):
            for n, rec in enumerate(iter_json_lines(name, skip), start=1):
                if not isinstance(rec.get("text"), str):
                    raise RecordError(
                        f"{_name(name)}: record {n} has no 'text' string: is this a newsclean output file "
                        "(not a rejects file)?"
                    )
                yield rec


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[IO[bytes]]:
    """A binary stream that becomes ``path`` only if the block finishes without an exception.

    The same writer as ``clean -o``: a temporary file beside the target (the link's target when
    ``path`` is a symlink) renamed over it, so readers never see a half-written corpus and an
    interrupted run leaves the previous file intact; ``-``, a FIFO or a device is written directly.
    ``.gz``/``.zst``/``.bz2``/``.xz`` names are compressed.
    """
    with atomic_output(str(path)) as out:
        yield out


def dump_line(obj: dict[str, Any]) -> bytes:
    """One JSONL line; orjson keeps key order and writes non-ASCII text as UTF-8."""
    return orjson.dumps(obj) + b"\n"
