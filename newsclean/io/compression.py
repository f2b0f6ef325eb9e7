"""Compressed streams chosen by file extension: .gz, .bz2, .xz (standard library) and .zst (the
``zstandard`` package, a core dependency: it is the default shard compression).

Reading is always capped: a decompressor is asked for at most ``limit + 1`` bytes, so a small file
that inflates to gigabytes (a decompression bomb) costs ``limit`` bytes of memory and becomes a
``too-large`` reject instead of an out-of-memory kill.
"""

from __future__ import annotations

import bz2
import functools
import gzip
import lzma
import os
from pathlib import PurePath
from typing import Any, BinaryIO

from ..document import Reject

#: Extension -> codec name. Checked with ``str.endswith``, so plain ``.txt`` inputs pay one call.
CODECS = {".gz": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
COMPRESSED = tuple(CODECS)

ZSTD_HINT = "zstd needs the zstandard package, a dependency of newsclean: pip install zstandard"


def codec_of(name: str) -> str | None:
    """The codec a file name asks for, or None for an uncompressed name."""
    lower = name.lower()
    for suffix, codec in CODECS.items():
        if lower.endswith(suffix):
            return codec
    return None


def strip_codec(name: str) -> str:
    """``dump.txt.gz`` -> ``dump.txt``; names without a compression suffix come back unchanged."""
    return name[: -len(PurePath(name).suffix)] if codec_of(name) else name


def doc_id(name: str) -> str:
    """The record id of a compressed file or archive member: the stem without compression suffix,
    so ``x.txt`` and ``x.txt.gz`` give the same id."""
    return PurePath(strip_codec(name)).stem


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError as exc:
        raise Reject("unsupported", ZSTD_HINT) from exc
    return zstandard


def open_reader(raw: BinaryIO, codec: str) -> BinaryIO:
    """A decompressing stream over ``raw`` (left open by the caller's ``with``)."""
    if codec == "gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if codec == "bz2":
        return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
    if codec == "xz":
        return lzma.LZMAFile(raw, mode="rb")  # type: ignore[return-value]
    if codec == "zst":
        return _zstd().ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False)
    raise ValueError(f"unknown codec {codec!r}")


def open_writer(raw: BinaryIO, codec: str | None) -> BinaryIO:
    """A compressing stream over ``raw``; closing it finishes the frame but leaves ``raw`` open."""
    if codec is None:
        return raw
    if codec == "gz":
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=6)  # type: ignore[return-value]
    if codec == "bz2":
        return bz2.BZ2File(raw, mode="wb")  # type: ignore[return-value]
    if codec == "xz":
        return lzma.LZMAFile(raw, mode="wb")  # type: ignore[return-value]
    if codec == "zst":
        try:
            import zstandard
        except ImportError as exc:
            raise OSError(ZSTD_HINT) from exc
        return zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False)  # type: ignore[return-value]
    raise ValueError(f"unknown codec {codec!r}")


@functools.cache
def corrupt_errors() -> tuple[type[BaseException], ...]:
    """What a damaged compressed stream raises, per library; all become a ``corrupt`` reject."""
    errors: list[type[BaseException]] = [OSError, EOFError, lzma.LZMAError, ValueError]
    try:
        import zstandard

        errors.append(zstandard.ZstdError)
    except ImportError:
        pass
    return tuple(errors)


def read_capped(stream: BinaryIO, limit: int, what: str = "decompressed") -> bytes:
    """At most ``limit`` bytes of ``stream``; more is a ``too-large`` reject (the bomb guard)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise Reject("too-large", f"{what} size more than --max-bytes {limit}")
    return data


def decompress(raw: BinaryIO, codec: str, limit: int) -> bytes:
    """The decompressed bytes of ``raw``, capped at ``limit``; a damaged stream is a reject."""
    try:
        with open_reader(raw, codec) as stream:
            return read_capped(stream, limit)
    except Reject:
        raise
    except corrupt_errors() as exc:
        raise Reject("corrupt", f"{codec}: {exc}") from exc


def read_compressed(fd: int, codec: str, limit: int) -> bytes:
    """Decompress an open file descriptor (owned by the caller)."""
    with os.fdopen(fd, "rb", closefd=False) as raw:
        return decompress(raw, codec, limit)
