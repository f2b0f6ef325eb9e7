"""Every command the README shows, run as written on a plain install (``pip install .``, no extras).

The ``sh`` blocks are run in README order in one folder that holds the inputs they name (``dumps/``,
``scraped/``, ``dumps.tar.gz`` …), so a block's later commands read what its earlier ones wrote, as
for a reader who pastes them in turn. Each must exit 0 with no traceback. Adjustments, each stated:

- install steps (``python3 -m venv``, ``pip install .``) are what ``.ci/run`` did to make the plain
  install this test runs on (``NEWSCLEAN_PLAIN_VENV``; the test skips without it); after a
  ``pip install 'newsclean[EXTRA]'`` line the block goes on with this suite's venv, which has them;
- ``curl`` (no network in CI) is a stand-in that prints a local dump;
- the test command (this suite), ``make test`` and ``make bench`` / ``bench/bench.py`` (minutes of
  benchmark) are not run from here; ``make lint`` is, in the repository.

The ``python`` blocks run with the plain install's interpreter; the example record must be what
``clean`` gives for the seed, and the example profile must load.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import orjson
import pytest

from .conftest import ROOT, SAMPLES

README = ROOT / "README.md"
PLAIN = os.environ.get("NEWSCLEAN_PLAIN_VENV")
FULL_BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    not PLAIN or not (Path(PLAIN) / "bin" / "newsclean").exists(),
    reason="needs a plain install of newsclean: NEWSCLEAN_PLAIN_VENV=DIR, a venv where `pip install .` "
           "ran (.ci/run makes one)")

_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
_COMMENT = re.compile(r"\s+#\s.*$")
_NOT_RUN = (".venv/bin/python -m pytest", "make test", "make bench", "bench/bench.py")


def blocks(kind: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(README.read_text("utf-8")) if lang == kind]


def world(root: Path) -> Path:
    """A folder with every input the README's commands name."""
    dumps = sorted(SAMPLES.glob("*.txt"))
    shutil.copytree(SAMPLES, root / "samples")
    for sub in ("dumps", "scraped", "old"):
        (root / sub).mkdir()
    for i, path in enumerate(dumps, 1):
        shutil.copy(path, root / "dumps" / f"{i:04d}.txt")
        for night in range(2):  # a scraped site: the same outlets again, each page its own
            text = path.read_bytes() + f"\n\nUpdate {night} to page {i}: more was said later.\n".encode()
            (root / "scraped" / f"{night}_{path.name}").write_bytes(text)
    shutil.copy(dumps[0], root / "dump.txt")
    for path in dumps[:2]:
        shutil.copy(path, root / "old" / path.name)
    with tarfile.open(root / "dumps.tar.gz", "w:gz") as tar:
        for path in dumps[2:5]:
            tar.add(path, arcname=f"2025/{path.name}")
    with zipfile.ZipFile(root / "scraped.zip", "w") as zf:
        for path in dumps[5:]:
            zf.write(path, arcname=path.name)
    lines = [orjson.dumps({"id": p.stem, "body": p.read_text("utf-8", errors="replace")}) for p in dumps]
    (root / "collected.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    return root


def shell_commands() -> list[tuple[str, str]]:
    """(command, how to run it): 'plain', 'full' (after an extra was installed), 'repo' or 'skip'."""
    out = []
    for body in blocks("sh"):
        venv = "plain"
        for raw in body.splitlines():
            line = _COMMENT.sub("", raw).strip()
            if not line:
                continue
            if any(step in line for step in _NOT_RUN):
                out.append((line, "skip"))
            elif line.startswith("make "):
                out.append((line, "repo"))
            elif line.startswith("pip install"):
                venv = "full"
            else:
                parts = [p for p in line.split(" && ") if not p.startswith("python3 -m venv")
                         and "pip install" not in p]
                out.append((" && ".join(p.removeprefix(".venv/bin/") for p in parts), venv))
    return out


def sh(command: str, cwd: Path, venv_bin: Path) -> subprocess.CompletedProcess[str]:
    prelude = f'set -euo pipefail\ncurl() {{ cat "{cwd}/dump.txt"; }}\n'  # the network stand-in
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "120"}
    return subprocess.run(["bash", "-c", prelude + command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_every_shell_command_in_the_readme(tmp_path: Path) -> None:
    if not shutil.which("jq"):
        pytest.skip("the README pipes into jq, which is not installed (.ci/run installs it)")
    here = world(tmp_path)
    plain_bin = Path(PLAIN or "") / "bin"
    ran = []
    for command, how in shell_commands():
        if how == "skip":
            continue
        if how == "repo":
            if not (ROOT / ".venv" / "bin" / "ruff").exists():
                continue  # make lint needs the development venv of the README's test command
            done = sh(command, ROOT, FULL_BIN)
        else:
            done = sh(command, here, plain_bin if how == "plain" else FULL_BIN)
        assert done.returncode == 0, f"{command}\n{done.stderr[-3000:]}"
        assert "Traceback" not in done.stderr, f"{command}\n{done.stderr[-3000:]}"
        ran.append((command, done))
    outputs = dict(ran)
    assert len(ran) >= 25
    # what the commands promise, checked on what they wrote
    titles = next(d.stdout for c, d in ran if c.startswith("find dumps")).splitlines()
    assert len(titles) == len(list(SAMPLES.glob("*.txt"))) and all(t != "null" for t in titles)
    domains = orjson.loads(next(d.stdout for c, d in ran if c.endswith("jq .domains")))
    assert domains and all(d["name"] and d["count"] for d in domains)
    live = orjson.loads((here / "corpus" / "manifest.json").read_bytes())["live_records"]
    assert live == 2 * len(list(SAMPLES.glob("*.txt")))  # scraped/: each sample on two nights
    assert (here / "report.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert (here / "unique.duplicates.jsonl").exists() and (here / "dups.jsonl").exists()
    assert "quotes" in outputs["newsclean passes"].stdout


def test_python_blocks_run_on_a_plain_install(tmp_path: Path) -> None:
    here = world(tmp_path)
    for code in blocks("python"):
        done = subprocess.run([str(Path(PLAIN or "") / "bin" / "python"), "-c", code], cwd=here,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{code}\n{done.stderr[-3000:]}"
    assert (here / "corpus.jsonl.zst").exists()


def _matches(shown: object, actual: object) -> bool:
    """A README value against the real one; a string with `…` stands for what it leaves out."""
    if isinstance(shown, str) and "…" in shown and isinstance(actual, str):
        pieces = [p.strip() for p in shown.split("…")]
        at = 0
        for piece in pieces:
            found = actual.find(piece, at)
            if found < 0:
                return False
            at = found + len(piece)
        return actual.startswith(pieces[0]) and actual.endswith(pieces[-1])
    if isinstance(shown, dict) and isinstance(actual, dict):
        return shown.keys() <= actual.keys() and all(_matches(v, actual[k]) for k, v in shown.items())
    if isinstance(shown, list) and isinstance(actual, list):
        return len(shown) == len(actual) and all(map(_matches, shown, actual))
    return shown == actual


def test_the_example_record_is_what_clean_gives_for_the_seed() -> None:
    [example] = [orjson.loads(b) for b in blocks("json") if '"schema"' in b]
    seed = "samples/000_b3080ccbe49157e2.txt"  # as the README's source shows it
    done = subprocess.run([str(Path(PLAIN or "") / "bin" / "newsclean"), "clean", "-q", seed],
                          capture_output=True, timeout=120, cwd=ROOT)
    record = orjson.loads(done.stdout)
    assert list(example) == list(record)  # every field, in order
    for key, shown in example.items():
        if key == "quotes":  # the README shows one of them
            assert any(_matches(q, actual) for q in shown for actual in record["quotes"]), shown
        else:
            assert _matches(shown, record[key]), (key, shown, record[key])


def test_the_example_profile_loads_and_applies(tmp_path: Path) -> None:
    [profile] = [b for b in blocks("json") if '"sites"' in b]
    (tmp_path / "p.json").write_text(profile, "utf-8")
    done = subprocess.run([str(Path(PLAIN or "") / "bin" / "newsclean"), "clean", "-q", "--profile",
                           str(tmp_path / "p.json"), str(SAMPLES / "002_pacificdispatch.txt")],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
