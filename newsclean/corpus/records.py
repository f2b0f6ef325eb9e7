"""Read and write JSONL record files: a path or ``-``, plain, gzip or zstd.

Compression is recognised by its magic bytes, not the file name, so a compressed stream on stdin
works as well as ``corpus.jsonl.zst``. gzip comes from the standard library; zstd needs the
``zstandard`` package (the ``zstd`` extra), and its absence is reported with the install command
instead of an ``ImportError`` deep in a traceback.
"""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson

from newsclean.io.writers import atomic_output

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

ZSTD_HINT = "reading or writing .zst files needs the 'zstd' extra: pip install 'newsclean[zstd]'"


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
        head = buffered.peek(4)[:4]
        if head.startswith(GZIP_MAGIC):
            yield gzip.GzipFile(fileobj=buffered, mode="rb")
        elif head.startswith(ZSTD_MAGIC):
            zstd = _zstandard()
            # the zstd reader has no readline: buffer it so lines can be iterated
            yield io.BufferedReader(zstd.ZstdDecompressor().stream_reader(buffered, read_across_frames=True))
        else:
            yield buffered
    finally:
        if owned:
            raw.close()


def iter_json_lines(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield each JSON object of a JSONL file, one at a time (memory stays flat).

    Blank lines are skipped; a line that is not a JSON object raises ``RecordError`` naming the
    file and line number, since a silently skipped record would skew every count downstream.
    """
    name = _name(path)
    with open_binary(path) as stream:
        try:
            for lineno, line in enumerate(stream, start=1):
                if not line.strip():
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
    errors: tuple[type[BaseException], ...] = (OSError, EOFError)
    zstd = sys.modules.get("zstandard")
    if zstd is not None:
        errors += (zstd.ZstdError,)
    return errors


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield newsclean records; a line without ``text`` is an error, not a silent zero-length doc."""
    name = _name(path)
    for n, rec in enumerate(iter_json_lines(path), start=1):
        if not isinstance(rec.get("text"), str):
            raise RecordError(
                f"{name}: record {n} has no 'text' string: is this a newsclean output file "
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
