"""Reruns into the same --output-dir: never a silent second copy of every record, and with --state
one live record per input (the manifest lists what a changed input superseded; stats, dedup and
compact honour it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
from click.testing import CliRunner

from newsclean.cli import cli
from newsclean.state import State

from .test_inputs_formats import DUMPS, records, run
from .test_state import after_article, make_corpus, shard_records


def invoke(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


def test_a_second_run_without_state_is_refused_unless_append(tmp_path: Path) -> None:
    corpus, outdir = tmp_path / "in", tmp_path / "corpus"
    make_corpus(corpus, 3)
    assert run(str(corpus), "--output-dir", str(outdir))[0] == 0
    before = sorted(p.name for p in outdir.iterdir())
    code, out, err = run(str(corpus), "--output-dir", str(outdir))
    assert code == 2 and out == b""
    assert b"second copy of every record" in err and b"--append" in err and b"--state" in err
    assert sorted(p.name for p in outdir.iterdir()) == before
    assert run(str(corpus), "--output-dir", str(outdir), "--append")[0] == 0
    assert len(shard_records(outdir)) == 6  # asked for: both copies
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    assert run(str(corpus), "--output-dir", str(tmp_path / "other"))[0] == 2  # any non-empty directory


def test_a_new_state_beside_unknown_shards_is_refused(tmp_path: Path) -> None:
    corpus, outdir = tmp_path / "in", tmp_path / "corpus"
    make_corpus(corpus, 2)
    assert run(str(corpus), "--output-dir", str(outdir))[0] == 0
    code, _, err = run(str(corpus), "--output-dir", str(outdir), "--state", str(outdir / "state.sqlite"))
    assert code == 2 and b"does not know" in err
    assert len(shard_records(outdir)) == 2


def test_changed_inputs_supersede_their_old_records(tmp_path: Path) -> None:
    corpus, outdir, state = tmp_path / "in", tmp_path / "corpus", tmp_path / "corpus" / "state.sqlite"
    paths = make_corpus(corpus, 6)
    args = (str(corpus), "--output-dir", str(outdir), "--state", str(state), "--shard-size", "4")
    assert run(*args)[0] == 0
    # night 2: one input changed, one became empty (a reject now), one new
    paths[1].write_bytes(after_article(paths[1].read_bytes(), b"A correction was added on the second night."))
    paths[4].write_bytes(b"")
    shutil.copy(DUMPS[0], corpus / "zz_new.txt")
    assert run(*args)[0] == 1
    # night 3: the changed one changes again
    paths[1].write_bytes(after_article(paths[1].read_bytes(), b"And a second correction on the third night."))
    assert run(*args)[0] == 0  # the empty file is remembered as rejected: skipped while unchanged

    everything = shard_records(outdir)
    assert len(everything) == 6 + 2 + 1  # shards are never rewritten
    manifest = orjson.loads((outdir / "manifest.json").read_bytes())
    # run 1 wrote part-00000 (inputs 0-3), part-00001 (4-5); run 2 part-00002 (1, new); run 3 part-00003
    assert manifest["superseded"] == {"part-00000.jsonl.zst": [1], "part-00001.jsonl.zst": [0],
                                      "part-00002.jsonl.zst": [0]}
    assert (manifest["records"], manifest["live_records"]) == (9, 6)

    code, out, _ = invoke("compact", str(outdir), "-o", "-", "-q")
    assert code == 0
    live = records(out)
    expected = [*paths[:4], paths[5], corpus / "zz_new.txt"]
    assert sorted(r["source"] for r in live) == sorted(map(str, expected))
    [changed] = [r for r in live if r["source"] == str(paths[1])]
    assert "second correction on the third night" in changed["text"]
    code, out, _ = invoke("stats", str(outdir), "--json")
    assert code == 0 and orjson.loads(out)["documents"] == 6
    code, _, _ = invoke("dedup", str(outdir), "-o", str(tmp_path / "u.jsonl"), "--exact-only", "-q")
    assert code == 0 and len(records((tmp_path / "u.jsonl").read_bytes())) == 6


def test_a_superseding_shard_that_never_landed_leaves_the_old_record_live(tmp_path: Path) -> None:
    """Killed after the new outcome was staged but before its shard was renamed: on --resume the old
    row comes back (its record is still the live one), and nothing is listed as superseded."""
    db = State(str(tmp_path / "s.sqlite"))
    db.begin(str(tmp_path), {}, resume=False)
    db.note("a.txt", None, "h1", "part-00000.jsonl", 0)
    db.note("b.txt", None, "h2", "part-00000.jsonl", 1)
    db.flush(None)
    (tmp_path / "part-00000.jsonl").write_text("{}\n{}\n")
    db.commit("part-00000.jsonl")
    db.finish({})
    db.begin(str(tmp_path), {}, resume=False)  # run 2: a.txt and b.txt changed, then a kill
    db.note("a.txt", None, "h1b", "part-00001.jsonl", 0)
    db.note("b.txt", None, "h2b", "part-00002.jsonl", 0)
    db.flush(None)
    (tmp_path / "part-00001.jsonl").write_text("{}\n")  # renamed into place; part-00002 never was
    db.close()
    db = State(str(tmp_path / "s.sqlite"))
    db.begin(str(tmp_path), {}, resume=True)
    rows = db.db.execute("SELECT source, hash, shard, line, staged FROM inputs ORDER BY source").fetchall()
    assert rows == [("a.txt", "h1b", "part-00001.jsonl", 0, 0), ("b.txt", "h2", "part-00000.jsonl", 1, 0)]
    assert db.superseded() == {"part-00000.jsonl": [0]}
    db.close()


def test_the_same_input_twice_in_one_run_keeps_one_live_record(tmp_path: Path) -> None:
    outdir, state = tmp_path / "corpus", tmp_path / "state.sqlite"
    code, _, _ = run(str(DUMPS[2]), str(DUMPS[2]), "--output-dir", str(outdir), "--state", str(state))
    assert code == 0
    manifest = orjson.loads((outdir / "manifest.json").read_bytes())
    assert (manifest["records"], manifest["live_records"]) == (2, 1)
    assert len(records(invoke("compact", str(outdir), "-o", "-")[1])) == 1


def test_a_run_never_reads_its_own_outputs(tmp_path: Path) -> None:
    """``clean . -o out.jsonl`` twice: the second run must not take the first one's output (or its
    rejects, or the shard directory and state inside the folder) for an article."""
    import os

    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copy(DUMPS[2], folder / "a.txt")
    (folder / "bad.txt").write_bytes(b"")
    (folder / "sub").mkdir()
    (folder / "sub" / "link.jsonl").symlink_to("../out.jsonl")  # another name for the output
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for _ in range(2):
            code, _, err = invoke("clean", "-j1", ".", "-o", "out.jsonl", "--rejects", "rejects.jsonl")
            assert code == 1, err
            assert [r["id"] for r in records(Path("out.jsonl").read_bytes())] == ["a"]
            assert [r["source"] for r in records(Path("rejects.jsonl").read_bytes())] == ["./bad.txt"]
        assert "not read: 3 of this run's own outputs" in " ".join(err.split())
        Path("sub/link.jsonl").unlink()
        Path("out.jsonl").unlink()  # an input like any other for a run that does not write it
        for _ in range(2):
            code, _, err = invoke("clean", "-j1", "-q", ".", "--output-dir", "corpus", "--state",
                                  "corpus/state.sqlite", "--rejects", "rejects.jsonl")
            assert code in (0, 1), err
        manifest = orjson.loads(Path("corpus/manifest.json").read_bytes())
        assert manifest["live_records"] == 1  # a.txt only: not out.jsonl, rejects.jsonl, shards or state
        code, _, err = invoke("clean", "-j1", "out.jsonl", "-o", "out.jsonl")
        assert code == 2 and "is an output of this run" in err
    finally:
        os.chdir(cwd)
