"""Outputs for big runs: compressed -o by extension, shards with a manifest, and atomicity (a failed
run leaves whole shards and no half-written file under a final name)."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import zstandard
from click.testing import CliRunner

from newsclean import job as job_module
from newsclean.cli import cli
from newsclean.io.compression import codec_of, open_reader
from newsclean.runner import Outcome

from .test_inputs_formats import DUMPS, run


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The samples twice (renamed) plus one input that is rejected."""
    src = tmp_path / "in"
    src.mkdir()
    for i, p in enumerate(DUMPS * 2):
        shutil.copy(p, src / f"{i:02d}_{p.name}")
    (src / "99_empty.txt").write_bytes(b"")
    return src


def read_shard(path: Path) -> bytes:
    codec = codec_of(path.name)
    with open(path, "rb") as raw:
        return (open_reader(raw, codec) if codec else raw).read()


@pytest.mark.parametrize("name", ["out.jsonl.gz", "out.jsonl.zst", "out.jsonl.xz", "out.jsonl"])
def test_output_compressed_by_extension(tmp_path: Path, corpus: Path, name: str) -> None:
    _, expected, _ = run(str(corpus))
    out = tmp_path / name
    code, stdout, _ = run(str(corpus), "-o", str(out))
    assert code == 1 and stdout == b""
    assert read_shard(out) == expected
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    if name.endswith(".gz"):
        assert gzip.decompress(out.read_bytes()) == expected  # a standard stream any tool reads
    if name.endswith(".zst"):
        assert zstandard.ZstdDecompressor().decompressobj().decompress(out.read_bytes()) == expected


@pytest.mark.parametrize("compression", ["zst", "gz", "none"])
def test_shards_and_manifest(tmp_path: Path, corpus: Path, compression: str) -> None:
    _, expected, _ = run(str(corpus))
    outdir = tmp_path / "shards"
    code, stdout, _ = run(str(corpus), "--output-dir", str(outdir), "--shard-size", "5",
                          "--compression", compression)
    assert code == 1 and stdout == b""
    manifest = orjson.loads((outdir / "manifest.json").read_bytes())
    names = sorted(p.name for p in outdir.glob("part-*"))
    ext = {"zst": ".jsonl.zst", "gz": ".jsonl.gz", "none": ".jsonl"}[compression]
    n = 2 * len(DUMPS)
    assert names == [f"part-{i:05d}{ext}" for i in range(-(-n // 5))]  # n records by 5
    assert [s["name"] for s in manifest["shards"]] == names
    assert manifest["records"] == n and manifest["schema"] == 2
    assert manifest["options"]["shard_size"] == 5 and manifest["options"]["compression"] == compression
    (run_info,) = manifest["runs"]
    assert (run_info["files"], run_info["records"], run_info["rejected"]) == (n + 1, n, 1)
    for shard in manifest["shards"]:
        data = (outdir / shard["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == shard["sha256"]
        assert len(data) == shard["bytes"]
        assert read_shard(outdir / shard["name"]).count(b"\n") == shard["records"]
    assert b"".join(read_shard(outdir / n) for n in names) == expected  # input order, nothing lost
    assert not [p for p in outdir.iterdir() if p.name.startswith(".")]


def test_a_second_run_adds_shards_after_the_first(tmp_path: Path, corpus: Path) -> None:
    outdir = tmp_path / "shards"
    run(str(corpus), "--output-dir", str(outdir), "--shard-size", "10")
    before = sorted(p.name for p in outdir.iterdir())
    code, _, err = run(str(corpus / "00_000_b3080ccbe49157e2.txt"), "--output-dir", str(outdir))
    assert code == 2 and b"--append" in err  # refused without --append: nothing added
    assert sorted(p.name for p in outdir.iterdir()) == before
    run(str(corpus / "00_000_b3080ccbe49157e2.txt"), "--output-dir", str(outdir), "--shard-size", "10",
        "--append")
    manifest = orjson.loads((outdir / "manifest.json").read_bytes())
    first = -(-2 * len(DUMPS) // 10)
    assert [s["name"] for s in manifest["shards"]] == [f"part-{i:05d}.jsonl.zst" for i in range(first + 1)]
    assert manifest["records"] == 2 * len(DUMPS) + 1 and len(manifest["runs"]) == 2


def test_options_that_do_not_go_together_exit_2(tmp_path: Path) -> None:
    for args in (["-o", "x.jsonl", "--output-dir", "d"], ["--state", "s.sqlite"],
                 ["--output-dir", "d", "--resume"]):
        result = CliRunner().invoke(cli, ["clean", str(DUMPS[0]), *args])
        assert result.exit_code == 2, args
        assert result.stdout_bytes == b""


def test_a_failed_run_leaves_only_whole_shards(tmp_path: Path, corpus: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    real = job_module.run_items

    def dies_midway(*args: object, **kwargs: object) -> Iterator[Outcome]:
        for n, outcome in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if n == 12:
                raise OSError("disk vanished")
            yield outcome

    monkeypatch.setattr(job_module, "run_items", dies_midway)
    outdir = tmp_path / "shards"
    out = tmp_path / "single.jsonl.gz"
    args = ["clean", "-j1", str(corpus), "--output-dir", str(outdir), "--shard-size", "5"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert sorted(p.name for p in outdir.iterdir()) == ["part-00000.jsonl.zst", "part-00001.jsonl.zst"]
    assert read_shard(outdir / "part-00001.jsonl.zst").count(b"\n") == 5
    result = CliRunner().invoke(cli, ["clean", "-j1", str(corpus), "-o", str(out)])
    assert result.exit_code == 2
    assert list(tmp_path.glob("*single*")) == []
