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
        cmd = [sys.executable, "-m", "newsclean", "clean", "-j1", "--rejects", str(rej), str(folder), str(named)]
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
