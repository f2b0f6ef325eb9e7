"""The Dask engine on a loopback LocalCluster: the same records as the local engine, shards written
by the workers, rejects and the summary gathered on the client, state and fsspec URLs honoured.

Marked ``dask``: a small cluster (2 single-threaded workers) started once for the module."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from newsclean.cli import cli

from .test_inputs_formats import DUMPS, _tar, records, rejects
from .test_scale_outputs import read_shard
from .test_state import make_corpus

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Plain dumps, a compressed one, an archive and two rejects: every input path the engines share."""
    root = tmp_path_factory.mktemp("dask") / "in"
    make_corpus(root, 40)
    (root / "zz.txt.gz").write_bytes(gzip.compress(DUMPS[0].read_bytes()))
    _tar(root / "zz.tgz", "w:gz", {f"m/{p.name}": p.read_bytes() for p in DUMPS[:3]})
    (root / "zz_empty.txt").write_bytes(b"")
    (root / "zz_binary.txt").write_bytes(bytes(range(256)) * 20)
    return root


def invoke(*args: str) -> tuple[int, bytes]:
    result = CliRunner().invoke(cli, ["clean", "-q", *args], catch_exceptions=False)
    return result.exit_code, result.stdout_bytes


def test_dask_stream_gives_the_local_records_in_order(corpus: Path, scheduler: str, tmp_path: Path) -> None:
    code_local, local = invoke(str(corpus), "-j1", "--rejects", str(tmp_path / "local.rej"))
    code_dask, dask = invoke(str(corpus), "--engine", "dask", "--scheduler", scheduler,
                             "--rejects", str(tmp_path / "dask.rej"))
    assert code_local == code_dask == 1
    assert dask == local
    assert len(records(local)) == 44
    assert (tmp_path / "dask.rej").read_bytes() == (tmp_path / "local.rej").read_bytes()


def test_dask_workers_write_shards_and_the_client_the_manifest(corpus: Path, scheduler: str,
                                                               tmp_path: Path) -> None:
    _, local = invoke(str(corpus), "-j1")
    outdir = tmp_path / "out"
    rej = tmp_path / "rej.jsonl"
    code, out = invoke(str(corpus), "--engine", "dask", "--scheduler", scheduler, "--output-dir", str(outdir),
                       "--shard-size", "10", "--rejects", str(rej))
    assert code == 1 and out == b""
    names = sorted(p.name for p in outdir.glob("part-*"))
    assert names == [f"part-{i:05d}.jsonl.zst" for i in range(5)]  # 46 inputs, 10 a batch
    assert b"".join(read_shard(outdir / n) for n in names) == local
    manifest = orjson.loads((outdir / "manifest.json").read_bytes())
    assert manifest["records"] == 44 and manifest["runs"][0]["engine"] == "dask"
    assert manifest["runs"][0]["rejected_by_reason"] == {"empty": 1, "binary": 1}
    assert sorted(r["reason"] for r in rejects(rej)) == ["binary", "empty"]
    assert not [p for p in outdir.iterdir() if p.name.startswith(".")]


def test_dask_with_state_skips_what_is_done(scheduler: str, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    paths = make_corpus(corpus, 12)
    outdir, state = tmp_path / "out", tmp_path / "s.sqlite"
    args = [str(corpus), "--engine", "dask", "--scheduler", scheduler, "--output-dir", str(outdir),
            "--state", str(state), "--shard-size", "5"]
    assert invoke(*args)[0] == 0
    paths[0].write_bytes(paths[0].read_bytes() + b"\nUpdated.\n")
    assert invoke(*args)[0] == 0
    got = [orjson.loads(line)["source"] for p in sorted(outdir.glob("part-*"))
           for line in read_shard(p).splitlines()]
    assert len(got) == 13 and got[-1] == str(paths[0])


def test_file_urls_and_a_local_cluster_of_its_own(tmp_path: Path) -> None:
    """No --scheduler: the engine starts (and stops) its own LocalCluster; inputs as fsspec URLs."""
    pytest.importorskip("fsspec")
    for p in DUMPS[:3]:
        shutil.copy(p, tmp_path / p.name)
    _, local = invoke(*(str(tmp_path / p.name) for p in DUMPS[:3]), "-j1")
    code, dask = invoke(f"file://{tmp_path}", "--engine", "dask", "-j2")
    assert code == 0
    got, want = records(dask), records(local)
    assert [r["source"] for r in got] == [f"file://{tmp_path / p.name}" for p in DUMPS[:3]]
    assert [{**r, "source": None} for r in got] == [{**r, "source": None} for r in want]


def test_client_logs_stay_short_whatever_the_number_of_batches(scheduler: str) -> None:
    """distributed's developer logs hold 1,000 entries by default, and the client's log of recent
    messages keeps each task message with its pickled inputs: the client's memory grew with the run
    (issue 4: RSS flat in N). Under `connect` they stay short, however many batches go through."""
    from newsclean.context import Options
    from newsclean.engines.dask import connect, run_stream
    from newsclean.runner import RunOptions

    items = ((f"/nonexistent/{i:07d}.txt", None) for i in range(2000))
    with connect(scheduler, 2) as client:
        outcomes = list(run_stream(client, items, Options(), RunOptions(), batch=4))  # 500 tasks
        log = client.scheduler_comm.recent_message_log
        assert log.maxlen is not None and log.maxlen <= 50 and len(log) <= 50
    assert len(outcomes) == 2000 and {o.reason for o in outcomes} == {"not-found"}
