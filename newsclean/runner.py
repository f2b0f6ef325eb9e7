"""Running the pipeline over many inputs: in-process or on a process pool, output in input order.

Memory stays flat: inputs are pulled lazily, at most ``jobs * WINDOW`` batches are in flight, and
each document is serialised in the worker, so only finished JSONL lines cross the process boundary.
"""

from __future__ import annotations

import itertools
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import orjson

from .context import Context, Options
from .document import Reject
from .io.readers import STDIN, read_file
from .pipeline import clean_document

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

    def reject_line(self) -> bytes:
        return orjson.dumps({"source": self.source, "reason": self.reason, "detail": self.detail}) + b"\n"


#: An input: its source name, and its bytes when they were read already (stdin).
Item = tuple[str, bytes | None]


def process(item: Item, ctx: Context) -> Outcome:
    source, data = item
    try:
        if data is None:
            data = read_file(source, ctx.options.max_bytes)
        size = len(data)
        doc = clean_document(data, source, ctx)
        line = orjson.dumps(doc.to_record()) + b"\n"
        return Outcome(source, line=line, bytes_in=size, removed=dict(doc.removed))
    except Reject as rej:
        return Outcome(source, reason=rej.reason, detail=rej.detail, bytes_in=len(data or b""))


def process_batch(items: list[Item], options: Options) -> list[Outcome]:
    """Worker entry point; the context (profile, compiled shapes) is cached per process."""
    ctx = Context.build(options)
    return [process(item, ctx) for item in items]


def read_stdin(max_bytes: int) -> Item:
    data = sys.stdin.buffer.read(max_bytes + 1)
    return (STDIN, data)


def _failed(batch: list[Item], exc: BaseException) -> list[Outcome]:
    return [Outcome(src, reason="worker-error", detail=f"{type(exc).__name__}: {exc}") for src, _ in batch]


def run_items(items: Iterable[Item], options: Options, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order. ``jobs == 1`` runs in this process (no pickling, easy to debug)."""
    if jobs <= 1:
        ctx = Context.build(options)
        for item in items:
            yield process(item, ctx)
        return
    pool = ProcessPoolExecutor(max_workers=jobs)
    window: deque[tuple[list[Item], Future[list[Outcome]]]] = deque()

    def drain_one() -> list[Outcome]:
        nonlocal pool
        batch, future = window.popleft()
        try:
            return future.result()
        except BrokenProcessPool as exc:
            # a worker died (killed, out of memory): what it held in flight is rejected, the run goes on
            failed = _failed(batch, exc)
            for other, _ in window:
                failed += _failed(other, exc)
            window.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = ProcessPoolExecutor(max_workers=jobs)
            return failed
        except Exception as exc:  # a batch that could not be sent or returned: its inputs are rejects
            return _failed(batch, exc)

    try:
        it = iter(items)
        while batch := list(itertools.islice(it, BATCH)):
            window.append((batch, pool.submit(process_batch, batch, options)))
            if len(window) >= jobs * WINDOW:
                yield from drain_one()
        while window:
            yield from drain_one()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
