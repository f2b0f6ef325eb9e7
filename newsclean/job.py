"""A cleaning run end to end: inputs through an engine into a sink (a stream or shards), with the
rejects file, the state file and the manifest. No printing: the CLI builds a ``Job`` from its
options and reports on it; a program can do the same without the CLI.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from . import __version__
from .context import Options
from .document import SCHEMA_VERSION
from .engines.dask import DaskMissing, connect, run_shards, run_stream
from .io.shards import (
    MANIFEST,
    SHARD_RE,
    Shard,
    ShardWriter,
    next_index,
    remove_temporaries,
    write_manifest,
)
from .io.writers import atomic_output
from .report import Report
from .runner import PLAIN, Item, Outcome, RunOptions, run_items
from .state import State, StateError


class JobError(Exception):
    """A run that cannot start or cannot write its output; the message says what to change."""


def check_engine(engine: str, doc_timeout: float) -> None:
    """Refuse an engine option that would silently do nothing (also checked by the CLI up front)."""
    if engine == "dask" and doc_timeout:
        raise JobError("--doc-timeout needs --engine local: Dask runs documents in worker threads, "
                       "where no signal can interrupt one")


@dataclass(slots=True)
class Job:
    options: Options
    run: RunOptions = PLAIN
    jobs: int = 1
    engine: str = "local"  # or "dask"
    scheduler: str | None = None
    output: str | None = None  # None or "-": stdout
    output_dir: str | None = None  # shards + manifest instead of one stream
    shard_size: int = 100_000
    compression: str = "zst"
    rejects: str | None = None
    state_path: str | None = None
    resume: bool = False
    #: add shards to a directory that already holds some, without a state file to say what is there
    append: bool = False
    #: the options recorded in the manifest and checked by the state file
    settings: dict[str, Any] = field(default_factory=dict)
    shards: list[Shard] = field(default_factory=list)
    skipped: int = 0

    def execute(self, items: Iterator[Item], report: Report, tick: Callable[[], None] | None = None) -> None:
        """Clean every item into the sink, counting in ``report``; ``tick`` after each input.

        Raises ``JobError`` naming the step that failed (the output directory, the state, an output
        file, the engine); a closed stdout (``BrokenPipeError``) goes up as it is, for the CLI to end
        quietly.
        """
        self.check()
        state: State | None = None
        writer: ShardWriter | None = None
        try:
            if self.output_dir:
                if not self.state_path:
                    self._refuse_rerun(None)
                with _step(f"cannot create the output directory {self.output_dir}"):
                    # before the state, which may live in it; a link to a directory not there yet: its target
                    os.makedirs(os.path.realpath(self.output_dir), exist_ok=True)
            if self.state_path and self.output_dir:
                state = State(self.state_path)
                self._refuse_rerun(state)
                state.begin(self.output_dir, self.settings, self.resume)
                if self.resume:
                    remove_temporaries(self.output_dir)
                items = state.filter(items, self.options.max_bytes)
            if self.output_dir and self.engine == "local":
                writer = ShardWriter(self.output_dir, self.shard_size, self.compression,
                                     before_rename=state.flush if state else None,
                                     after_rename=state.commit if state else None)
            with contextlib.ExitStack() as stack:
                out = rej = None
                if not self.output_dir:
                    with _step(f"cannot write the output {self.output or 'stdout'}"):
                        out = stack.enter_context(atomic_output(self.output))
                if self.rejects:
                    with _step(f"cannot write the rejects file {self.rejects}"):
                        rej = stack.enter_context(atomic_output(self.rejects))
                with _step(self._engine_failure()):
                    client = stack.enter_context(self._client())
                sink = _Sink(out, rej, writer, state, self)
                with _step(self._engine_failure(running=True)), \
                        contextlib.closing(self._outcomes(client, _reading(items), state)) as outcomes:
                    for outcome in outcomes:
                        sink.emit(outcome, report)
                        del outcome  # its JSON line (a page's size or more) must not live on while
                        if tick is not None:  # the next document is cleaned
                            tick()
                with _step(f"cannot finish the shards and manifest in {self.output_dir}"):
                    self._finish(report, writer, state)
        except (StateError, DaskMissing) as exc:
            raise JobError(str(exc)) from exc
        except OSError as exc:  # closing an output: the flush, fsync or rename of a file
            if isinstance(exc, BrokenPipeError):
                raise
            raise JobError(f"cannot write the output: {exc}") from exc
        finally:
            if writer is not None:
                writer.abort()  # no-op after close(); drops a half-written shard otherwise
            if state is not None:
                state.close()

    def _refuse_rerun(self, state: State | None) -> None:
        """A second run into a directory without a state file would add a second copy of every
        record; so would a new state file beside shards it does not know. ``append`` says it is meant."""
        assert self.output_dir is not None
        if self.append:
            return
        try:  # a dangling link (a manifest.json linked to where it will go) holds nothing yet
            names = [n for n in os.listdir(self.output_dir)
                     if os.path.exists(os.path.join(self.output_dir, n))]
        except OSError:  # not there yet (made next), or not a directory (said next)
            return
        if state is None and names:
            raise JobError(f"{self.output_dir} is not empty: a second run into it without --state would "
                           "add a second copy of every record. Give --state FILE (incremental runs), "
                           "--append (add anyway) or an empty directory")
        if state is not None and state.is_new() and any(SHARD_RE.match(n) or n == MANIFEST for n in names):
            raise JobError(f"{self.output_dir} holds shards that the new state file {self.state_path} does "
                           "not know: their inputs would be written again. Give the state file of the runs "
                           "that wrote them, --append (add anyway) or an empty directory")

    def check(self) -> None:
        """Refuse option combinations that would silently do less than asked."""
        check_engine(self.engine, self.run.doc_timeout)

    def _engine_failure(self, running: bool = False) -> str:
        if self.engine == "local":
            return "the local worker processes failed"
        cluster = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a Dask LocalCluster"
        return f"lost {cluster}" if running else f"cannot connect to {cluster}"

    def _finish(self, report: Report, writer: ShardWriter | None, state: State | None) -> None:
        """Close the last shard, write the manifest, mark the state's run finished."""
        if self.output_dir:
            if writer is not None:
                self.shards = writer.close()
            report.finish()
            run = {**report.as_dict(), "skipped": state.skipped if state else 0, "engine": self.engine,
                   "shards": [sh.name for sh in self.shards]}
            write_manifest(self.output_dir, self.shards, run, self.settings, SCHEMA_VERSION, __version__,
                           superseded=state.superseded() if state is not None else None)
        if state is not None:
            state.finish(report.as_dict())
            self.skipped = state.skipped

    def _client(self) -> contextlib.AbstractContextManager[Any]:
        """No client for the local engine; a Dask client (on the scheduler, or a LocalCluster)."""
        if self.engine == "local":
            return contextlib.nullcontext(None)
        return connect(self.scheduler, self.jobs)

    def _outcomes(self, client: Any, items: Iterator[Item], state: State | None) -> Iterator[Outcome]:
        if client is None:
            return run_items(items, self.options, self.jobs, self.run)
        if not self.output_dir:
            return run_stream(client, items, self.options, self.run)
        return self._dask_shards(client, items, state)

    def _dask_shards(self, client: Any, items: Iterator[Item], state: State | None) -> Iterator[Outcome]:
        """Outcomes of the Dask shard writers, in input order. Each finished shard is recorded in the
        state (staged), renamed into place by the client, then committed: the local writer's steps."""
        assert self.output_dir is not None
        directory = self.output_dir
        shards = run_shards(client, items, self.options, self.run, directory, self.shard_size,
                            self.compression, next_index(directory))
        for outcomes, written in shards:
            name = written.shard.name if written else None
            if state is not None:
                line = 0
                for o in outcomes:  # the worker wrote the batch's records in order, one a line
                    state.note(o.source, o.reason, o.digest, name, line)
                    line += o.reason is None
                state.flush(name)
            if written is not None:
                os.replace(written.tmp, os.path.join(directory, written.shard.name))
                if state is not None:
                    state.commit(written.shard.name)
                self.shards.append(written.shard)
            yield from outcomes


