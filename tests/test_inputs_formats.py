"""Inputs beyond plain dumps: compressed files, archives member by member, JSONL corpora, and the
guards (decompression bombs, unsafe member names, links, damaged streams) that make them rejects."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import shutil
import tarfile
import zipfile
from pathlib import Path

import orjson
import pytest
import zstandard
from click.testing import CliRunner

from newsclean.cli import cli

from .conftest import SAMPLES

DUMPS = sorted(p for p in SAMPLES.glob("*.txt"))


def run(*args: str, input: bytes | None = None) -> tuple[int, bytes, bytes]:
    """The CLI in-process: exit code, stdout bytes, stderr bytes (kept apart)."""
    result = CliRunner().invoke(cli, ["clean", "-j1", "-q", *args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def records(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines()]


def rejects(path: Path) -> list[dict]:
    return records(path.read_bytes()) if path.exists() else []


def without_source(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if k != "source"}


@pytest.fixture(scope="module")
def plain() -> dict[str, dict]:
    """Each sample's record from the plain file: what every other container must reproduce."""
    code, out, _ = run(*map(str, DUMPS))
    assert code == 0
    return {r["id"]: r for r in records(out)}


COMPRESSORS = {
    "gz": lambda b: gzip.compress(b, mtime=0),
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "zst": lambda b: zstandard.ZstdCompressor().compress(b),
}


@pytest.mark.parametrize("codec", list(COMPRESSORS))
def test_compressed_file_gives_the_plain_record(tmp_path: Path, plain: dict[str, dict], codec: str) -> None:
    src = DUMPS[1]
    path = tmp_path / f"{src.name}.{codec}"
    path.write_bytes(COMPRESSORS[codec](src.read_bytes()))
    code, out, _ = run(str(path))
    (rec,) = records(out)
    assert code == 0
    assert rec["source"] == str(path)
    assert without_source(rec) == without_source(plain[src.stem])


