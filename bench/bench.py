"""Throughput and memory of `newsclean clean` against the read+write floor, measured in one run.

    python bench/bench.py                 # 20,000 documents
    python bench/bench.py --n 5000 --keep # smaller, keep the corpus for a profiler

The corpus replicates samples/*.txt with varied content (numbers changed, body lines and tag runs
shuffled, titles made unique), so no two documents are byte-identical. Every figure is a separate
process started the same way: the floor reads every file and writes ``orjson.dumps({"text": ...})``
lines; newsclean runs with --jobs 1 and with all cores. Peak RSS is the largest of any process in
the run (client or worker), from ``getrusage(RUSAGE_CHILDREN)`` of a fresh wrapper, which also gives
each run's CPU time (docs/s by CPU: the figure a shared machine measures best).
Then, in-process, the CPU time of each pass per document (where the time goes), the read of a file
against the old ``max_bytes + 1`` buffer, and the start-up of a one-document run with and without the
quotes pass. The last table prints each issue-13 target against this run's figure:
decode <= 60 us a document, read <= 15 us, start-up <= 0.25 CPU-s with quotes, --jobs 1 >= 1,200
docs/s by CPU on the mixed corpus (>= 1,400 with --utf8-only), --jobs N >= 1.85x --jobs 1 on 2 cores.
``bench/peers.py`` runs the other tools (ftfy, datatrove) on the same corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = (
    "import resource, subprocess, sys, time;"
    "t = time.perf_counter(); rc = subprocess.run(sys.argv[1:]).returncode;"
    "dt = time.perf_counter() - t; ru = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(rc, dt, ru.ru_maxrss, ru.ru_utime + ru.ru_stime)"
)
#: issue 13's targets, printed against this run's figures
DECODE_US, READ_US, STARTUP_CPU_S, JOBS1_MIXED, JOBS1_UTF8, SCALING = 60, 15, 0.25, 1200, 1400, 1.85
FLOOR = (
    "import os, sys, orjson\n"
    "out = open(sys.argv[2], 'wb', buffering=1 << 20)\n"
    "for top, dirs, files in os.walk(sys.argv[1]):\n"
    "    dirs.sort()\n"
    "    for name in sorted(files):\n"
    "        with open(os.path.join(top, name), 'rb') as f:\n"
    "            text = f.read().decode('utf-8', 'replace')\n"
    "        out.write(orjson.dumps({'text': text}) + b'\\n')\n"
    "out.close()\n"
)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def build_corpus(n: int, dest: Path, seed: int = 7, utf8_only: bool = False) -> int:
    """Write ``n`` varied dumps under ``dest`` (1,000 a folder); returns the total bytes."""
    rng = random.Random(seed)
    samples = [p.read_bytes() for p in sorted((ROOT / "samples").glob("*.txt"))]
    if utf8_only:
        samples = [s for s in samples if _is_utf8(s)]
    digits = re.compile(rb"\d")
    total = 0
    for i in range(n):
        data = samples[i % len(samples)]
        lines = data.split(b"\n")
        body = [j for j, line in enumerate(lines) if len(line) > 200]
        for j in body:  # vary the article text: other numbers, sentences in another order
            sentences = lines[j].split(b". ")
            rng.shuffle(sentences)
            lines[j] = digits.sub(lambda _m: str(rng.randrange(10)).encode(), b". ".join(sentences))
        short = [j for j, line in enumerate(lines) if 0 < len(line) < 40 and line.islower()]
        picked = [lines[j] for j in short]
        rng.shuffle(picked)
        for j, line in zip(short, picked, strict=True):
            lines[j] = line
        doc = b"\n".join(lines).replace(b"\n\n", f"\n\nitem {i} \n\n".encode(), 0)
        folder = dest / f"{i // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:07d}.txt").write_bytes(doc)
        total += len(doc)
    return total


#: the environment of every measured run: an installed package has its bytecode (``pip install``
#: compiles it), so a setting that forbids writing ``.pyc`` files (``PYTHONDONTWRITEBYTECODE``, set on
#: some CI machines) would time the compiling of ~55 modules (~0.07 CPU-s) into every start-up instead
RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def check_runnable() -> None:
    """Stop with a message, not with figures of a command that failed at once, when this Python cannot
    run newsclean (``python bench/bench.py`` outside the project's venv)."""
    res = subprocess.run([sys.executable, "-c", "import newsclean.cli"], capture_output=True, text=True,
                         env=RUN_ENV)
    if res.returncode:
        why = res.stderr.strip().splitlines()[-1]
        raise SystemExit(f"bench.py: {sys.executable} cannot import newsclean ({why});"
                         " run it with the project's Python, e.g. .venv/bin/python bench/bench.py")


def measure_cpu(cmd: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system, every process) of ``cmd`` run from
    a fresh wrapper process."""
    res = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True,
                         env=RUN_ENV)
    rc, secs, rss, cpu = res.stdout.split()
    if rc not in ("0", "1"):
        raise SystemExit(f"{cmd} failed with exit code {rc}")
    return float(secs), int(rss), float(cpu)


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of ``cmd`` run from a fresh wrapper process."""
    secs, rss, _cpu = measure_cpu(cmd)
    return secs, rss


def startup_cpu(extra: list[str], repeat: int = 5) -> float:
    """CPU seconds of ``newsclean clean -q --jobs 1`` on one sample document: almost all start-up
    (imports, profile, compiled patterns); best of ``repeat`` runs."""
    sample = str(ROOT / "samples" / "000_b3080ccbe49157e2.txt")
    cmd = [sys.executable, "-m", "newsclean", "clean", "-q", "--jobs", "1", *extra, sample, "-o", os.devnull]
    measure_cpu(cmd)  # a first run writes the bytecode and the compiled-pattern cache, as any first run does
    return min(measure_cpu(cmd)[2] for _ in range(repeat))


def read_us(corpus: Path, limit: int, repeat: int = 3) -> tuple[float, float]:
    """CPU microseconds a document of ``read_file``, and of the read it replaced (a ``max_bytes + 1``
    buffer per file), over the first ``limit`` files; best of ``repeat``, measured in this process."""
    sys.path.insert(0, str(ROOT))
    from newsclean.io.readers import read_file

    paths = [str(p) for p in sorted(corpus.rglob("*.txt"))[:limit]]

    def buffered(path: str, max_bytes: int = 10_000_000) -> bytes:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fstat(fd)
            with os.fdopen(fd, "rb", closefd=False) as f:
                return f.read(max_bytes + 1)
        finally:
            os.close(fd)

    def best(fn) -> float:
        fastest = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            for path in paths:
                fn(path)
            fastest = min(fastest, time.process_time() - start)
        return fastest / max(1, len(paths)) * 1e6

    return best(lambda path: read_file(path, 10_000_000)), best(buffered)


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def pass_breakdown(corpus: Path, limit: int) -> list[tuple[str, float]]:
    """CPU microseconds per document spent in each pass, in this process (one core), over the first
    ``limit`` documents: where the time goes, for the speed target."""
    sys.path.insert(0, str(ROOT))
    from newsclean.context import Options
    from newsclean.document import Document, Reject
    from newsclean.passes import PASSES
    from newsclean.pipeline import prepare, run

    ctx = prepare(Options())
    paths = sorted(corpus.rglob("*.txt"))[:limit]
    spent = dict.fromkeys(PASSES, 0.0)
    for path in paths:
        with contextlib.suppress(Reject):
            run(Document(source=str(path), id=path.stem, raw=path.read_bytes()), ctx, timings=spent)
    return [(name, secs / max(1, len(paths)) * 1e6) for name, secs in spent.items()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="documents in the corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for the parallel run")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and outputs (printed path)")
    ap.add_argument("--utf8-only", action="store_true",
                    help="leave out the samples that are not UTF-8 (they cost an encoding detection)")
    ap.add_argument("--rss-n", type=int, default=0,
                    help="also run --jobs 1 on a corpus this size, to show peak RSS does not grow with N")
    ap.add_argument("--passes", type=int, default=2000, metavar="N",
                    help="time each pass in-process over the first N documents (0: skip)")
    args = ap.parse_args()
    check_runnable()

    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-"))
    try:
        t = time.perf_counter()
        size = build_corpus(args.n, work / "corpus", utf8_only=args.utf8_only)
        print(f"corpus: {args.n:,} documents, {size / 1e6:.1f} MB, built in {time.perf_counter() - t:.1f} s "
              f"({work / 'corpus'})", file=sys.stderr)
        newsclean = [sys.executable, "-m", "newsclean", "clean", "-q", str(work / "corpus")]
        # warm the page cache so the first measurement does not pay for the disk
        measure([sys.executable, "-c", FLOOR, str(work / "corpus"), os.devnull])
        runs = {
            "floor (read + orjson write)": [sys.executable, "-c", FLOOR, str(work / "corpus"),
                                            str(work / "floor.jsonl")],
            "newsclean --jobs 1": [*newsclean, "--jobs", "1", "-o", str(work / "one.jsonl")],
            f"newsclean --jobs {args.jobs}": [*newsclean, "--jobs", str(args.jobs),
                                              "-o", str(work / "all.jsonl")],
            # the core passes alone: quotes is the costliest pass and has targets of its own (issue 3)
            "newsclean --jobs 1 --skip quotes": [*newsclean, "--jobs", "1", "--skip", "quotes",
                                                 "-o", str(work / "noquotes.jsonl")],
        }
        measured = {name: measure_cpu(cmd) for name, cmd in runs.items()}
        results = {name: (secs, rss) for name, (secs, rss, _cpu) in measured.items()}
        floor_secs = results["floor (read + orjson write)"][0]
        one_secs = results["newsclean --jobs 1"][0]
        print(f"{'run':<34} {'docs/s':>10} {'MB/s':>8} {'x floor':>8} {'x jobs 1':>9} {'peak RSS':>10} "
              f"{'docs/CPU-s':>11}")
        for name, (secs, rss, cpu) in measured.items():
            print(f"{name:<34} {args.n / secs:>10,.0f} {size / secs / 1e6:>8.2f} {floor_secs / secs:>8.2f} "
                  f"{one_secs / secs:>9.2f} {rss / 1024:>8.1f} MB {args.n / cpu:>11,.0f}")
        same = (work / "one.jsonl").read_bytes() == (work / "all.jsonl").read_bytes()
        print(f"--jobs 1 and --jobs {args.jobs} outputs identical: {same}")
        floor_us = floor_secs / args.n * 1e6
        one_us = one_secs / args.n * 1e6
        print(f"per document: floor {floor_us:,.0f} us, newsclean --jobs 1 {one_us:,.0f} us; "
              f"1/3 of the floor's speed leaves {3 * floor_us:,.0f} us")
        decode = None
        if args.passes:
            breakdown = pass_breakdown(work / "corpus", args.passes)
            total = sum(us for _name, us in breakdown) or 1.0
            print(f"CPU per document by pass (in-process, first {min(args.passes, args.n):,} documents):")
            for name, us in breakdown:
                print(f"  {name:<16} {us:>8,.0f} us  {us / total:>6.1%}")
            decode = dict(breakdown)["decode"]
        read_now, read_before = read_us(work / "corpus", max(args.passes, 2000))
        with_quotes, without = startup_cpu([]), startup_cpu(["--skip", "quotes"])
        one_cpu = measured["newsclean --jobs 1"][2]
        scaling = one_secs / results[f"newsclean --jobs {args.jobs}"][0]
        jobs1_target = JOBS1_UTF8 if args.utf8_only else JOBS1_MIXED
        print("issue 13 targets, this run (CPU time; a shared machine makes every figure noisy):")
        if decode is not None:
            print(f"  decode            {decode:>9,.1f} us/doc     target <= {DECODE_US} us      "
                  f"{_verdict(decode <= DECODE_US)}")
        print(f"  read              {read_now:>9,.1f} us/doc     target <= {READ_US} us      "
              f"{_verdict(read_now <= READ_US)}  (a max_bytes + 1 buffer: {read_before:,.1f} us)")
        print(f"  start-up, quotes  {with_quotes:>9.3f} CPU-s      target <= {STARTUP_CPU_S} CPU-s "
              f"{_verdict(with_quotes <= STARTUP_CPU_S)}  (--skip quotes: {without:.3f} CPU-s)")
        print(f"  --jobs 1          {args.n / one_cpu:>9,.0f} docs/CPU-s target >= {jobs1_target:,}     "
              f"{_verdict(args.n / one_cpu >= jobs1_target)}")
        if args.jobs == 2:
            print(f"  --jobs 2          {scaling:>9.2f} x jobs 1   target >= {SCALING}x     "
                  f"{_verdict(scaling >= SCALING)}")
        if args.rss_n:
            shutil.rmtree(work / "corpus")
            build_corpus(args.rss_n, work / "corpus", utf8_only=args.utf8_only)
            secs, rss = measure([*newsclean, "--jobs", "1", "-o", os.devnull])
            big = results["newsclean --jobs 1"][1]
            print(f"peak RSS at N={args.rss_n:,}: {rss / 1024:.1f} MB "
                  f"(vs {big / 1024:.1f} MB at N={args.n:,})")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
