"""Messy file systems: FIFOs, sockets and devices among the inputs, unreadable directories, names
that are not UTF-8. Each is one record or one reject with its reason, and nothing hangs or crashes.

The runs go through a subprocess with a timeout: a FIFO that is opened waits for a writer forever,
so a hang must fail the test rather than stall the suite."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .test_inputs_formats import DUMPS, records, rejects

GOOD = DUMPS[2]


def newsclean(*args: str | bytes, cwd: Path | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsclean", *args], capture_output=True, timeout=timeout,
                          cwd=cwd)


def by_reason(path: Path) -> list[tuple[str, str]]:
    return sorted((Path(r["source"]).name, r["reason"]) for r in rejects(path))


def test_fifo_socket_and_device_are_not_a_file_rejects(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "a.txt")
    os.mkfifo(folder / "b.txt")  # walked
    os.mkfifo(tmp_path / "named.txt")  # named on the command line
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "c.sock"))
    rej = tmp_path / "rejects.jsonl"
    try:
        proc = newsclean("clean", "-j1", "--rejects", str(rej), str(folder), str(tmp_path / "named.txt"),
                         os.devnull, timeout=60)
    finally:
        sock.close()
    assert proc.returncode == 1, proc.stderr
    assert [r["id"] for r in records(proc.stdout)] == ["a"]
    assert by_reason(rej) == [("b.txt", "not-a-file"), ("c.sock", "not-a-file"), ("named.txt", "not-a-file"),
                              ("null", "not-a-file")]
    details = {Path(r["source"]).name: r["detail"] for r in rejects(rej)}
    assert details["b.txt"].startswith("a FIFO") and details["c.sock"].startswith("a socket")
    assert details["null"].startswith("a character device")
    assert "5 files read, 1 records written, 4 rejected (not-a-file: 4)" in proc.stderr.decode()


@pytest.mark.parametrize("name,extra", [("x.jsonl", ("--input-format", "jsonl")), ("x.tar", ()),
                                        ("x.zip", ())])
def test_fifo_read_by_the_main_process_is_a_reject(tmp_path: Path, name: str, extra: tuple[str, ...]) -> None:
    """Archives and JSONL files are opened by the main process, not a worker: a FIFO there would
    stall the whole run."""
    os.mkfifo(tmp_path / name)
    proc = newsclean("clean", "-j1", "--rejects", str(tmp_path / "rej.jsonl"), *extra, str(tmp_path / name),
                     timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert by_reason(tmp_path / "rej.jsonl") == [(name, "not-a-file")]


def test_show_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.txt")
    proc = newsclean("show", str(tmp_path / "p.txt"), timeout=60)
    assert proc.returncode == 1
    assert b"not-a-file" in proc.stderr


def without_dac(cmd: list[str]) -> list[str]:
    """``cmd`` as a user whom mode bits bind: as root, without the capabilities that ignore them
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), through util-linux ``setpriv``."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return cmd
    if not shutil.which("setpriv"):
        pytest.skip("as root, mode 000 denies nothing without util-linux setpriv to drop capabilities")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]


def test_unreadable_directory_is_a_reject(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "open").mkdir()
    shutil.copy(GOOD, folder / "a.txt")
    shutil.copy(GOOD, folder / "locked" / "b.txt")
    shutil.copy(GOOD, folder / "open" / "c.txt")
    named = tmp_path / "named"
    named.mkdir()
    shutil.copy(GOOD, named / "d.txt")
    rej = tmp_path / "rejects.jsonl"
    (folder / "locked").chmod(0)
    named.chmod(0)
    try:
        cmd = [sys.executable, "-m", "newsclean", "clean", "-j1", "--rejects", str(rej), str(folder),
               str(named)]
        proc = subprocess.run(without_dac(cmd), capture_output=True, timeout=120)
    finally:
        (folder / "locked").chmod(0o755)
        named.chmod(0o755)
    assert proc.returncode == 1, proc.stderr
    assert [r["id"] for r in records(proc.stdout)] == ["a", "c"]
    got = rejects(rej)
    assert [(r["source"], r["reason"]) for r in got] == [(str(folder / "locked"), "unreadable"),
                                                         (str(named), "unreadable")]
    assert all("Permission denied" in r["detail"] for r in got)
    assert "4 files read, 2 records written, 2 rejected (unreadable: 2)" in proc.stderr.decode()


