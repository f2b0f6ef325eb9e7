"""The Dask client's memory against the number of inputs, quickly: inputs that do not exist.

    .venv/bin/python bench/dask_client_rss.py                    # 400,000 inputs, in-process cluster
    .venv/bin/python bench/dask_client_rss.py --external         # the cluster in another process
    .venv/bin/python bench/dask_client_rss.py --default-logs     # distributed's own log lengths

Each input is a path that does not exist, so a worker turns it into a `not-found` reject at once:
what is measured is the client's cost per input (submitting batches, gathering outcomes), without
the minutes of cleaning that `scale_bench.py` spends per 100,000 documents. The client runs
`run_stream` as `newsclean clean --engine dask` does and prints its RSS at a few input counts; flat
means no growth with N. `--default-logs` runs it without `DASK_CONFIG` (issue 4: the developer
logs of distributed made the client grow until they were full).
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsclean.context import Options
from newsclean.engines import dask as engine
from newsclean.runner import Item, RunOptions

CHECKPOINTS = (20_000, 50_000, 100_000, 200_000, 400_000)


def inputs(n: int) -> Iterator[Item]:
    """Paths shaped like a scraped folder's (about 70 characters), none of which exists."""
    for i in range(n):
        yield f"/nonexistent/newsclean-bench/in/{i // 1000:04d}/{i:07d}_004_sevvestnik.txt", None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=CHECKPOINTS[-1], help="inputs (default 400000)")
    ap.add_argument("--external", action="store_true",
                    help="the cluster in another process, as with --scheduler (default: --engine dask "
                         "alone, whose scheduler lives in the client's process)")
    ap.add_argument("--serve-cluster", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--default-logs", action="store_true", help="leave distributed's log lengths as they are")
    args = ap.parse_args()
    if args.default_logs:
        engine.DASK_CONFIG = {}
    if args.serve_cluster:  # the --external cluster's own process: print the address, then wait
        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=":0") as cluster:
            print(cluster.scheduler_address, flush=True)
            sys.stdin.read()  # until the client closes the pipe
        return

    proc = psutil.Process()
    cluster = None
    address = None
    if args.external:
        cluster = subprocess.Popen([sys.executable, __file__, "--serve-cluster"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        assert cluster.stdout is not None
        address = cluster.stdout.readline().strip()
    try:
        with engine.connect(address, 2) as client:
            t = time.perf_counter()
            outcomes = engine.run_stream(client, inputs(args.n), Options(), RunOptions())
            for done, _outcome in enumerate(outcomes, 1):
                if done in CHECKPOINTS or done == args.n:
                    gc.collect()
                    print(f"{done:>9,} inputs  client RSS {proc.memory_info().rss / 1e6:7.1f} MB  "
                          f"{time.perf_counter() - t:6.1f} s", flush=True)
    finally:
        if cluster is not None:
            cluster.communicate()


if __name__ == "__main__":
    main()
