"""The Dask engine: the same passes on a Dask cluster (``pip install 'newsclean[dask]'``).

Inputs are cut into batches and sent to the workers in input order with a bounded window, so the
client holds only what is in flight. Two ways out:

- a stream (stdout or ``-o``): workers return finished JSONL lines and the client writes them in
  input order, exactly as the local engine would;
- ``--output-dir``: each task writes its own shard (one batch = one shard) under a hidden name in the
  shared directory and returns only counts and rejects; the client records the shard in the state
  store, renames it into place and gathers the summary. The directory must be visible to the
  workers and the client alike (a shared mount).

The client's memory is flat in the number of inputs: only the window of batches is held, and
distributed's developer logs, which would keep every recent task message, are kept short
(:data:`DASK_CONFIG`).

Workers must have newsclean installed (same version) and see the input paths. ``--doc-timeout``
needs a signal in the thread that runs the document; Dask runs tasks in worker threads, so there is
no per-document alarm on this engine.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..context import Options
from ..io.compression import open_writer
from ..io.shards import Shard, _Hashing, shard_name
from ..runner import Item, Outcome, RunOptions, process_batch

#: Inputs per task when streaming lines back to the client.
STREAM_BATCH = 256
#: Tasks in flight per worker thread.
WINDOW = 3

DASK_HINT = "--engine dask needs dask.distributed: pip install 'newsclean[dask]'"
#: distributed keeps developer logs of 1,000 entries by default: the client's log of recent messages
#: holds each task message, its pickled batch of inputs included (about 14 MB once full), and an
#: in-process scheduler's transition log as many transitions. They fill as the run goes, so the
#: client's memory grew with the number of documents until the logs were full; short logs keep it flat.
#: (The system monitor of a LocalCluster's scheduler keeps an hour of samples: one minute is plenty.)
DASK_CONFIG = {
    "distributed.admin.low-level-log-length": 16,
    "distributed.admin.system-monitor.log-length": 120,
}


class DaskMissing(RuntimeError):
    """The dask extra is not installed."""


@dataclass(slots=True)
class Written:
    """A shard a worker finished under ``tmp``; the client moves it to ``shard.name``."""

    tmp: str
    shard: Shard


def write_shard(items: list[Item], options: Options, run: RunOptions, directory: str, name: str,
                compression: str) -> tuple[list[Outcome], Written | None]:
    """Worker side: clean a batch and write its records as one shard under a hidden name.

    Outcomes come back without their lines (the shard holds them), so only counts, digests and
    reject reasons cross the network.
    """
    outcomes = process_batch(items, options, run)
    if not any(o.line is not None for o in outcomes):
        return outcomes, None
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as raw:
            hashing = _Hashing(raw)  # type: ignore[arg-type]
            out = open_writer(hashing, None if compression == "none" else compression)  # type: ignore[arg-type]
            count = 0
            for o in outcomes:
                if o.line is not None:
                    out.write(o.line)
                    o.line = None
                    count += 1
            if out is not hashing:
                out.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return outcomes, Written(tmp, Shard(name, count, hashing.size, hashing.sha.hexdigest()))


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client on ``scheduler``, or on a LocalCluster of ``workers`` single-threaded processes on
    loopback when no scheduler is given."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskMissing(DASK_HINT) from exc
    with dask.config.set(DASK_CONFIG):  # read when the client (and a local scheduler) start
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            yield client


def _threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def run_stream(client: Any, items: Iterable[Item], options: Options, run: RunOptions,
               batch: int = STREAM_BATCH) -> Iterator[Outcome]:
    """Outcomes with their lines, in input order (the local engine's contract)."""
    window: deque[Any] = deque()
    limit = _threads(client) * WINDOW
    it = iter(items)
    try:
        while chunk := list(itertools.islice(it, batch)):
            window.append(client.submit(process_batch, chunk, options, run, pure=False))
            if len(window) >= limit:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        for fut in window:
            fut.cancel()


def run_shards(client: Any, items: Iterable[Item], options: Options, run: RunOptions, directory: str,
               shard_size: int, compression: str, start: int,
               ) -> Iterator[tuple[list[Outcome], Written | None]]:
    """Per batch, in input order: its outcomes (lines already in the shard) and the shard written."""
    window: deque[Any] = deque()
    limit = _threads(client) * WINDOW
    it = iter(items)
    index = start
    try:
        while chunk := list(itertools.islice(it, shard_size)):
            name = shard_name(index, compression)
            index += 1
            window.append(client.submit(write_shard, chunk, options, run, directory, name, compression,
                                        pure=False))
            if len(window) >= limit:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        for fut in window:
            fut.cancel()