def _tar(path: Path, mode: str, members: dict[str, bytes]) -> None:
    with tarfile.open(path, mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("name,mode", [("a.tar", "w"), ("a.tar.gz", "w:gz"), ("a.tgz", "w:gz"),
                                       ("a.tar.xz", "w:xz"), ("a.zip", "zip")])
def test_archive_members_are_documents_in_archive_order(tmp_path: Path, plain: dict[str, dict], name: str,
                                                        mode: str) -> None:
    members = {f"dumps/{p.name}": p.read_bytes() for p in DUMPS[:3]}
    path = tmp_path / name
    if mode == "zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for member, data in members.items():
                zf.writestr(member, data)
    else:
        _tar(path, mode, members)
    code, out, _ = run(str(tmp_path))
    got = records(out)
    assert code == 0
    assert [r["source"] for r in got] == [f"{path}!{m}" for m in members]
    for rec, src in zip(got, DUMPS[:3], strict=True):
        assert without_source(rec) == without_source(plain[src.stem])


def test_tar_zst_and_compressed_member(tmp_path: Path, plain: dict[str, dict]) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        data = gzip.compress(DUMPS[0].read_bytes())
        info = tarfile.TarInfo(f"in/{DUMPS[0].name}.gz")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    path = tmp_path / "b.tar.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(buf.getvalue()))
    code, out, _ = run(str(path))
    (rec,) = records(out)
    assert code == 0
    assert rec["id"] == DUMPS[0].stem
    assert rec["text"] == plain[DUMPS[0].stem]["text"]


def test_unsafe_names_links_and_dot_files_in_archives(tmp_path: Path) -> None:
    good = DUMPS[0].read_bytes()
    path = tmp_path / "evil.tar"
    with tarfile.open(path, "w") as tar:
        for name in ("../escape.txt", "/etc/abs.txt", "ok/fine.txt", "ok/.hidden.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(good)
            tar.addfile(info, io.BytesIO(good))
        link = tarfile.TarInfo("ok/link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    zpath = tmp_path / "evil.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("../../zip-escape.txt", good)
        zf.writestr("C:/windows.txt", good)
    rej = tmp_path / "rejects.jsonl"
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    code, out, _ = run(str(path), str(zpath), "--rejects", str(rej))
    assert code == 1
    assert [r["source"] for r in records(out)] == [f"{path}!ok/fine.txt"]
    got = {r["source"]: r["reason"] for r in rejects(rej)}
    assert got == {
        f"{path}!../escape.txt": "unsafe-path",
        f"{path}!/etc/abs.txt": "unsafe-path",
        f"{path}!ok/link.txt": "not-a-file",
        f"{zpath}!../../zip-escape.txt": "unsafe-path",
        f"{zpath}!C:/windows.txt": "unsafe-path",
    }
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before  # nothing extracted anywhere


def test_decompression_bombs_are_rejected_cheaply(tmp_path: Path) -> None:
    bomb = b"A" * 50_000_000  # 50 MB of one letter: ~50 KB compressed
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(bomb, compresslevel=9))
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner.txt", bomb)
    rej = tmp_path / "rejects.jsonl"
    code, out, _ = run(str(tmp_path / "bomb.txt.gz"), str(tmp_path / "bomb.zip"), "--max-bytes", "1000000",
                       "--rejects", str(rej))
    assert code == 1 and out == b""
    assert [(r["source"].rsplit("/", 1)[-1], r["reason"]) for r in rejects(rej)] == [
        ("bomb.txt.gz", "too-large"), ("bomb.zip!inner.txt", "too-large")]


def test_archive_total_limit_stops_the_archive_with_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "many.tar.gz"
    _tar(path, "w:gz", {f"d/{i:03d}_{p.name}": p.read_bytes() for i, p in enumerate(DUMPS * 3)})
    rej = tmp_path / "rejects.jsonl"
    code, out, _ = run(str(path), "--max-archive-bytes", "10000", "--rejects", str(rej))
    assert code == 1
    assert len(records(out)) == 3  # ~2.8 KB each: the fourth passes 10 000
    assert [(r["source"], r["reason"]) for r in rejects(rej)] == [(str(path), "archive-too-large")]


def test_damaged_inputs_are_corrupt_rejects(tmp_path: Path) -> None:
    whole = gzip.compress(DUMPS[0].read_bytes())
    (tmp_path / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "junk.tar.gz").write_bytes(b"not a tarball at all" * 10)
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04 broken")
    rej = tmp_path / "rejects.jsonl"
    code, out, _ = run(str(tmp_path), "--rejects", str(rej))
    assert code == 1 and out == b""
    assert {r["source"].rsplit("/", 1)[-1]: r["reason"] for r in rejects(rej)} == {
        "cut.txt.gz": "corrupt", "junk.tar.gz": "corrupt", "junk.zip": "corrupt"}


def test_glob_filters_members_and_sees_through_compression(tmp_path: Path) -> None:
    shutil.copy(DUMPS[0], tmp_path / "a.txt")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(DUMPS[1].read_bytes()))
    (tmp_path / "c.md").write_bytes(DUMPS[2].read_bytes())
    _tar(tmp_path / "d.tar", "w", {"x.txt": DUMPS[3].read_bytes(), "y.md": DUMPS[4].read_bytes()})
    code, out, _ = run(str(tmp_path), "--glob", "*.txt")
    assert code == 0
    assert [r["source"].rsplit("/", 1)[-1] for r in records(out)] == ["a.txt", "b.txt.gz", "d.tar!x.txt"]


def _jsonl(path: Path, rows: list[object], opener=open) -> None:
    with opener(path, "wb") as f:
        for row in rows:
            f.write(row if isinstance(row, bytes) else orjson.dumps(row))
            f.write(b"\n")


def test_jsonl_input_one_document_per_line(tmp_path: Path, plain: dict[str, dict]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in DUMPS[:2]]
    path = tmp_path / "corpus.jsonl.gz"
    _jsonl(path, [{"id": "first", "body": texts[0]}, b"", {"body": texts[1]}, b"{not json",
                  {"id": 3, "title": "no body"}, [1, 2]], opener=gzip.open)
    rej = tmp_path / "rejects.jsonl"
    code, out, _ = run("--input-format", "jsonl", "--text-field", "body", str(path), "--rejects", str(rej))
    got = records(out)
    assert code == 1
    assert [(r["id"], r["source"]) for r in got] == [("first", f"{path}:1"), ("corpus:3", f"{path}:3")]
    assert got[0]["text"] == plain[DUMPS[0].stem]["text"]
    assert got[1]["title"] == plain[DUMPS[1].stem]["title"]
    assert [(r["source"], r["reason"]) for r in rejects(rej)] == [
        (f"{path}:4", "bad-json"), (f"{path}:5", "no-text-field"), (f"{path}:6", "bad-json")]


def test_jsonl_overlong_line_is_a_reject_and_the_next_line_still_counts(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    _jsonl(path, [{"text": "x" * 5000}, {"text": DUMPS[0].read_text(encoding="utf-8")}])
    rej = tmp_path / "rejects.jsonl"
    code, out, _ = run("--input-format", "jsonl", str(path), "--max-bytes", "4000", "--rejects", str(rej))
    assert code == 1
    assert [r["source"] for r in records(out)] == [f"{path}:2"]
    assert [(r["source"], r["reason"]) for r in rejects(rej)] == [(f"{path}:1", "too-large")]


def test_jsonl_from_stdin(tmp_path: Path) -> None:
    data = orjson.dumps({"id": "s1", "text": DUMPS[0].read_text(encoding="utf-8")}) + b"\n"
    code, out, _ = run("--input-format", "jsonl", "-", input=data)
    assert code == 0
    assert [(r["id"], r["source"]) for r in records(out)] == [("s1", "-:1")]


def test_parallel_run_matches_serial_on_mixed_containers(tmp_path: Path) -> None:
    for p in DUMPS:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "z.txt.xz").write_bytes(lzma.compress(DUMPS[0].read_bytes()))
    _tar(tmp_path / "t.tgz", "w:gz", {p.name: p.read_bytes() for p in DUMPS[:4]})
    serial = run(str(tmp_path))
    result = CliRunner().invoke(cli, ["clean", "-j2", "-q", str(tmp_path)], catch_exceptions=False)
    assert result.stdout_bytes == serial[1]
    assert len(records(serial[1])) == len(DUMPS) + 5
