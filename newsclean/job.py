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
from .io.shards import Shard, ShardWriter, next_index, remove_temporaries, write_manifest
from .io.writers import atomic_output
from .report import Report
from .runner import PLAIN, Item, Outcome, RunOptions, run_items
from .state import State, StateError


class JobError(Exception):
    """A run that cannot start or cannot write its output; the message says what to change."""


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
    #: the options recorded in the manifest and checked by the state file
    settings: dict[str, Any] = field(default_factory=dict)
    shards: list[Shard] = field(default_factory=list)
    skipped: int = 0

    def execute(self, items: Iterator[Item], report: Report, tick: Callable[[], None] | None = None) -> None:
        """Clean every item into the sink, counting in ``report``; ``tick`` after each input.

        Raises ``JobError`` for a state, engine or output problem; a closed stdout
        (``BrokenPipeError``) goes up as it is, for the CLI to end quietly.
        """
        state: State | None = None
        writer: ShardWriter | None = None
        try:
            if self.state_path and self.output_dir:
                state = State(self.state_path)
                state.begin(self.output_dir, self.settings, self.resume)
                if self.resume:
                    remove_temporaries(self.output_dir)
                items = state.filter(items, self.options.max_bytes)
            if self.output_dir and self.engine == "local":
                writer = ShardWriter(self.output_dir, self.shard_size, self.compression,
                                     before_rename=state.flush if state else None,
                                     after_rename=state.commit if state else None)
            elif self.output_dir:
                os.makedirs(self.output_dir, exist_ok=True)
            out_ctx = atomic_output(self.output) if not self.output_dir else contextlib.nullcontext(None)
            rej_ctx = atomic_output(self.rejects) if self.rejects else contextlib.nullcontext(None)
            with out_ctx as out, rej_ctx as rej, self._client() as client:
                with contextlib.closing(self._outcomes(client, items, state)) as outcomes:
                    for outcome in outcomes:
                        _emit(outcome, out, rej, report, writer, state)
                        if tick is not None:
                            tick()
                self._finish(report, writer, state)
        except (StateError, DaskMissing) as exc:
            raise JobError(str(exc)) from exc
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise JobError(f"cannot write output: {exc}") from exc
        finally:
            if writer is not None:
                writer.abort()  # no-op after close(); drops a half-written shard otherwise
            if state is not None:
                state.close()

    def _finish(self, report: Report, writer: ShardWriter | None, state: State | None) -> None:
        """Close the last shard, write the manifest, mark the state's run finished."""
        if self.output_dir:
            if writer is not None:
                self.shards = writer.close()
            report.finish()
            run = {**report.as_dict(), "skipped": state.skipped if state else 0, "engine": self.engine,
                   "shards": [sh.name for sh in self.shards]}
            write_manifest(self.output_dir, self.shards, run, self.settings, SCHEMA_VERSION, __version__)
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
                for o in outcomes:
                    state.note(o.source, o.reason, o.digest, name)
                state.flush(name)
            if written is not None:
                os.replace(written.tmp, os.path.join(directory, written.shard.name))
                if state is not None:
                    state.commit(written.shard.name)
                self.shards.append(written.shard)
            yield from outcomes


def _emit(outcome: Outcome, out: BinaryIO | None, rej: BinaryIO | None, report: Report,
          writer: ShardWriter | None = None, state: State | None = None) -> None:
    report.add(outcome)
    if state is not None and writer is not None:
        state.note(outcome.source, outcome.reason, outcome.digest, writer.current)  # before a rotation
    if outcome.line is not None:
        if writer is not None:
            writer.write(outcome.line)
        elif out is not None:
            out.write(outcome.line)
    elif rej is not None and outcome.reason is not None:  # dask shard records come without a line
        rej.write(outcome.reject_line())
