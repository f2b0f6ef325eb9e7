"""Start-up: what a run imports (issue 13 item 3, outside the quote patterns)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "000_b3080ccbe49157e2.txt"
PROBE = """
import sys
import newsclean.cli as cli
sys.argv = ["newsclean", "clean", *sys.argv[1:]]
try:
    cli.main()
except SystemExit as exc:
    code = exc.code
print(code, sorted(m for m in ("rich", "charset_normalizer") if m in sys.modules), file=sys.stderr)
"""


def _run(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return proc.stderr.strip().splitlines()[-1]


def test_a_quiet_run_never_imports_rich(tmp_path: Path) -> None:
    assert _run("-q", "-j1", str(SAMPLE), "-o", str(tmp_path / "out.jsonl")) == "0 []"
    assert (tmp_path / "out.jsonl").read_bytes().count(b"\n") == 1


def test_a_run_with_a_summary_still_prints_it_through_rich(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, "-j1", str(SAMPLE), "-o", str(tmp_path / "o.jsonl")],
                          capture_output=True, text=True, check=True)
    assert "1 files read, 1 records written, 0 rejected" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "0 ['rich']"
