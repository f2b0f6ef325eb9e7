"""Outputs: JSONL to stdout, or to a file that appears under its final name only when complete.

An output path is written *through* symbolic links, never over them: ``-o link.jsonl`` where
``link.jsonl -> /data/corpus.jsonl`` replaces ``/data/corpus.jsonl`` (temp file and rename in that
directory) and leaves the link in place. A target that is not a regular file (a FIFO, a device, a
terminal) cannot be renamed over and is written directly; so is a path naming one of this process's
descriptors (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``), which writes to
that descriptor as it is, never reopening, truncating or replacing what is behind it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .compression import codec_of, open_writer

#: A path naming a descriptor of some process: /dev/fd/N, /proc/self/fd/N, /proc/PID/fd/N.
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/(?P<pid>self|\d+)/fd)/(?P<fd>\d+)$")
#: Symlink hops followed before giving up (the kernel's own limit is 40).
_MAX_HOPS = 40


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass(frozen=True, slots=True)
class Target:
    """Where an output path really leads.

    ``path`` is the end of the symlink chain; ``fd`` a descriptor of this process that the path
    names (write to it as it is); ``direct`` says the target cannot be replaced by a rename (not a
    regular file) and is opened and written in place."""

    path: str
    fd: int | None = None
    direct: bool = False


def _own_fd(path: str) -> int | None:
    m = _FD_PATH.match(path)
    if m is None or (m.group("pid") not in (None, "self") and int(m.group("pid")) != os.getpid()):
        return None
    return int(m.group("fd"))


def output_target(path: str) -> Target:
    """Follow ``path``'s symlinks one hop at a time (so ``/dev/stdout -> /proc/self/fd/1`` is seen
    as descriptor 1 before the kernel's magic link would lead to whatever file is behind it)."""
    current = os.path.abspath(path)
    for _ in range(_MAX_HOPS):
        head, tail = os.path.split(current)
        current = os.path.join(os.path.realpath(head), tail)  # links among the directories
        if (fd := _own_fd(current)) is not None:
            return Target(current, fd=fd, direct=True)
        try:
            link = os.readlink(current)
        except OSError:  # not a link (EINVAL), or nothing there yet (ENOENT): the end of the chain
            break
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    else:
        raise OSError(errno.ELOOP, "too many levels of symbolic links", path)
    try:
        mode = os.stat(current).st_mode
    except FileNotFoundError:
        return Target(current)
    return Target(current, direct=not stat.S_ISREG(mode))


@contextlib.contextmanager
def _compressed(raw: BinaryIO, path: str) -> Iterator[BinaryIO]:
    codec = codec_of(path)
    if codec is None:
        yield raw
        return
    with open_writer(raw, codec) as z:
        yield z


@contextlib.contextmanager
def atomic_output(path: str | None) -> Iterator[BinaryIO]:
    """A binary stream for ``path`` (stdout when None or ``-``), compressed when the name ends in
    ``.gz``, ``.bz2``, ``.xz`` or ``.zst``.

    A regular file (or a new one) is written to a temporary name in its directory (the directory of
    the link's target when ``path`` is a symlink) and renamed on success, so a killed or failed run
    never leaves a half-written file under the final name; an existing file keeps its mode.
    """
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = output_target(path)
    if target.fd is not None:
        if target.fd == 1:
            sys.stdout.flush()
        elif target.fd == 2:
            sys.stderr.flush()
        with os.fdopen(os.dup(target.fd), "wb") as f, _compressed(f, path) as out:  # type: ignore[arg-type]
            yield out
        return
    if target.direct:  # a FIFO, a device: nothing to rename over (renaming over /dev/null would replace it)
        with open(target.path, "wb") as f, _compressed(f, path) as out:  # type: ignore[arg-type]
            yield out
        return
    directory, name = os.path.split(target.path)
    try:
        mode = stat.S_IMODE(os.stat(target.path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # mkstemp makes 0600; a new output gets the usual mode
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb", buffering=1 << 20) as f:
            with _compressed(f, path) as out:  # type: ignore[arg-type]
                yield out
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target.path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