def _reading(items: Iterator[Item]) -> Iterator[Item]:
    """``items``, with a failure to list or read the inputs (a file list that breaks off) named as such."""
    it = iter(items)
    while True:
        with _step("cannot read the inputs"):
            try:
                item = next(it)
            except StopIteration:
                return
        yield item


@contextlib.contextmanager
def _step(failure: str) -> Iterator[None]:
    """Turn an ``OSError`` of one step into a ``JobError`` that says which step failed; a closed
    stdout and a failure already named by an inner step go up as they are."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise JobError(f"{failure}: {exc.strerror or exc}" if exc.filename is None else f"{failure}: {exc}") \
            from exc


@dataclass(slots=True)
class _Sink:
    """Where outcomes go: records to the stream or the shard writer, rejects to the rejects file,
    both noted in the state; a failed write names its file."""

    out: BinaryIO | None
    rej: BinaryIO | None
    writer: ShardWriter | None
    state: State | None
    job: Job

    def emit(self, outcome: Outcome, report: Report) -> None:
        report.add(outcome)
        if self.state is not None and self.writer is not None:
            # noted before the write, which may rotate the shard
            self.state.note(outcome.source, outcome.reason, outcome.digest, self.writer.current,
                            self.writer.position)
        if outcome.line is not None:
            if self.writer is not None:
                with _step(f"cannot write a shard in {self.job.output_dir}"):
                    self.writer.write(outcome.line)
            elif self.out is not None:
                with _step(f"cannot write the output {self.job.output or 'stdout'}"):
                    self.out.write(outcome.line)
        elif self.rej is not None and outcome.reason is not None:  # dask shard records come without a line
            with _step(f"cannot write the rejects file {self.job.rejects}"):
                self.rej.write(outcome.reject_line())
