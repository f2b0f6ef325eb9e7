"""s3:// inputs through fsspec + s3fs, against a moto S3 server on loopback (no network needed)."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from .conftest import SAMPLES

moto_server = pytest.importorskip("moto.server", reason="the test extra brings moto[server]")
s3fs = pytest.importorskip("s3fs", reason="the test extra brings s3fs")

NAMES = ("000_b3080ccbe49157e2.txt", "002_pacificdispatch.txt", "004_sevvestnik.txt")


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "FSSPEC_S3_ENDPOINT_URL": endpoint}
    fs = s3fs.S3FileSystem(endpoint_url=endpoint, key="testing", secret="testing")
    fs.mkdir("dumps")
    for name in NAMES:
        fs.pipe(f"dumps/night/{name}", (SAMPLES / name).read_bytes())
    ledger = gzip.compress((SAMPLES / "006_ledgerline.txt").read_bytes())
    fs.pipe("dumps/night/compressed/006_ledgerline.txt.gz", ledger)
    try:
        yield env
    finally:
        server.stop()


def _clean(env: dict[str, str], *args: str) -> tuple[int, list[dict], str]:
    proc = subprocess.run([sys.executable, "-m", "newsclean", "clean", *args], env=env, capture_output=True)
    return proc.returncode, [orjson.loads(x) for x in proc.stdout.splitlines()], proc.stderr.decode()


def _content(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if k != "source"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_s3_prefix_gives_the_records_of_the_local_files(s3_env: dict[str, str], jobs: str) -> None:
    code, remote, err = _clean(s3_env, "-j", jobs, "s3://dumps/night/")
    assert code == 0, err
    local_paths = [*(str(SAMPLES / n) for n in NAMES), str(SAMPLES / "006_ledgerline.txt")]
    _, local, _ = _clean(s3_env, "-j1", *local_paths)
    assert [r["source"] for r in remote] == [
        *(f"s3://dumps/night/{n}" for n in NAMES), "s3://dumps/night/compressed/006_ledgerline.txt.gz"]
    assert [_content(r) for r in remote] == [_content(r) for r in local]


def test_missing_s3_object_is_a_reject(s3_env: dict[str, str], tmp_path: Path) -> None:
    rej = tmp_path / "rejects.jsonl"
    code, recs, _ = _clean(s3_env, "-j1", "--rejects", str(rej), "s3://dumps/night/nope.txt",
                           f"s3://dumps/night/{NAMES[0]}")
    assert code == 1
    assert len(recs) == 1
    [reject] = [orjson.loads(x) for x in rej.read_bytes().splitlines()]
    assert (reject["source"], reject["reason"]) == ("s3://dumps/night/nope.txt", "not-found")
