"""Compiled patterns kept on disk between runs, so that a run does not parse them again.

The frame patterns of a pack are long (the English speech verbs, titles and speaker nouns are
alternations of hundreds of words), and ``regex`` parses a pattern in Python: compiling the
English pack takes about half a CPU-second, most of a short run; the cleaning passes' shapes
(a timestamp with every month, weekday and zone of the profile) took about 40 ms. A compiled ``regex`` pattern
pickles as its compiled code (since regex 2016.04, mrab-regex issue 195), and unpickling it
builds the matcher straight from that code without parsing: about fifty times faster. So each
pattern, once compiled, is written to ``<cache>/patterns-regex<version>-py<version>/<hash>``
and later runs load it. (The standard library's ``re`` pickles a pattern as its source and
recompiles it on load: this helps ``regex`` patterns only.)

The cache is a speed-up and nothing else: a missing, unreadable, unwritable, foreign or corrupt
cache means the pattern is compiled as before, and a loaded pattern is checked to be the one
asked for. The folder is ``$NEWSCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsclean``, else
``~/.cache/newsclean``; ``NEWSCLEAN_CACHE_DIR=off`` (or empty) turns the cache off. It is used
only when the current user owns it and no one else may write to it, and only the one callable a
pickled pattern needs is allowed when loading, so a planted file cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import regex

#: environment variable naming the cache folder (`off` or empty: no cache)
ENV = "NEWSCLEAN_CACHE_DIR"
_DIGEST = 16  # bytes of BLAKE2b before the pickle: a torn or damaged file is never loaded
_OFF = frozenset({"", "0", "off", "no", "false", "none"})


@cache
def folder() -> Path | None:
    """This process's cache folder for compiled patterns (created on first use), None when the
    cache is off or no usable folder can be had."""
    base = os.environ.get(ENV)
    if base is not None:
        if base.strip().lower() in _OFF:
            return None
        root = Path(base).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = Path(xdg) if xdg else Path(os.path.expanduser("~")) / ".cache"
        if not root.is_absolute():  # (no home directory: `~` left as it is)
            return None
        root = root / "newsclean"
    where = root / f"patterns-regex{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(where):
            return None
    except OSError:
        return None
    return where


def _private(path: Path) -> bool:
    """Whether only the current user may write into ``path`` (always true where there are no
    POSIX owners)."""
    if not hasattr(os, "getuid"):
        return True
    st = path.stat()
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _key(pattern: str, flags: int) -> str:
    """The file name of a pattern: its source, flags and the ``regex`` syntax version in force
    (which a program may change, and which the compiled code depends on)."""
    text = f"{flags}\0{regex.DEFAULT_VERSION}\0{pattern}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class _PatternUnpickler(pickle.Unpickler):
    """Unpickles a compiled pattern and nothing else: the only global it may look up is the
    function ``regex`` rebuilds a pattern with."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


def load(pattern: str, flags: int) -> Any | None:
    """The compiled ``regex`` pattern of ``pattern`` and ``flags`` from the cache, None when it
    is not there (or unusable)."""
    where = folder()
    if where is None:
        return None
    try:
        data = (where / _key(pattern, flags)).read_bytes()
    except OSError:
        return None
    digest, body = data[:_DIGEST], data[_DIGEST:]
    if hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        return None
    try:
        compiled = _PatternUnpickler(io.BytesIO(body)).load()
    except Exception:  # (a file of another build: compile instead)
        return None
    if not isinstance(compiled, regex.Pattern) or compiled.pattern != pattern:
        return None
    return compiled


def store(pattern: str, flags: int, compiled: Any) -> None:
    """Write a compiled pattern to the cache (atomically; silently not when it cannot)."""
    where = folder()
    if where is None:
        return
    try:
        body = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    data = hashlib.blake2b(body, digest_size=_DIGEST).digest() + body
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, where / _key(pattern, flags))
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def compile_cached(pattern: str, flags: int = 0) -> Any:
    """``regex.compile(pattern, flags)``, loaded from the cache when it is there, stored in it
    when it was not."""
    compiled = load(pattern, flags)
    if compiled is None:
        compiled = regex.compile(pattern, flags)
        store(pattern, flags, compiled)
    return compiled
