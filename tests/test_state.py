"""--state: incremental runs skip unchanged inputs and redo changed ones; --resume after kill -9
gives every document exactly once across the shards of both runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from newsclean.state import State

from .test_inputs_formats import DUMPS, rejects, run
from .test_scale_outputs import read_shard


def make_corpus(root: Path, n: int) -> list[Path]:
    """``n`` dumps: the samples in turn, each with its own closing paragraph so no two are equal."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = DUMPS[i % len(DUMPS)]
        path = root / f"{i:05d}_{src.name}"
        note = f"Closing note number {i} for this copy of the story."
        path.write_bytes(after_article(src.read_bytes(), note.encode()))
        paths.append(path)
    return paths


def shard_records(outdir: Path) -> list[dict]:
    return [orjson.loads(line) for p in sorted(outdir.glob("part-*")) for line in read_shard(p).splitlines()]


def clean(corpus: Path, outdir: Path, state: Path, *extra: str) -> int:
    code, out, _ = run(str(corpus), "--output-dir", str(outdir), "--state", str(state), "--shard-size", "4",
                       *extra)
    assert out == b""
    return code


def after_article(dump: bytes, line: bytes) -> bytes:
    """The dump with ``line`` where a site adds a note or a correction: after the article's last
    paragraph (after the JSON-LD block a scraper writes last, a line would be the block's)."""
    rows = dump.split(b"\n")
    last = max(i for i, row in enumerate(rows) if len(row) > 100 and row.rstrip().endswith((b".", b'"')))
    return b"\n".join([*rows[:last + 1], b"", line, *rows[last + 1:]])


def test_unchanged_inputs_are_skipped_changed_and_new_ones_redone(tmp_path: Path) -> None:
    corpus, outdir, state = tmp_path / "in", tmp_path / "out", tmp_path / "state.sqlite"
    paths = make_corpus(corpus, 10)
    assert clean(corpus, outdir, state) == 0
    assert len(shard_records(outdir)) == 10

    assert clean(corpus, outdir, state) == 0  # nothing changed: nothing done, no new shard
    assert len(shard_records(outdir)) == 10

    paths[3].write_bytes(after_article(paths[3].read_bytes(), b"A correction was added later."))  # changed
    os.utime(paths[4], ns=(1, 1))  # touched only: same bytes, so still skipped (hash compared)
    make_corpus(tmp_path / "extra", 1)[0].rename(corpus / "new_one.txt")
    assert clean(corpus, outdir, state) == 0
    recs = shard_records(outdir)
    assert len(recs) == 12
    assert sorted(Path(r["source"]).name for r in recs[10:]) == [paths[3].name, "new_one.txt"]
    assert "A correction was added later." in recs[10]["text"] + recs[11]["text"]
    manifest = orjson.loads((outdir / "manifest.json").read_bytes())
    assert [r["skipped"] for r in manifest["runs"]] == [0, 10, 9]
    assert manifest["records"] == 12

    db = State(str(state))
    assert db.counts() == {"done": 11}
    row = db.db.execute("SELECT size, hash, shard FROM inputs WHERE source = ?", (str(paths[3]),)).fetchone()
    assert row[0] == paths[3].stat().st_size and len(row[1]) == 32 and row[2].startswith("part-0000")
    db.close()


def test_rejects_are_remembered_unless_transient(tmp_path: Path) -> None:
    corpus, outdir, state = tmp_path / "in", tmp_path / "out", tmp_path / "state.sqlite"
    make_corpus(corpus, 2)
    (corpus / "empty.txt").write_bytes(b"")
    os.symlink("nowhere.txt", corpus / "dangling.txt")
    rej = tmp_path / "rejects.jsonl"
    assert clean(corpus, outdir, state, "--rejects", str(rej)) == 1
    assert sorted(r["reason"] for r in rejects(rej)) == ["empty", "not-found"]
    assert clean(corpus, outdir, state, "--rejects", str(rej)) == 1
    assert [r["reason"] for r in rejects(rej)] == ["not-found"]  # tried again; 'empty' is remembered


def test_archive_members_and_jsonl_lines_are_tracked_by_content(tmp_path: Path) -> None:
    corpus, outdir, state = tmp_path / "in", tmp_path / "out", tmp_path / "state.sqlite"
    corpus.mkdir()
    rows = [{"id": f"d{i}", "text": p.read_text(encoding="utf-8")} for i, p in enumerate(DUMPS[:3])]
    jsonl = corpus / "c.jsonl"
    jsonl.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    assert clean(corpus, outdir, state, "--input-format", "jsonl") == 0
    rows[1]["text"] += "\nOne more line.\n"
    jsonl.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    assert clean(corpus, outdir, state, "--input-format", "jsonl") == 0
    assert [r["id"] for r in shard_records(outdir)] == ["d0", "d1", "d2", "d1"]


def test_an_interrupted_run_needs_resume(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    db = State(str(state))
    db.begin(str(tmp_path), {}, resume=False)  # started, never finished: as after a kill
    db.close()
    code, _, err = run(str(DUMPS[0]), "--output-dir", str(tmp_path / "o"), "--state", str(state))
    assert code == 2 and b"--resume" in err


def test_reconcile_commits_renamed_shards_and_forgets_the_rest(tmp_path: Path) -> None:
    """The two moments a kill can hit: after the rename (keep) or before it (redo)."""
    db = State(str(tmp_path / "s.sqlite"))
    db.begin(str(tmp_path), {}, resume=False)
    db.note("a.txt", None, "h1", "part-00000.jsonl.zst")
    db.note("b.txt", None, "h2", "part-00001.jsonl.zst")
    db.flush(None)
    (tmp_path / "part-00000.jsonl.zst").write_bytes(b"")  # renamed into place; part-00001 never was
    db.close()
    db = State(str(tmp_path / "s.sqlite"))
    assert db.interrupted()
    db.begin(str(tmp_path), {}, resume=True)
    assert db.db.execute("SELECT source, staged FROM inputs").fetchall() == [("a.txt", 0)]
    db.close()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_then_resume_gives_every_document_exactly_once(tmp_path: Path, jobs: str) -> None:
    corpus, outdir, state = tmp_path / "in", tmp_path / "out", tmp_path / "state.sqlite"
    n = 300
    make_corpus(corpus, n)
    cmd = [sys.executable, "-m", "newsclean", "clean", str(corpus), "--output-dir", str(outdir),
           "--state", str(state), "--shard-size", "10", "-j", jobs, "-q"]
    # its own process group, so kill -9 takes the pool workers too (as an OOM kill or a lost node would)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    while not (outdir / "part-00003.jsonl.zst").exists() and proc.poll() is None:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    first = shard_records(outdir)
    assert 0 < len(first) < n
    assert not (outdir / "manifest.json").exists()  # written only at the end of a run

    again = subprocess.run(cmd, capture_output=True)
    assert again.returncode == 2 and b"--resume" in again.stderr
    resumed = subprocess.run([*cmd, "--resume"], capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    sources = [r["source"] for r in shard_records(outdir)]
    assert len(sources) == n and len(set(sources)) == n  # every document, exactly once
    manifest = orjson.loads((outdir / "manifest.json").read_bytes())
    assert manifest["records"] == n
    assert sum(s["records"] for s in manifest["shards"]) == n
    assert [p.name for p in outdir.iterdir() if p.name.startswith(".")] == []  # --resume swept temps
