"""Inputs: paths, directories, file lists and stdin, streamed one at a time in a stable order."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from typing import BinaryIO

from ..document import Reject

#: The path that stands for standard input, as in most Unix tools.
STDIN = "-"


def split_stream(stream: BinaryIO, sep: bytes, chunk: int = 1 << 16) -> Iterator[str]:
    """Paths from a file list, newline- or NUL-separated, without reading the whole list first."""
    rest = b""
    while block := stream.read(chunk):
        rest += block
        *items, rest = rest.split(sep)
        for item in items:
            if sep == b"\n":
                item = item.rstrip(b"\r")
            if item:
                yield os.fsdecode(item)
    if sep == b"\n":
        rest = rest.rstrip(b"\r")
    if rest:
        yield os.fsdecode(rest)


def walk(root: str, pattern: str | None) -> Iterator[str]:
    """Regular files under ``root``, sorted, skipping dot-files and dot-directories; symlinked
    directories are not followed, so a link loop cannot trap the walk."""
    for top, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or (pattern and not fnmatch(name, pattern)):
                continue
            yield os.path.join(top, name)


def expand(paths: Iterable[str], pattern: str | None) -> Iterator[str]:
    """Each argument as given, directories replaced by the files under them."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            yield from walk(path, pattern)
        else:
            yield path


def read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of one input, or a ``Reject`` that says why not (never an exception)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise Reject("not-found", str(exc.strerror)) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Reject("unreadable", "symlink loop") from exc
        raise Reject("unreadable", exc.strerror or str(exc)) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Reject("not-a-file", "a directory")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise Reject("too-large", f"{info.st_size} bytes > --max-bytes {max_bytes}")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)  # a file growing while read, or a pipe, still stops here
        if len(data) > max_bytes:
            raise Reject("too-large", f"more than --max-bytes {max_bytes}")
        return data
    except OSError as exc:
        raise Reject("unreadable", exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)
