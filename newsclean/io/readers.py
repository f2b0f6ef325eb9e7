"""Inputs: paths, directories, file lists and stdin, streamed one at a time in a stable order."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from typing import BinaryIO

import orjson

from ..document import Reject
from .archives import Limits, Member, is_archive, members
from .compression import codec_of, corrupt_errors, doc_id, open_reader, read_compressed, strip_codec
from .remote import expand_url, is_url

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


class OwnOutputs:
    """The files and directories a run writes (output, rejects, state and its journals, the shard
    directory), so that the run never reads them as inputs: ``clean . -o out.jsonl`` run twice must
    not take the first run's output for an article. Temp files are dot-files, which walks skip."""

    def __init__(self, files: Iterable[str] = (), dirs: Iterable[str] = ()) -> None:
        self.files = {os.path.realpath(f) for f in files}
        self.names = {os.path.basename(f) for f in self.files}
        self.dirs = {os.path.realpath(d) for d in dirs}
        #: the paths left out, for the summary
        self.skipped: set[str] = set()

    @classmethod
    def of_run(cls, output: str | None, rejects: str | None, state: str | None,
               output_dir: str | None) -> OwnOutputs:
        files = [p for p in (output, rejects) if p and p != STDIN and not is_url(p)]
        if state:
            files += [state, *(state + suffix for suffix in ("-wal", "-shm", "-journal"))]
        return cls(files, [output_dir] if output_dir else [])

    def is_file(self, path: str) -> bool:
        """Whether ``path`` is one of the run's output files. A name that matches none of theirs is
        not, unless it is a symbolic link (which could lead to one): one set lookup per file."""
        if not self.files or (os.path.basename(path) not in self.names and not os.path.islink(path)):
            return False
        return self._note(path, os.path.realpath(path) in self.files)

    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is the run's output directory (the walk then leaves it out)."""
        return bool(self.dirs) and self._note(path, os.path.realpath(path) in self.dirs)

    def _note(self, path: str, own: bool) -> bool:
        if own:
            self.skipped.add(path)
        return own


def _unlistable(errors: list[OSError]) -> Iterator[Member]:
    """The directories the walk could not list, each an ``unreadable`` reject (``os.walk`` would
    otherwise drop them, and every file in them, without a word)."""
    for exc in errors:
        yield (str(exc.filename), Reject("unreadable", f"cannot list directory: {exc.strerror or exc}"), None)
    errors.clear()


def walk(root: str, pattern: str | None, own: OwnOutputs | None = None) -> Iterator[str | Member]:
    """Files under ``root``, sorted, skipping dot-files and dot-directories; symlinked directories
    are not followed, so a link loop cannot trap the walk. ``pattern`` also matches a compressed
    file's name without its suffix; archives always pass (their members are filtered). A directory
    that cannot be listed comes out as its ``unreadable`` reject, in walk order. The run's own
    outputs (``own``) are left out."""
    errors: list[OSError] = []
    own = own or OwnOutputs()
    for top, dirs, files in os.walk(root, onerror=errors.append):
        yield from _unlistable(errors)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not own.is_dir(os.path.join(top, d)))
        for name in sorted(files):
            if name.startswith(".") or (pattern and not _matches(name, pattern)):
                continue
            path = os.path.join(top, name)
            if not own.is_file(path):
                yield path
    yield from _unlistable(errors)


def _matches(name: str, pattern: str) -> bool:
    return fnmatch(name, pattern) or is_archive(name) or fnmatch(strip_codec(name), pattern)


def expand(paths: Iterable[str], pattern: str | None,
           own: OwnOutputs | None = None) -> Iterator[str | Member]:
    """Each argument as given, directories replaced by the files under them (and by the reject of
    each directory that could not be listed); the run's own outputs left out."""
    for path in paths:
        if is_url(path):
            yield from expand_url(path, pattern)
        elif path == STDIN:
            yield path
        elif os.path.isdir(path):
            if own is None or not own.is_dir(path):
                yield from walk(path, pattern, own)
        elif own is None or not own.is_file(path):
            yield path


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _os_reject(exc: OSError) -> Reject:
    """The reject an input's failed ``stat`` or ``open`` becomes."""
    if isinstance(exc, FileNotFoundError):
        return Reject("not-found", str(exc.strerror))
    if exc.errno == errno.ELOOP:
        return Reject("unreadable", "symlink loop")
    return Reject("unreadable", exc.strerror or str(exc))