# -- names that are not UTF-8 ----------------------------------------------------------------------------

ODD = b"caf\xe9 \xff.txt"  # latin-1 bytes in a name: not UTF-8


def _b64(raw: bytes) -> str:
    import base64

    return base64.b64encode(raw).decode()


def test_non_utf8_names_round_trip_in_records_rejects_and_state(tmp_path: Path) -> None:
    import tarfile

    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(bytes(folder) + b"/" + ODD)
    shutil.copy(GOOD, odd)
    empty = os.fsdecode(bytes(folder) + b"/empty \xfe.txt")
    Path(empty).write_bytes(b"")
    archive = tmp_path / "a.tar"
    with tarfile.open(archive, "w", encoding="utf-8", errors="surrogateescape") as tar:
        tar.add(odd, arcname=os.fsdecode(b"inner \xe9.txt"))
    rej, outdir, state = tmp_path / "rejects.jsonl", tmp_path / "corpus", tmp_path / "state.sqlite"
    args = ["clean", "-j1", "--rejects", str(rej), "--output-dir", str(outdir), "--state", str(state),
            "--compression", "none", str(folder), str(archive)]
    proc = newsclean(*args)
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    recs = records(b"".join(p.read_bytes() for p in sorted(outdir.glob("part-*"))))
    assert [(r["source"], r["source_bytes"]) for r in recs] == [
        (f"{folder}/caf\\xe9 \\xff.txt", _b64(bytes(folder) + b"/" + ODD)),
        (f"{archive}!inner \\xe9.txt", _b64(bytes(archive) + b"!inner \xe9.txt")),
    ]
    assert [r["id"] for r in recs] == ["caf\\xe9 \\xff", "inner \\xe9"]
    [r] = rejects(rej)
    assert (r["source"], r["reason"], r["source_bytes"]) == (
        f"{folder}/empty \\xfe.txt", "empty", _b64(bytes(folder) + b"/empty \xfe.txt"))
    # the state keeps the exact names: a rerun skips all three unchanged inputs
    again = newsclean(*args)
    assert again.returncode == 0, again.stderr
    assert b"3 unchanged inputs skipped" in again.stderr


def test_non_utf8_name_named_listed_and_shown(tmp_path: Path) -> None:
    odd = os.fsencode(tmp_path) + b"/" + ODD
    shutil.copy(GOOD, os.fsdecode(odd))
    listing = tmp_path / "list.txt"
    listing.write_bytes(odd + b"\n")
    proc = subprocess.run([sys.executable, "-m", "newsclean", "clean", "-j1", odd, "--files-from",
                           str(listing)], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    recs = records(proc.stdout)
    assert [r["source_bytes"] for r in recs] == [_b64(odd)] * 2
    import base64

    assert Path(os.fsdecode(base64.b64decode(recs[0]["source_bytes"]))).read_bytes() == GOOD.read_bytes()
    shown = subprocess.run([sys.executable, "-m", "newsclean", "show", "--plain", odd], capture_output=True,
                           timeout=120, env={**os.environ, "COLUMNS": "300"})
    assert shown.returncode == 0, shown.stderr
    assert "caf\\xe9 \\xff.txt: " in shown.stdout.decode()  # the title
    assert f'"source_bytes": "{_b64(odd)}"' in shown.stdout.decode()  # the record
    out = tmp_path / "out.jsonl"
    out.write_bytes(proc.stdout)
    for cmd in (["stats", str(out)], ["dedup", str(out), "-o", str(tmp_path / "u.jsonl"), "--exact-only"]):
        done = subprocess.run([sys.executable, "-m", "newsclean", *cmd], capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
    dups = records((tmp_path / "u.duplicates.jsonl").read_bytes())
    assert [d["source"] for d in dups] == [recs[1]["source"]]
