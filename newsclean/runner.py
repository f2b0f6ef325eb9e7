"""Running the pipeline over many inputs: in-process or on a process pool, output in input order.

Memory stays flat: inputs are pulled lazily, at most ``jobs * WINDOW`` batches are in flight, and
each document is serialised in the worker, so only finished JSONL lines cross the process boundary.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TypeVar

import orjson

from .context import Context, Options
from .document import Document, Reject, content_digest, path_bytes_b64, printable_path
from .io.compression import COMPRESSED, doc_id
from .io.readers import read_file
from .io.remote import is_url, read_url
from .pipeline import id_for, prepare
from .pipeline import run as run_passes

T = TypeVar("T")

_NEWLINE = orjson.OPT_APPEND_NEWLINE

#: Inputs per task sent to a worker: enough to amortise the round trip, small enough to keep order cheap.
BATCH = 32
#: Batches in flight per worker.
WINDOW = 4


@dataclass(slots=True)
class Outcome:
    """What became of one input: a serialised record, or a reject reason."""

    source: str
    line: bytes | None = None
    reason: str | None = None
    detail: str = ""
    bytes_in: int = 0
    removed: dict[str, int] = field(default_factory=dict)
    #: BLAKE2b of the input bytes, when the run keeps state
    digest: str | None = None

    def reject_line(self) -> bytes:
        """``{"source", "reason", "detail"}``, plus ``source_bytes`` when the path is not UTF-8."""
        line: dict[str, str | None] = {"source": printable_path(self.source), "reason": self.reason,
                                       "detail": printable_path(self.detail)}
        if (raw := path_bytes_b64(self.source)) is not None:
            line["source_bytes"] = raw
        return orjson.dumps(line) + b"\n"


#: An input: its source name, and its bytes when they were read already (stdin). Archive members and
#: JSONL lines add a third element, the record id, and may carry the ``Reject`` they already became.
Item = tuple[str, bytes | None] | tuple[str, "bytes | Reject | None", "str | None"]


@dataclass(frozen=True, slots=True)
class RunOptions:
    """Per-run settings the passes never see: a per-document time limit (seconds, 0 = none) and
    whether to hash each input (for ``--state``). Both off by default, so plain runs pay nothing."""

    doc_timeout: float = 0.0
    digest: bool = False


PLAIN = RunOptions()


class DocTimeout(BaseException):
    """Raised by SIGALRM in a document that ran past ``--doc-timeout``; a BaseException so that a
    pass's ``except Exception`` cannot swallow it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise DocTimeout


def _arm(seconds: float) -> bool:
    """Start the per-document alarm. Signals only reach the main thread, so elsewhere (a Dask worker
    thread) there is no alarm and the document runs unbounded."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGALRM) is not _on_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


def process(item: Item, ctx: Context, run: RunOptions = PLAIN) -> Outcome:
    """One input to one outcome; never raises for a bad document."""
    if not run.doc_timeout:
        return _process(item, ctx, run)
    armed = _arm(run.doc_timeout)
    try:
        try:
            return _process(item, ctx, run)
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except DocTimeout:  # caught outside the disarm, so an alarm landing there is still a reject
        return Outcome(item[0], reason="timeout", detail=f"over --doc-timeout {run.doc_timeout:g} s")


def item_bytes(item: Item, max_bytes: int) -> bytes:
    """The bytes of one input: carried in the item (stdin, archive member), read from its path or URL,
    or the ``Reject`` it already became raised."""
    source, data, *_ = item
    if isinstance(data, Reject):
        raise data
    if data is not None:
        return data
    return read_url(source, max_bytes) if is_url(source) else read_file(source, max_bytes)


def _process(item: Item, ctx: Context, run: RunOptions) -> Outcome:
    source, _, *rest = item
    size, digest = 0, None
    try:
        data = item_bytes(item, ctx.options.max_bytes)
        size = len(data)
        digest = content_digest(data) if run.digest and size else None
        doc = Document(source=source, id=id_for(source, data), raw=data)
        del data  # decode lets go of the bytes once it has the text: a large input is not held twice
        run_passes(doc, ctx)
        if rest and rest[0]:
            doc.id = rest[0]
        elif source.endswith(COMPRESSED):
            doc.id = doc_id(source)
        doc.lines = []  # not part of the record: a large page's lines go before its text is joined
        record, removed = doc.to_record(), dict(doc.removed)
        del doc  # and its paragraphs before the record is serialised
        line = orjson.dumps(record, option=_NEWLINE)  # no copy to append the newline
        return Outcome(source, line=line, bytes_in=size, removed=removed, digest=digest)
    except Reject as rej:
        return Outcome(source, reason=rej.reason, detail=rej.detail, bytes_in=size, digest=digest)
    except Exception as exc:  # a bug outside the passes: this input, not the run
        return Outcome(source, reason="internal-error", detail=f"{type(exc).__name__}: {exc}", bytes_in=size)


def process_batch(items: list[Item], options: Options, run: RunOptions = PLAIN) -> list[Outcome]:
    """Worker entry point; the context (profile, compiled shapes) is cached per process."""
    ctx = Context.build(options)
    return [process(item, ctx, run) for item in items]


def _die_with_parent() -> None:
    """Pool worker start-up: on Linux, ask for SIGKILL when the parent dies, so a run killed with
    kill -9 leaves no orphaned workers waiting forever on their task queue."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _failed(batch: list[Item], exc: BaseException) -> list[Outcome]:
    return [Outcome(it[0], reason="worker-error", detail=f"{type(exc).__name__}: {exc}") for it in batch]


def run_items(items: Iterable[Item], options: Options, jobs: int = 1,
              run: RunOptions = PLAIN) -> Iterator[Outcome]:
    """Outcomes in input order. ``jobs == 1`` runs in this process (no pickling, easy to debug)."""
    if jobs <= 1:
        ctx = Context.build(options)
        for item in items:
            yield process(item, ctx, run)
        return
    prepare(options)  # compiled once here: forked workers inherit the patterns
    yield from map_batches(functools.partial(process_batch, options=options, run=run), items, jobs, _failed)


def map_batches(worker: Callable[[list[Item]], list[T]], items: Iterable[Item], jobs: int,
                failed: Callable[[list[Item], BaseException], list[T]], batch: int = BATCH) -> Iterator[T]:
    """``worker`` over batches of ``items`` on a pool of ``jobs`` processes, results in input order,
    at most ``jobs * WINDOW`` batches in flight. A batch whose worker died or could not be sent gives
    ``failed(batch, exc)`` instead, and a broken pool is replaced, so the run goes on."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent)
    window: deque[tuple[list[Item], Future[list[T]]]] = deque()

    def drain_one() -> list[T]:
        nonlocal pool
        chunk, future = window.popleft()
        try:
            return future.result()
        except BrokenProcessPool as exc:
            # a worker died (killed, out of memory): what it held in flight fails, the run goes on
            lost = failed(chunk, exc)
            for other, _ in window:
                lost += failed(other, exc)
            window.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent)
            return lost
        except Exception as exc:  # a batch that could not be sent or returned
            return failed(chunk, exc)

    try:
        it = iter(items)
        while chunk := list(itertools.islice(it, batch)):
            window.append((chunk, pool.submit(worker, chunk)))
            if len(window) >= jobs * WINDOW:
                yield from drain_one()
        while window:
            yield from drain_one()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
