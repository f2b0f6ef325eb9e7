"""Inputs named by fsspec URLs (``s3://bucket/dumps/``, ``file:///data/x.txt``), with the optional
``fsspec`` package (``pip install 'newsclean[dask]'``, plus ``s3fs`` for S3). Plain paths never come
here: ``is_url`` is the one test, used wherever a path may be a URL.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from fnmatch import fnmatch
from typing import Any

from ..document import Reject
from .compression import codec_of, decompress, read_capped, strip_codec

FSSPEC_HINT = "URLs need fsspec: pip install 'newsclean[dask]' (and s3fs for s3://)"


def is_url(path: str) -> bool:
    """Whether an input or output names a URL (``scheme://…``) rather than a local path."""
    return "://" in path


def _fs(url: str) -> tuple[Any, str]:
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:
        raise Reject("unsupported", FSSPEC_HINT) from exc
    return url_to_fs(url)


def expand_url(url: str, pattern: str | None) -> Iterator[str]:
    """A URL, or every file under it when it names a directory (sorted, dot-files skipped)."""
    try:
        fs, root = _fs(url)
        if not fs.isdir(root):
            yield url
            return
        for path in sorted(fs.find(root)):
            rel = posixpath.relpath(path, root)
            name = posixpath.basename(path)
            if any(part.startswith(".") for part in rel.split("/")):
                continue
            if pattern and not (fnmatch(name, pattern) or fnmatch(strip_codec(name), pattern)):
                continue
            yield fs.unstrip_protocol(path)
    except Reject:
        yield url  # the worker says why (fsspec missing)
    except Exception:
        yield url


def read_url(url: str, max_bytes: int) -> bytes:
    """The bytes of one URL input, capped and decompressed by extension, or a ``Reject``."""
    fs, path = _fs(url)
    try:
        with fs.open(path, "rb") as f:
            codec = codec_of(path)
            return decompress(f, codec, max_bytes) if codec else read_capped(f, max_bytes, "size")
    except Reject:
        raise
    except FileNotFoundError as exc:
        raise Reject("not-found", str(exc)) from exc
    except Exception as exc:
        raise Reject("unreadable", f"{type(exc).__name__}: {exc}") from exc
