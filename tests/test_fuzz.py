"""Robustness: arbitrary bytes and text through every pass, adversarial shapes, a per-document time
limit, and files that deny, loop or vanish. Each input ends as exactly one record or one reject."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean import passes
from newsclean.cli import cli
from newsclean.context import Context, Options
from newsclean.io.archives import Limits, members
from newsclean.io.readers import jsonl_items
from newsclean.runner import Item, RunOptions, process, run_items

from .conftest import best_cpu
from .test_inputs_formats import DUMPS, records, rejects, run

CTX = Context.build()
SAMPLE = DUMPS[1].read_bytes()


def is_one_outcome(item: Item) -> None:
    out = process(item, CTX)
    assert (out.line is None) != (out.reason is None)
    if out.line is not None:
        rec = orjson.loads(out.line)
        assert rec["source"] == item[0] and isinstance(rec["text"], str)
    else:
        assert out.reason and orjson.loads(out.reject_line())["reason"] == out.reason


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_end_as_record_or_reject(data: bytes) -> None:
    is_one_outcome(("fuzz.txt", data))


@FUZZ
@given(st.text(max_size=3000))
def test_arbitrary_text_end_as_record_or_reject(text: str) -> None:
    is_one_outcome(("fuzz.txt", text.encode("utf-8", errors="surrogatepass")))


@FUZZ
@given(st.lists(st.sampled_from(SAMPLE.splitlines()) | st.text(max_size=80).map(str.encode), max_size=60))
def test_shuffled_dump_lines_end_as_record_or_reject(lines: list[bytes]) -> None:
    """Real header, metadata and body lines in any order and mix: the passes' labels must cope."""
    is_one_outcome(("fuzz.txt", b"\n".join(lines)))


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["a.tar", "a.tar.gz", "a.zip", "a.tar.zst"]))
def test_arbitrary_archive_bytes_are_rejects_not_crashes(tmp_path_factory: pytest.TempPathFactory,
                                                         data: bytes, name: str) -> None:
    path = tmp_path_factory.mktemp("arch") / name
    path.write_bytes(data)
    for source, payload, _ in members(str(path), None, Limits(member=10_000, archive=100_000)):
        assert source.startswith(str(path))
        if not isinstance(payload, bytes):
            assert payload.reason


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_jsonl_bytes_are_lines_or_rejects(tmp_path_factory: pytest.TempPathFactory,
                                                    data: bytes) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "x.jsonl"
    path.write_bytes(data)
    for item in jsonl_items(str(path), "text", 10_000):
        is_one_outcome(item)


#: Adversarial inputs by size: ``make(k)`` is ``k`` times the unit (the full size is ``make(4)``).
ADVERSARIAL = {
    "megabyte-without-newline": lambda k: b"a" * 250_000 * k,
    "megabyte-of-words": lambda k: b"word " * 50_000 * k,
    "straight-quotes": lambda k: b'"' * 25_000 * k,
    "curly-quotes": lambda k: "\u201c".encode() * 25_000 * k,
    "open-quotes-in-prose": lambda k: SAMPLE + b"\n" + b'He said "and then ' * 5_000 * k,
    "guillemets": lambda k: "«".encode() * 12_500 * k + "»".encode() * 12_500 * k,
    "long-metadata-like": lambda k: b"By: " * 25_000 * k,
    "url-like": lambda k: b"http://" + b"a." * 50_000 * k,
    "digits": lambda k: b"2025-" * 25_000 * k,
    # a glued line with a camel-case or number step every few words, each a different word: each
    # step asks the whole page whether its word is written again
    "camel-steps": lambda k: SAMPLE + b"\nIt rose.The end came on Monday. " + b" ".join(
        b"Prices fell in the word%sStart%s one two three days." % (_letters(i), _letters(i))
        for i in range(3_000 * k)),
    "number-steps": lambda k: SAMPLE + b"\nIt rose.The end came on Monday. " + b" ".join(
        b"Prices fell by %dAbc%s and more." % (i, _letters(i)) for i in range(5_000 * k)),
}


def _letters(i: int) -> bytes:
    """A different word of lower-case letters for each number (``a``, ``b``, … ``ba``)."""
    out = b""
    while True:
        out += bytes([97 + i % 26])
        i //= 26
        if not i:
            return out


def _cpu_of(item: Item) -> float:
    return best_cpu(lambda: process(item, CTX), 2)


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_inputs_finish(name: str) -> None:
    """Linear-time rules: each input ends as one outcome, and four times the input costs about four
    times the CPU, not sixteen (a ratio measured in the same test; no wall-clock limit)."""
    make = ADVERSARIAL[name]
    large = (name, make(4))
    is_one_outcome(large)
    small_cpu, large_cpu = _cpu_of((name, make(1))), _cpu_of(large)
    assert large_cpu < 8 * max(small_cpu, 2e-3), (small_cpu, large_cpu)


