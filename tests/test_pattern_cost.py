"""``bench/pattern_cost.py``, the per-pattern timing the README's speed figures quote, still runs: it
reaches into the packs' lazy patterns and the quote pass's units, which a change to the engine could
leave it unable to wrap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_pattern_cost_bench_times_the_patterns_a_run_calls() -> None:
    script = REPO / "bench" / "pattern_cost.py"
    done = subprocess.run([sys.executable, str(script), "--n", "44", "--top", "80"],
                          check=True, capture_output=True, text=True, cwd=REPO)
    head, units, _, *rows = done.stdout.splitlines()
    assert head.startswith("44 documents") and "patterns wrapped" in head
    # the quote pass's time split by units: both parts found (the corpus quotes, and has prose)
    fruitful, idle = (float(part.split(" a document")[0].rsplit(" ", 1)[1])
                      for part in units.split("; ")[1:])
    assert units.startswith("quote pass") and fruitful > 1 and idle > 0
    timed = {row.split()[-1]: row.split() for row in rows}
    assert float(timed["en.cue_scan_re.finditer"][1]) > 0  # (calls a document: the English ones scan)
    share = int(head.rsplit("(", 1)[1].rstrip("%)"))
    assert 0 < share < 100
