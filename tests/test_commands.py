"""Conventions every command shares: they read what `clean` writes (several files, compressed files,
shard directories, archive members), take -q, and give the same exit code for the same situation."""

from __future__ import annotations

import bz2
import gzip
import lzma
import zipfile
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from newsclean.cli import cli

from .test_inputs_formats import DUMPS, _tar, records, run

GOOD, OTHER = DUMPS[2], DUMPS[3]


def invoke(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture
def corpus_files(tmp_path: Path) -> list[Path]:
    """The same two records as plain, gzip, bzip2 and xz files."""
    data = run(str(GOOD), str(OTHER))[1]
    files = [tmp_path / "c.jsonl", tmp_path / "c.jsonl.gz", tmp_path / "c.jsonl.bz2", tmp_path / "c.jsonl.xz"]
    for path, pack in zip(files, (bytes, gzip.compress, bz2.compress, lzma.compress), strict=True):
        path.write_bytes(pack(data))
    return files


def test_stats_and_dedup_read_several_compressed_files_and_shard_dirs(tmp_path: Path,
                                                                      corpus_files: list[Path]) -> None:
    shards = tmp_path / "shards"
    assert run(str(DUMPS[4]), "--output-dir", str(shards))[0] == 0
    code, out, err = invoke("stats", "--json", *map(str, corpus_files), str(shards))
    assert code == 0, err
    report = orjson.loads(out)
    assert report["documents"] == 2 * len(corpus_files) + 1
    code, _, err = invoke("dedup", *map(str, corpus_files), str(shards), "-o", str(tmp_path / "u.jsonl"),
                          "--exact-only")
    assert code == 0, err
    assert [r["id"] for r in records((tmp_path / "u.jsonl").read_bytes())] == [GOOD.stem, OTHER.stem,
                                                                               DUMPS[4].stem]


def test_a_directory_without_manifest_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = invoke("stats", str(tmp_path))
    assert code == 1 and "without manifest.json" in err


def test_show_opens_archive_members_and_compressed_files(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as zf:
        zf.writestr("dir/a.txt", GOOD.read_bytes())
    _tar(tmp_path / "y!odd.tar.gz", "w:gz", {"b.txt": OTHER.read_bytes()})
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(GOOD.read_bytes()))
    [expected_a] = records(run(str(GOOD))[1])
    for spec, title in ((f"{tmp_path}/x.zip!dir/a.txt", expected_a["title"]),
                        (f"{tmp_path}/y!odd.tar.gz!b.txt", records(run(str(OTHER))[1])[0]["title"]),
                        (f"{tmp_path}/c.txt.gz", expected_a["title"])):
        code, out, err = invoke("show", "--plain", spec)
        assert code == 0, (spec, err)
        assert f'"title": {orjson.dumps(title).decode()}' in out.decode()
    code, out, err = invoke("show", "--plain", f"{tmp_path}/c.txt.gz")
    assert '"id": "c"' in out.decode()
    code, _, err = invoke("show", f"{tmp_path}/x.zip!dir/missing.txt")
    assert code == 1 and "no member 'dir/missing.txt'" in err


@pytest.mark.parametrize("command", [["clean", "-j1"], ["show"], ["stats"], ["dedup", "-o", "{tmp}/o.jsonl"],
                                     ["compact", "-o", "{tmp}/o.jsonl"]])
def test_a_missing_input_exits_1_in_every_command(tmp_path: Path, command: list[str]) -> None:
    args = [a.format(tmp=tmp_path) for a in command]
    code, out, err = invoke(*args, str(tmp_path / "missing.jsonl"))
    assert code == 1
    assert out == b""
    assert "missing.jsonl" in err or command[0] == "clean"  # clean counts it: "not-found: 1"
    if command[0] == "clean":
        assert "not-found: 1" in err


@pytest.mark.parametrize("command", [["clean", "-j1", "{good}"], ["show", "{good}"], ["stats", "{corpus}"],
                                     ["dedup", "{corpus}", "-o", "{tmp}/o.jsonl"],
                                     ["compact", "{corpus}", "-o", "{tmp}/o.jsonl"],
                                     ["stats", "{corpus}", "--html", "{tmp}/r.html"], ["passes"]])
def test_every_command_takes_q_and_then_says_nothing_on_stderr(tmp_path: Path, command: list[str]) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(run(str(GOOD))[1])
    args = [a.format(tmp=tmp_path, good=GOOD, corpus=corpus) for a in command]
    code, _, err = invoke(*args)
    assert code == 0
    if command[0] not in ("show", "passes") and command != ["stats", "{corpus}"]:
        assert err != ""  # a summary or a note without -q: so -q has something to silence
    code, _, err = invoke(*args, "-q")
    assert code == 0 and err == ""
