"""Outputs through symbolic links and to non-regular files: written through, never replaced.

A symlinked ``-o``, ``--rejects``, ``manifest.json``, state file or HTML report keeps being a link and
its target gets the data (temp file and rename in the target's directory); a FIFO, a device or a
path naming one of the process's descriptors (``/dev/stdout``) is written directly."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import orjson
from click.testing import CliRunner

from newsclean.cli import cli

from .test_inputs_formats import DUMPS, records, rejects, run

GOOD = DUMPS[2]


def _entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_output_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.log"
    real.write_text("old contents\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to("real.log")
    code, out, _ = run(str(GOOD), "-o", str(link))
    assert code == 0 and out == b""
    assert link.is_symlink() and os.readlink(link) == "real.log"
    [rec] = records(real.read_bytes())
    assert rec["source"] == str(GOOD)
    assert _entries(tmp_path) == ["link.jsonl", "real.log"]  # no temp file left anywhere


def test_output_through_a_link_chain_into_another_directory(tmp_path: Path) -> None:
    """The temp file is made beside the final target (a rename cannot cross file systems), a missing
    target is created, and a target's own mode is kept."""
    (tmp_path / "data").mkdir()
    (tmp_path / "links").mkdir()
    final = tmp_path / "data" / "corpus.jsonl.gz"
    (tmp_path / "links" / "hop.jsonl.gz").symlink_to("../data/corpus.jsonl.gz")  # dangling so far
    out = tmp_path / "out.jsonl.gz"
    out.symlink_to("links/hop.jsonl.gz")
    assert run(str(GOOD), "-o", str(out))[0] == 0
    assert out.is_symlink() and (tmp_path / "links" / "hop.jsonl.gz").is_symlink()
    import gzip

    [rec] = records(gzip.decompress(final.read_bytes()))
    assert rec["id"] == GOOD.stem
    final.chmod(0o640)
    assert run(str(GOOD), str(DUMPS[3]), "-o", str(out))[0] == 0
    assert len(records(gzip.decompress(final.read_bytes()))) == 2
    assert stat.S_IMODE(final.stat().st_mode) == 0o640
    assert _entries(tmp_path / "data") == ["corpus.jsonl.gz"]


def test_rejects_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "kept" / "rejects.jsonl"
    real.parent.mkdir()
    real.write_text("")
    link = tmp_path / "rejects.jsonl"
    link.symlink_to(real)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, _ = run(str(GOOD), str(empty), "--rejects", str(link))
    assert code == 1
    assert link.is_symlink()
    assert [(r["source"], r["reason"]) for r in rejects(real)] == [(str(empty), "empty")]


def test_manifest_and_state_through_symlinks(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    outdir = tmp_path / "corpus"
    outdir.mkdir()
    (outdir / "manifest.json").symlink_to(keep / "manifest.json")
    (tmp_path / "state.sqlite").symlink_to(keep / "state.sqlite")
    code, _, _ = run(str(GOOD), "--output-dir", str(outdir), "--state", str(tmp_path / "state.sqlite"))
    assert code == 0
    assert (outdir / "manifest.json").is_symlink() and (tmp_path / "state.sqlite").is_symlink()
    manifest = orjson.loads((keep / "manifest.json").read_bytes())
    assert manifest["records"] == 1
    assert (keep / "state.sqlite").stat().st_size > 0
    assert [n for n in _entries(outdir) if n.startswith(".")] == []


def test_output_dir_through_a_symlink_even_a_dangling_one(tmp_path: Path) -> None:
    (tmp_path / "disk").mkdir()
    (tmp_path / "corpus").symlink_to("disk/corpus")  # the target is made by the run
    code, _, _ = run(str(GOOD), "--output-dir", str(tmp_path / "corpus"), "--state",
                     str(tmp_path / "corpus" / "state.sqlite"))
    assert code == 0
    assert (tmp_path / "corpus").is_symlink()
    assert sorted(p.name for p in (tmp_path / "disk" / "corpus").iterdir()) == [
        "manifest.json", "part-00000.jsonl.zst", "state.sqlite"]


def test_html_report_and_dedup_output_through_symlinks(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    assert run(str(GOOD), str(DUMPS[3]), "-o", str(corpus))[0] == 0
    (tmp_path / "out").mkdir()
    html_link, unique_link = tmp_path / "report.html", tmp_path / "unique.jsonl"
    html_link.symlink_to("out/report.html")
    unique_link.symlink_to("out/unique.jsonl")
    runner = CliRunner()
    assert runner.invoke(cli, ["stats", str(corpus), "--html", str(html_link)]).exit_code == 0
    result = runner.invoke(cli, ["dedup", str(corpus), "-o", str(unique_link), "--exact-only",
                                 "--duplicates", str(tmp_path / "dups.jsonl")])
    assert result.exit_code == 0, result.output
    assert html_link.is_symlink() and unique_link.is_symlink()
    assert (tmp_path / "out" / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert len(records((tmp_path / "out" / "unique.jsonl").read_bytes())) == 2


def test_output_to_a_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, out, _ = run(str(GOOD), "-o", str(fifo))
    reader.join(timeout=60)
    assert code == 0 and out == b""
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    [rec] = records(got[0])
    assert rec["id"] == GOOD.stem


def _newsclean(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsclean", *args], capture_output=True, timeout=120,
                          **kwargs)  # type: ignore[call-overload]


def test_a_link_to_a_descriptor_writes_to_it_and_stays_a_link(tmp_path: Path) -> None:
    """``out -> /proc/self/fd/1`` with stdout redirected to a file: the records reach that file
    through the descriptor; the link is neither renamed over nor turned into a regular file."""
    link = tmp_path / "out.jsonl"
    link.symlink_to("/proc/self/fd/1")
    sink = tmp_path / "sink.jsonl"
    with open(sink, "wb") as f:
        proc = subprocess.run([sys.executable, "-m", "newsclean", "clean", "-j1", "-q", "-o", str(link),
                               str(GOOD)], stdout=f, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    [rec] = records(sink.read_bytes())
    assert rec["id"] == GOOD.stem


def test_dev_stdout_and_dev_stderr_stay_devices(tmp_path: Path) -> None:
    """As root a rename over ``/dev/stdout`` would succeed and replace the link: it must not happen."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    before = {p: os.lstat(p) for p in ("/dev/stdout", "/dev/stderr")}
    proc = _newsclean("clean", "-j1", "-q", "-o", "/dev/stdout", "--rejects", "/dev/stderr", str(GOOD),
                      str(empty))
    assert proc.returncode == 1
    [rec] = records(proc.stdout)
    assert rec["id"] == GOOD.stem
    [rej] = records(proc.stderr)
    assert (rej["source"], rej["reason"]) == (str(empty), "empty")
    for path, st in before.items():
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino) == (st.st_mode, st.st_ino), path
    assert not [p for p in os.listdir("/dev") if p.endswith(".tmp")]
