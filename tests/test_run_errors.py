"""A run that cannot start or cannot write says which step failed, with exit code 2; the README's
nightly command works on its first run (the state file lives in the output directory it creates)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.cli import cli

from .test_inputs_formats import DUMPS
from .test_state import shard_records

GOOD = DUMPS[2]


def clean(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["clean", "-j1", "-q", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def test_nightly_command_works_on_its_first_run(tmp_path: Path) -> None:
    """README: ``--output-dir corpus/ --state corpus/state.sqlite``, corpus/ not there yet."""
    corpus = tmp_path / "corpus"
    code, err = clean(str(GOOD), "--output-dir", f"{corpus}/", "--state", f"{corpus}/state.sqlite")
    assert code == 0, err
    assert (corpus / "state.sqlite").exists() and (corpus / "manifest.json").exists()
    assert [r["id"] for r in shard_records(corpus)] == [GOOD.stem]


@pytest.mark.parametrize("args,message", [
    (("-o", "{tmp}/missing/out.jsonl"), "cannot write the output {tmp}/missing/out.jsonl"),
    (("--rejects", "{tmp}/missing/rej.jsonl"), "cannot write the rejects file {tmp}/missing/rej.jsonl"),
    (("--output-dir", "{tmp}/corpus", "--state", "{tmp}/missing/state.sqlite"),
     "cannot open the state file {tmp}/missing/state.sqlite"),
    (("--output-dir", "{tmp}/file.txt/corpus"), "cannot create the output directory {tmp}/file.txt/corpus"),
])
def test_each_failing_step_is_named(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    code, err = clean(str(GOOD), *(a.format(tmp=tmp_path) for a in args))
    assert code == 2
    assert message.format(tmp=tmp_path) in " ".join(err.split()), err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_is_not_an_output_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    import dask

    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code, err = clean(str(GOOD), "--engine", "dask", "--scheduler", address,
                          "-o", str(tmp_path / "o.jsonl"))
    assert code == 2
    flat = " ".join(err.split())
    assert f"cannot connect to the Dask scheduler at {address}" in flat, err
    assert "cannot write" not in flat
    assert not (tmp_path / "o.jsonl").exists()


def test_doc_timeout_with_dask_is_refused() -> None:
    code, err = clean(str(GOOD), "--engine", "dask", "--doc-timeout", "5")
    assert code == 2
    assert "--doc-timeout needs --engine local" in err


@pytest.mark.parametrize("profile,key", [
    ({"boilerplate": ["Subscribe (now"]}, "'boilerplate'"),
    ({"comment_labels": ["Comments (", "Leave a reply"]}, "'comment_labels'"),
    ({"widget_labels": ["Share this[:"]}, "'widget_labels'"),
    ({"sites": {"example.com": {"drop": ["ok", "[unclosed"]}}}, "'sites['example.com'].drop'"),
    ({"sites": {"example.com": {"drop": "Sign up"}}}, "'sites['example.com'].drop'"),
])
@pytest.mark.parametrize("command", ["clean", "show"])
def test_bad_regular_expression_in_a_profile_is_a_usage_error(tmp_path: Path, profile: dict, key: str,
                                                              command: str) -> None:
    import orjson

    path = tmp_path / "site.json"
    path.write_bytes(orjson.dumps(profile))
    result = CliRunner().invoke(cli, [command, "--profile", str(path), str(GOOD)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    err = " ".join(result.stderr.split())
    assert f"profile {path}: {key}" in err
    if isinstance(profile.get("boilerplate"), list):
        assert "'Subscribe (now'" in err