def check_regular(path: str) -> None:
    """Raise the ``Reject`` a path that is not a regular file becomes, decided by ``stat`` before
    anything opens it: opening a FIFO waits for a writer, and a device may never end."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise _os_reject(exc) from exc
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
        hint = " (give - to read standard input)" if not stat.S_ISDIR(mode) else ""
        raise Reject("not-a-file", kind + hint)


def read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of one input, or a ``Reject`` that says why not (never an exception)."""
    check_regular(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _os_reject(exc) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Reject("not-a-file", "a directory")
        codec = codec_of(path)
        if codec is not None:  # .gz .bz2 .xz .zst: inflated with the same cap (the bomb guard)
            return read_compressed(fd, codec, max_bytes)
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise Reject("too-large", f"{info.st_size} bytes > --max-bytes {max_bytes}")
        data = read_upto(fd, max_bytes + 1, info.st_size if stat.S_ISREG(info.st_mode) else -1)
        if len(data) > max_bytes:
            raise Reject("too-large", f"more than --max-bytes {max_bytes}")
        return data
    except OSError as exc:
        raise Reject("unreadable", exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)


def read_named(path: str, max_bytes: int) -> tuple[bytes, str | None]:
    """One input named as ``clean`` names it (``show``): a file, compressed or not, ``-``, or an
    archive member ``archive.zip!dir/a.txt``; its bytes and record id (None: the pipeline's
    default), or the ``Reject`` it is."""
    if path == STDIN:
        data = read_stdin(max_bytes)[1]
        if isinstance(data, Reject):
            raise data
        return data, None
    archive, bang, member = path.partition("!")
    while bang and not (is_archive(archive) and os.path.isfile(archive)):
        head, bang, member = member.partition("!")  # an archive whose own name has a '!'
        archive = f"{archive}!{head}"
    if not bang or os.path.exists(path):
        return read_file(path, max_bytes), doc_id(path) if codec_of(path) else None
    for source, payload, ident in members(archive, None, Limits(member=max_bytes)):
        if source == path:
            if isinstance(payload, Reject):
                raise payload
            return payload, ident or doc_id(member)
        if source == archive and isinstance(payload, Reject):  # the archive itself is damaged
            raise payload
    raise Reject("not-found", f"no member {member!r} in {archive}")


def read_stdin(max_bytes: int) -> tuple[str, bytes | Reject]:
    """Standard input as one document; past ``max_bytes`` a reject, never a silently cut document."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        return (STDIN, Reject("too-large", f"more than --max-bytes {max_bytes} on stdin"))
    return (STDIN, data)


def inputs(paths: Iterable[str], pattern: str | None, files_from: BinaryIO | None = None,
           null: bool = False, input_format: str = "text", text_field: str = "text",
           limits: Limits | None = None, own: OwnOutputs | None = None) -> Iterator[tuple]:
    """Every input of a run, lazily and in order: the paths given, then those listed in
    ``files_from`` (newline- or NUL-separated), directories walked, archives opened; never the
    run's own outputs (``own``)."""
    limits = limits or Limits()
    listed: Iterable[str] = paths
    if files_from is not None:
        listed = itertools.chain(paths, split_stream(files_from, b"\0" if null else b"\n"))
    for path in expand(listed, pattern, own):
        if isinstance(path, tuple):  # a directory that could not be listed
            yield path
        elif path == STDIN and input_format != "jsonl":
            yield read_stdin(limits.member)
        else:
            yield from items_for(path, pattern, input_format, text_field, limits)


def items_for(path: str, pattern: str | None, input_format: str, text_field: str,
              limits: Limits) -> Iterator[tuple[str, None] | Member]:
    """The inputs one expanded path stands for. A plain or compressed file is ``(path, None)``
    and read by the worker (so reading is parallel); archive members and JSONL lines are read here
    and carry their bytes, or the ``Reject`` they became, and their record id."""
    if is_url(path):
        yield (path, None)  # read by the worker through fsspec; archives and JSONL must be local
    elif input_format == "jsonl" or is_archive(path):
        if path != STDIN:
            try:
                check_regular(path)  # opened here, in the main process: a FIFO would stall the run
            except Reject as rej:
                yield (path, rej, None)
                return
        yield from jsonl_items(path, text_field, limits.member) if input_format == "jsonl" else \
            members(path, pattern, limits)
    else:
        yield (path, None)


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of at most ``limit`` bytes; a longer one is skipped whole and comes out as None."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def jsonl_items(path: str, text_field: str, limit: int) -> Iterator[Member]:
    """One input per non-blank JSONL line: source ``path:LINENO``, id from an ``id`` field when there
    is one (else ``stem:LINENO``); a bad line is a reject, never the end of the file."""
    stem = doc_id(os.path.basename(path)) if path != STDIN else "stdin"
    try:
        raw: BinaryIO = sys.stdin.buffer if path == STDIN else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        reason = "not-found" if isinstance(exc, FileNotFoundError) else "unreadable"
        yield (path, Reject(reason, exc.strerror or str(exc)), None)
        return
    with contextlib.nullcontext(raw) if path == STDIN else raw:
        codec = codec_of(path)
        try:
            stream = open_reader(raw, codec) if codec else raw
            for lineno, line in enumerate(_lines(stream, limit), 1):
                source = f"{path}:{lineno}"
                if line is None:
                    yield (source, Reject("too-large", f"line longer than --max-bytes {limit}"), None)
                elif line.strip():
                    yield _jsonl_item(source, line, text_field, f"{stem}:{lineno}")
        except Reject as rej:
            yield (path, rej, None)
        except corrupt_errors() as exc:  # a damaged compressed stream ends the file
            yield (path, Reject("corrupt", f"{type(exc).__name__}: {exc}"), None)


def _jsonl_item(source: str, line: bytes, text_field: str, default_id: str) -> Member:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return (source, Reject("bad-json", str(exc)), None)
    if not isinstance(obj, dict):
        return (source, Reject("bad-json", f"a JSON {type(obj).__name__}, not an object"), None)
    text = obj.get(text_field)
    if not isinstance(text, str):
        return (source, Reject("no-text-field", f"no string field {text_field!r}"), None)
    ident = obj.get("id")
    usable = isinstance(ident, str | int) and not isinstance(ident, bool) and ident != ""
    doc = str(ident) if usable else default_id
    return (source, text.encode("utf-8", errors="replace"), doc)


def read_upto(fd: int, limit: int, size: int = -1) -> bytes:
    """At most ``limit`` bytes of ``fd``, to its end. A regular file (``size`` from ``fstat``) is one
    read of ``size + 1`` bytes, the extra byte showing a file that grew since; anything else, or a file
    that grew, is read in chunks. (A ``limit``-sized buffer cost an mmap and munmap of 10 MB per file.)"""
    want = size + 1 if size > 0 else 1 << 16  # /proc files say size 0: chunks
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        asked = min(want, limit - total)
        chunk = os.read(fd, asked)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if 0 < size <= total and len(chunk) < asked:  # all fstat promised, and a short read: the end
            break
        want = 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
