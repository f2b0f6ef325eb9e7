"""Archives (.tar, .tar.gz/.tgz, .tar.bz2, .tar.xz, .tar.zst, .zip) read member by member, in memory.

Members are never extracted to disk. Each regular member becomes one input whose source is
``archive!path/in/archive``. Guards, each a reject with a reason rather than a crash:

- ``unsafe-path``: a member named with ``..`` or an absolute path (it would escape an extraction dir);
- ``not-a-file``: links, devices and fifos;
- ``too-large``: a member over ``--max-bytes`` decompressed (read capped, so a bomb costs little);
- ``archive-too-large``: the archive's decompressed total passed ``--max-archive-bytes``; reading stops;
- ``corrupt``: the archive could not be opened or broke off (members read before it stand).
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import BinaryIO

from ..document import Reject
from .compression import codec_of, corrupt_errors, decompress, doc_id, open_reader, read_capped, strip_codec

#: Archive name endings (lower case). ``.tar.gz`` must be tested before plain ``.gz`` files.
ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".zip")
_TAR_CODEC = {".tgz": "gz", ".tbz2": "bz2", ".txz": "xz", ".tzst": "zst"}


@dataclass(frozen=True, slots=True)
class Limits:
    """Decompressed-size guards: per member (``--max-bytes``) and per archive."""

    member: int = 10_000_000
    archive: int = 2_000_000_000


#: One archive member or reject: (source, bytes or the Reject it became, record id).
Member = tuple[str, "bytes | Reject", "str | None"]


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVES)


def unsafe_name(name: str) -> str | None:
    """Why a member name could escape an extraction directory, or None when it is safe."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return "absolute path"
    if ".." in norm.split("/"):
        return "'..' in path"
    return None


def _skipped(name: str, pattern: str | None) -> bool:
    """Dot-files (and macOS ``__MACOSX/`` forks) are skipped like in directory walks; so are names
    the ``--glob`` pattern does not match (tested with and without a compression suffix)."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    if not parts or any(p.startswith(".") and p not in (".", "..") for p in parts) or parts[0] == "__MACOSX":
        return True
    base = parts[-1]
    return bool(pattern) and not (fnmatch(base, pattern) or fnmatch(strip_codec(base), pattern))


class _Budget:
    """The per-archive decompressed total; passing it stops the archive."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.used = 0

    def take(self, n: int) -> bool:
        self.used += n
        return self.used <= self.limits.archive


def _payload(source: str, name: str, stream: BinaryIO, limits: Limits) -> bytes:
    data = read_capped(stream, limits.member)
    codec = codec_of(name)
    if codec is not None:  # a compressed member: inflate it, with the same cap
        data = decompress(io.BytesIO(data), codec, limits.member)
    return data


def members(path: str, pattern: str | None, limits: Limits) -> Iterator[Member]:
    """Every member of the archive at ``path`` as an input or a reject, in archive order."""
    budget = _Budget(limits)
    try:
        if path.lower().endswith(".zip"):
            yield from _zip_members(path, pattern, limits, budget)
        else:
            yield from _tar_members(path, pattern, limits, budget)
    except Reject as rej:
        yield (path, rej, None)
    except (*corrupt_errors(), tarfile.TarError, zipfile.BadZipFile) as exc:
        reason = "unreadable" if isinstance(exc, PermissionError | FileNotFoundError) else "corrupt"
        if isinstance(exc, FileNotFoundError):
            reason = "not-found"
        yield (path, Reject(reason, f"{type(exc).__name__}: {exc}"), None)


def _over_budget(path: str, budget: _Budget) -> Member:
    detail = f"more than --max-archive-bytes {budget.limits.archive} decompressed; rest skipped"
    return (path, Reject("archive-too-large", detail), None)


def _member(path: str, name: str, kind_ok: bool, kind: str, size: int, limits: Limits) -> Member | None:
    """The reject a member becomes before its bytes are read, or None to read it."""
    source = f"{path}!{name}"
    if why := unsafe_name(name):
        return (source, Reject("unsafe-path", why), None)
    if not kind_ok:
        return (source, Reject("not-a-file", kind), None)
    if size > limits.member and not codec_of(name):
        return (source, Reject("too-large", f"{size} bytes > --max-bytes {limits.member}"), None)
    return None


def _tar_members(path: str, pattern: str | None, limits: Limits, budget: _Budget) -> Iterator[Member]:
    lower = path.lower()
    codec = next((c for s, c in _TAR_CODEC.items() if lower.endswith(s)), None) or codec_of(path)
    with open(path, "rb") as raw:
        stream: BinaryIO = open_reader(raw, codec) if codec else raw
        with tarfile.open(fileobj=stream, mode="r|") as tar:  # streaming: one pass, no seeking
            for info in tar:
                name = info.name
                if info.isdir() or _skipped(name, pattern):
                    continue
                kind = "symlink" if info.issym() else "hard link" if info.islnk() else "special file"
                early = _member(path, name, info.isreg(), kind, info.size, limits)
                if early is not None:
                    yield early
                    continue
                source = f"{path}!{name}"
                fobj = tar.extractfile(info)
                assert fobj is not None  # a regular member always has a file object
                try:
                    data = _payload(source, name, fobj, limits)
                except Reject as rej:
                    yield (source, rej, None)
                    continue
                if not budget.take(len(data)):
                    yield _over_budget(path, budget)
                    return
                yield (source, data, doc_id(name))


def _zip_members(path: str, pattern: str | None, limits: Limits, budget: _Budget) -> Iterator[Member]:
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            name = info.filename
            if info.is_dir() or _skipped(name, pattern):
                continue
            mode = info.external_attr >> 16
            is_link = (mode & 0o170000) == 0o120000
            early = _member(path, name, not is_link, "symlink", info.file_size, limits)
            if early is not None:
                yield early
                continue
            source = f"{path}!{name}"
            try:
                with zf.open(info) as fobj:
                    data = _payload(source, name, fobj, limits)
            except Reject as rej:
                yield (source, rej, None)
                continue
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                # a damaged or encrypted member: that member is a reject, the others still count
                yield (source, Reject("corrupt", f"{type(exc).__name__}: {exc}"), None)
                continue
            if not budget.take(len(data)):
                yield _over_budget(path, budget)
                return
            yield (source, data, doc_id(name))

