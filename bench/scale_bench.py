"""Scale benchmark: throughput of `newsclean clean` on N generated dumps with the local engine
(-j1, -j2) and the Dask engine on a 2-worker LocalCluster, against the read+write floor measured in
the same run, and the client's peak RSS at two sizes (it should not grow with N).

The Dask engine runs twice: on a cluster the bench starts beforehand (`--scheduler`: throughput
without the cluster's start, client RSS alone), and as `--engine dask` alone, whose LocalCluster
scheduler lives in the client process (what a user gets without a scheduler; its RSS counts it).

    .venv/bin/python bench/scale_bench.py                 # N = 200 000 (long: minutes per engine)
    .venv/bin/python bench/scale_bench.py --n 20000       # a quicker look

Inputs are the samples/*.txt dumps replicated with varied content (a numbered closing paragraph and
a varied title line), 1 000 files a directory, in a temporary directory removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson
import psutil

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def generate(root: Path, n: int) -> None:
    """``n`` distinct dumps: each sample in turn, its first title-like line and last paragraph varied."""
    bodies = [p.read_bytes() for p in SAMPLES]
    for i in range(n):
        sub = root / f"{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        body = bodies[i % len(bodies)]
        extra = (f"\n\nUpdate {i}: officials said on day {i % 365} that the {i % 97}th review of the "
                 f"case would continue, according to report number {i * 7919 % 100003}.\n").encode()
        (sub / f"{i:07d}_{SAMPLES[i % len(SAMPLES)].name}").write_bytes(body + extra)


def floor(root: Path, out: Path) -> float:
    """Seconds to read every file and write one orjson line per file: the cost of I/O alone."""
    start = time.perf_counter()
    with open(out, "wb", buffering=1 << 20) as f:
        for top, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                with open(os.path.join(top, name), "rb") as g:
                    text = g.read().decode("utf-8", errors="replace")
                f.write(orjson.dumps({"text": text}) + b"\n")
    return time.perf_counter() - start


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of the client process alone (workers not counted)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        ps = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                peak = max(peak, ps.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    done.set()
    watcher.join()
    secs = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()}")
    return secs, peak / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="documents (default 200000)")
    ap.add_argument("--small", type=int, default=0, help="second N for the RSS check (default n/4)")
    ap.add_argument("--no-dask", action="store_true", help="leave the Dask engine out")
    ap.add_argument("--engines", default="local -j1,local -j2,dask,dask local",
                    help="comma-separated subset of: local -j1, local -j2, dask (on the bench's cluster), "
                         "dask local (--engine dask alone: a LocalCluster inside the client, start counted)")
    args = ap.parse_args()
    small = args.small or max(1, args.n // 4)
    exe = [sys.executable, "-m", "newsclean", "clean", "-q"]

    cluster = None
    if not args.no_dask:
        from distributed import LocalCluster

        t = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=":0")
        print(f"dask LocalCluster (2 workers) started in {time.perf_counter() - t:.1f} s (not counted)")

    tmp = Path(tempfile.mkdtemp(prefix="newsclean-bench-"))
    try:
        results: dict[tuple[str, int], tuple[float, float]] = {}
        for n in (small, args.n):
            data = tmp / f"in-{n}"
            t = time.perf_counter()
            generate(data, n)
            mb = sum(f.stat().st_size for f in data.rglob("*.txt")) / 1e6
            print(f"\nN = {n:,}: generated {mb:,.0f} MB in {time.perf_counter() - t:.1f} s")
            fl = floor(data, tmp / "floor.jsonl")
            print(f"  {'read+write floor':<26} {fl:8.1f} s {n / fl:10,.0f} docs/s")
            wanted = {e.strip() for e in args.engines.split(",")}
            runs = {name: extra for name, extra in (("local -j1", ["-j1"]), ("local -j2", ["-j2"]))
                    if name in wanted}
            if cluster is not None and "dask" in wanted:
                runs["dask (2 workers)"] = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
            if not args.no_dask and "dask local" in wanted:
                runs["dask, in-process cluster"] = ["--engine", "dask", "-j2"]
            for name, extra in runs.items():
                secs, rss = timed([*exe, str(data), "-o", str(tmp / "out.jsonl"), *extra])
                results[(name, n)] = (secs, rss)
                print(f"  {name:<26} {secs:8.1f} s {n / secs:10,.0f} docs/s  {fl / secs:6.1%} of floor speed"
                      f"  client peak RSS {rss:6.0f} MB")
            shutil.rmtree(data)
        n = args.n
        print(f"\nratios at N = {n:,}:")
        j1, j2 = results.get(("local -j1", n), (0.0, 0))[0], results.get(("local -j2", n), (0.0, 0))[0]
        if j1 and j2:
            print(f"  local -j2 speed-up over -j1: {j1 / j2:.2f}x")
        dk = results.get(("dask (2 workers)", n), (0.0, 0))[0]
        if dk and j2:
            print(f"  dask throughput / local -j2 throughput: {j2 / dk:.1%} (target >= 85%)")
        print(f"  client peak RSS, N = {small:,} -> {n:,} (flat means no growth with N):")
        for name in [k for k, m in results if m == n]:
            print(f"    {name:<24} {results[(name, small)][1]:6.0f} MB -> {results[(name, n)][1]:6.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
