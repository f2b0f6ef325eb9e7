"""Pathological single documents: a one-line page of many megabytes costs a small multiple of its
size in memory, and no page stays in memory after it is done.

Peak RSS is read by the child itself (``ru_maxrss`` at exit) and compared with the same command on a
one-line page in the same test, so the figures are ratios, not absolute limits. The quotes pass is
left out (``--skip quotes``): its own bounds are tested with it."""

from __future__ import annotations

import gc
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from newsclean import runner
from newsclean.context import Context, Options
from newsclean.io.readers import inputs
from newsclean.job import Job
from newsclean.report import Report

from .test_inputs_formats import DUMPS

_PEAK = ("import atexit, resource, sys\n"
         "atexit.register(lambda: sys.stderr.write("
         "f'MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
         "from newsclean.cli import main\n"
         "sys.argv = ['newsclean', *sys.argv[1:]]\n"
         "main()\n")


def peak_kb(*args: str) -> int:
    """Peak RSS (KB) of ``newsclean clean ARGS`` in its own process."""
    proc = subprocess.run([sys.executable, "-c", _PEAK, "clean", "-j1", "-q", *args], capture_output=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stderr.decode().rsplit("MAXRSS ", 1)[1].split()[0])


def one_line_page(size: int) -> bytes:
    """Real article prose from the samples, joined into one line of ``size`` bytes."""
    prose = [line for p in DUMPS for line in p.read_text("utf-8", errors="replace").splitlines()
             if len(line.split()) > 12]
    text = " ".join(prose).encode()
    return (text * (size // len(text) + 1))[:size].rsplit(b" ", 1)[0] + b"\n"


def test_a_large_one_line_page_costs_a_small_multiple_of_its_size(tmp_path: Path) -> None:
    size = 12_000_000
    (tmp_path / "big.txt").write_bytes(one_line_page(size))
    (tmp_path / "small.txt").write_bytes(one_line_page(2_000))
    common = ("--skip", "quotes", "--max-bytes", str(3 * size), "-o", str(tmp_path / "out.jsonl"))
    base = peak_kb(str(tmp_path / "small.txt"), *common)
    big = peak_kb(str(tmp_path / "big.txt"), *common)
    growth = (big - base) * 1024 / size
    print(f"peak RSS: one-line {base} KB, {size / 1e6:.0f} MB page {big} KB: {growth:.1f} x its size")
    # a str of this text costs two bytes a character; bytes, lines, paragraphs, text and the JSON line
    # each hold it once at most: 5x the size measured; 17x before the fixes (the split word list)
    assert growth < 7


def test_a_large_page_does_not_stay_in_memory_after_it_is_done(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing keeps a finished page: when the third of three large pages starts, what Python holds
    is a small part of one page (the line-shape cache held every long line it was asked about; the
    run's loop held the last record's JSON line while the next page was cleaned).

    Python's own allocations are what is measured (tracemalloc), not the process's RSS: after three
    such pages glibc keeps some 10-20 MB of freed, fragmented heap that it would give back with
    ``MALLOC_TRIM_THRESHOLD_=0``, which says nothing about what the code keeps."""
    size = 8_000_000
    page = one_line_page(size)
    for n in range(3):
        (tmp_path / f"{n}.txt").write_bytes(page.replace(b"the", f"th{n}".encode(), 1))
    held: list[int] = []
    real = runner.process

    def process(item: runner.Item, ctx: Context, run: runner.RunOptions = runner.PLAIN) -> runner.Outcome:
        gc.collect()
        held.append(tracemalloc.get_traced_memory()[0])
        return real(item, ctx, run)

    monkeypatch.setattr(runner, "process", process)
    tracemalloc.start()
    try:
        job = Job(Options(skip=("quotes",), max_bytes=2 * size), jobs=1, output=str(tmp_path / "out.jsonl"))
        job.execute(inputs([str(tmp_path / f"{n}.txt") for n in range(3)], None), Report())
    finally:
        tracemalloc.stop()
    assert len(held) == 3
    assert held[2] - held[0] < size // 4, held  # a kept page holds several times its size