@pytest.fixture
def slow_header(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pass that backtracks catastrophically on one marker line, like a bad rule would."""
    real = passes.PASSES["header"]

    def header(doc, ctx) -> None:  # type: ignore[no-untyped-def]
        if any(line.startswith("EVIL") for line in doc.lines):
            re.match(r"(a+)+$", "a" * 64 + "b")  # years of backtracking
        real(doc, ctx)

    monkeypatch.setitem(passes.PASSES, "header", header)


def test_doc_timeout_rejects_the_slow_document_and_goes_on(tmp_path: Path, slow_header: None) -> None:
    shutil.copy(DUMPS[0], tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"EVIL\n" + SAMPLE)
    shutil.copy(DUMPS[2], tmp_path / "c.txt")
    rej = tmp_path / "rejects.jsonl"
    code, out, _ = run(str(tmp_path), "--doc-timeout", "0.5", "--rejects", str(rej))
    assert code == 1
    assert [r["source"].rsplit("/", 1)[-1] for r in records(out)] == ["a.txt", "c.txt"]
    assert [(r["source"].rsplit("/", 1)[-1], r["reason"]) for r in rejects(rej)] == [("b.txt", "timeout")]


def test_doc_timeout_in_worker_processes(tmp_path: Path, slow_header: None) -> None:
    """Pool workers are forked, so they run the patched pass too; each arms its own alarm."""
    items = [("a.txt", SAMPLE), ("b.txt", b"EVIL\n" + SAMPLE), ("c.txt", SAMPLE)]
    got = list(run_items(items, Options(), jobs=2, run=RunOptions(doc_timeout=0.5)))
    assert [(o.source, o.reason) for o in got] == [("a.txt", None), ("b.txt", "timeout"), ("c.txt", None)]


def test_symlink_loops_and_dangling_links_are_rejects(tmp_path: Path) -> None:
    shutil.copy(DUMPS[0], tmp_path / "ok.txt")
    os.symlink("loop_b.txt", tmp_path / "loop_a.txt")
    os.symlink("loop_a.txt", tmp_path / "loop_b.txt")
    os.symlink("missing.txt", tmp_path / "dangling.txt")
    os.symlink(".", tmp_path / "dirloop")  # a directory link to itself: never followed by the walk
    rej = tmp_path / "rejects.jsonl"
    code, out, _ = run(str(tmp_path), str(tmp_path / "loop_a.txt"), "--rejects", str(rej))
    assert code == 1
    assert [r["source"].rsplit("/", 1)[-1] for r in records(out)] == ["ok.txt"]
    assert sorted((r["source"].rsplit("/", 1)[-1], r["reason"]) for r in rejects(rej)) == [
        ("dangling.txt", "not-found"), ("loop_a.txt", "unreadable"), ("loop_a.txt", "unreadable"),
        ("loop_b.txt", "unreadable")]  # dirloop is a directory link: not followed, so not an input


def test_file_vanishing_mid_run_is_a_reject(tmp_path: Path) -> None:
    paths = []
    for i, p in enumerate(DUMPS[:4]):
        paths.append(tmp_path / f"{i}.txt")
        shutil.copy(p, paths[-1])

    def listing() -> Iterator[Item]:
        for n, path in enumerate(paths):
            if n == 2:
                paths[3].unlink()  # listed by the walk, gone by the time it is read
            yield (str(path), None)

    got = list(run_items(listing(), Options(), jobs=1))
    assert [(Path(o.source).name, o.reason) for o in got] == [
        ("0.txt", None), ("1.txt", None), ("2.txt", None), ("3.txt", "not-found")]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode, so chmod 000 cannot deny; "
                           "test_permission_denied_as_root_without_dac_capabilities covers root")
def test_permission_denied_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    shutil.copy(DUMPS[0], path)
    path.chmod(0)
    rej = tmp_path / "rejects.jsonl"
    code, _, _ = run(str(path), "--rejects", str(rej))
    assert code == 1
    assert [r["reason"] for r in rejects(rej)] == ["unreadable"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root and util-linux setpriv to drop the capabilities that ignore modes")
def test_permission_denied_as_root_without_dac_capabilities(tmp_path: Path) -> None:
    """Root without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH meets mode 000 like anyone: a real EACCES,
    which must become one ``unreadable`` reject while the run goes on."""
    import subprocess
    import sys

    secret, fine, rej = tmp_path / "secret.txt", tmp_path / "fine.txt", tmp_path / "rejects.jsonl"
    shutil.copy(DUMPS[0], secret)
    shutil.copy(DUMPS[0], fine)
    secret.chmod(0)
    cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-m", "newsclean",
           "clean", "-j1", "--rejects", str(rej), str(secret), str(fine)]
    proc = subprocess.run(cmd, capture_output=True)
    assert proc.returncode == 1, proc.stderr
    assert len(records(proc.stdout)) == 1
    [reject] = rejects(rej)
    assert (reject["source"], reject["reason"]) == (str(secret), "unreadable")
    assert "Permission denied" in reject["detail"]


def test_unreadable_path_even_as_root(tmp_path: Path) -> None:
    """Root cannot be denied by mode bits, but a path through a regular file (ENOTDIR) is
    unreadable for everyone: the same ``unreadable`` reject, and the run goes on."""
    shutil.copy(DUMPS[0], tmp_path / "f.txt")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{tmp_path / 'f.txt' / 'inside.txt'}\n{tmp_path / 'f.txt'}\n")
    rej = tmp_path / "rejects.jsonl"
    args = ["clean", "-j1", "-q", "--files-from", str(listing), "--rejects", str(rej)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert len(records(result.stdout_bytes)) == 1
    assert [r["reason"] for r in rejects(rej)] == ["unreadable"]


def test_internal_errors_stay_with_their_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsclean.runner as runner_module

    def broken(_: object, **__: object) -> bytes:
        raise TypeError("boom")

    monkeypatch.setattr(runner_module, "orjson", SimpleNamespace(dumps=broken))
    out = process(("x.txt", SAMPLE), CTX)
    assert (out.reason, out.detail) == ("internal-error", "TypeError: boom")
