"""Outputs: JSONL to stdout, or to a file that appears under its final name only when complete."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from .compression import codec_of, open_writer


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: str | None) -> Iterator[BinaryIO]:
    """A binary stream for ``path`` (stdout when None or ``-``), compressed when the name ends in
    ``.gz``, ``.bz2``, ``.xz`` or ``.zst``.

    A file is written to a temporary name beside it and renamed on success, so a killed or failed
    run never leaves a half-written file under the final name.
    """
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if os.path.exists(path) and not os.path.isfile(path):
        # /dev/null, a FIFO, a terminal: nothing to rename over (and renaming over /dev/null as root
        # would replace the device), so write straight to it
        with open(path, "wb") as f:
            yield f
        return
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the output should get the usual mode
        with os.fdopen(fd, "wb", buffering=1 << 20) as f:
            codec = codec_of(path)
            if codec is None:
                yield f
            else:
                with open_writer(f, codec) as z:
                    yield z
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
