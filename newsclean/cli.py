"""The command line: parse options, wire inputs, passes and outputs together, report on stderr.

Stdout carries JSONL records only; everything meant for a person goes to stderr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import click

from . import __version__
from .cli_corpus import UsageFailure, compact_command, dedup_command, stats_command
from .context import Options
from .corpus.boilerplate_learn import count_lines
from .corpus.boilerplate_table import save_table
from .document import printable_path
from .io.archives import Limits
from .io.compression import ZSTD_HINT, codec_of
from .io.readers import STDIN, OwnOutputs, expand, inputs
from .io.remote import is_url
from .io.shards import EXTENSIONS
from .job import Job, JobError, check_engine
from .passes import PASSES, REQUIRED, describe
from .passes.quotes import check_quote_language
from .pipeline import check_skip
from .profile import ProfileError, load_profile
from .report import EXIT_OK, Report
from .runner import Item, RunOptions
from .terminal import console as terminal_console

if TYPE_CHECKING:  # rich is imported when something is shown: a quiet run never loads it
    from rich.console import Console
    from rich.progress import Progress

EXIT_CODES = """\b
Exit codes:
  0  every input became a record (or the reader closed the pipe: `| head`)
  1  some inputs were rejected (see the summary, or --rejects FILE)
  2  usage error: bad option, unreadable profile or file list, output not writable"""


def _silence_closed_streams() -> None:
    """Point stdout and stderr at /dev/null, so that the interpreter's last flush of what is still
    buffered for a closed pipe neither raises nor turns the exit status into 120."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # not a real file (a test runner)
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


class _Group(click.Group):
    """The command group; a reader that closes the pipe (``| head -1``) ends the command quietly
    with status 0. click's own handling exits 1, which here means "some inputs were rejected"."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_closed_streams()
            ctx.exit(EXIT_OK)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsclean")
def cli() -> None:
    """Clean scraped news-page text dumps into one JSONL record per document."""


def _progress(console: Console) -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[cyan]{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,  # rich would otherwise capture the JSONL written to stdout
        redirect_stderr=False,
    )


def _ticker(bar: Progress, total: int | None, report: Report) -> Callable[[], None]:
    task = bar.add_task("cleaning", total=total, rate="")

    def tick() -> None:
        bar.update(task, advance=1, rate=f"{report.files / max(report.seconds, 1e-9):,.0f} files/s")

    return tick


def _summary(console: Console, report: Report, rejects: str | None) -> None:
    secs = max(report.seconds, 1e-9)
    rejected = sum(report.rejected.values())
    by_reason = ", ".join(f"{reason}: {n}" for reason, n in report.rejected.most_common())
    console.print(
        f"newsclean: {report.files} files read, {report.records} records written, "
        f"{rejected} rejected{f' ({by_reason})' if by_reason else ''} "
        f"in {secs:.2f} s ({report.files / secs:,.0f} files/s, {report.bytes_in / secs / 1e6:.1f} MB/s)",
        highlight=False, soft_wrap=True,
    )
    if report.removed:
        removed = ", ".join(f"{name} {report.removed[name]}" for name in PASSES if report.removed[name])
        console.print(f"lines removed by pass: {removed}", highlight=False, soft_wrap=True)
    if rejected and rejects:
        console.print(f"rejects listed in {rejects}", highlight=False, soft_wrap=True)


@cli.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, readable=False))  # unreadable: a reject
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write JSONL here (atomically: temp file + rename) instead of stdout.")
@click.option("--glob", "pattern", metavar="PATTERN",
              help="Only files whose name matches, when walking directories (e.g. '*.txt').")
@click.option("--files-from", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE|-",
              help="Read input paths from FILE (- for stdin), one a line.")
@click.option("-0", "--null", is_flag=True, help="With --files-from: paths are NUL-separated (find -print0).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Worker processes; 1 runs in-process. Output order is input order either way.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=10_000_000, show_default=True,
              help="Reject inputs larger than this.")
@click.option("--rejects", type=click.Path(dir_okay=False, allow_dash=False),
              help="Write one JSONL line per rejected input (source, reason, detail) here.")
@click.option("--profile", "profiles", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra profile JSON (site names, labels, boilerplate); repeatable.")
@click.option("--skip", multiple=True, type=click.Choice([p for p in PASSES if p not in REQUIRED]),
              help="Leave a pass out; repeatable.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr. Default: only when stderr is a terminal.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@click.option("--input-format", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help="text: one dump per file. jsonl: one document per line (source FILE:LINENO).")
@click.option("--text-field", default="text", show_default=True, metavar="NAME",
              help="With --input-format jsonl: the field holding the text (an 'id' field is kept as id).")
@click.option("--max-archive-bytes", type=click.IntRange(min=1), default=2_000_000_000, show_default=True,
              help="Stop reading an archive once its members inflate past this (archive-bomb guard).")
@click.option("--doc-timeout", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Reject a document that takes longer than this (reason: timeout). Default: no limit.")
@click.option("--output-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Write shards DIR/part-00000.jsonl.zst … and DIR/manifest.json instead of one stream.")
@click.option("--shard-size", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Records per shard with --output-dir.")
@click.option("--compression", type=click.Choice(list(EXTENSIONS)), default="zst", show_default=True,
              help="Shard compression with --output-dir (-o picks it from the file name).")
@click.option("--state", "state_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="SQLite file recording each input (size, mtime, hash, shard): unchanged inputs are "
                   "skipped next run. Needs --output-dir.")
@click.option("--resume", is_flag=True, help="Continue a run that was killed (with --state).")
@click.option("--append", is_flag=True,
              help="With --output-dir: add shards to a directory that already holds some, without a state "
                   "file that knows them (refused otherwise: every record would be there twice).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (-j processes). dask: a Dask cluster (--scheduler), or a "
                   "LocalCluster of -j workers when no scheduler is given.")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: e.g. tcp://10.0.0.5:8786.")
@click.option("--learn-boilerplate", is_flag=True,
              help="Two passes: first count each domain's lines, then remove lines found in more than "
                   "--boilerplate-share of its documents.")
@click.option("--boilerplate-share", type=click.FloatRange(0, 1, min_open=True), default=0.5,
              show_default=True, help="With --learn-boilerplate: share of a domain's documents.")
@click.option("--boilerplate-min-docs", type=click.IntRange(min=2), default=10, show_default=True,
              help="With --learn-boilerplate: learn only from domains with this many documents.")
@click.option("--quote-language", metavar="CODE",
              help="Read every document's quotes with this language's pack (en, de, fr, es, ru…) "
                   "instead of the record's language.")
def clean(paths: tuple[str, ...], output: str | None, pattern: str | None, files_from: str | None,
          null: bool, jobs: int, max_bytes: int, rejects: str | None, profiles: tuple[str, ...],
          skip: tuple[str, ...], progress: bool | None, quiet: bool, input_format: str, text_field: str,
          max_archive_bytes: int, doc_timeout: float, output_dir: str | None, shard_size: int,
          compression: str, state_path: str | None, resume: bool, append: bool, engine: str,
          scheduler: str | None,
          learn_boilerplate: bool,
          boilerplate_share: float, boilerplate_min_docs: int, quote_language: str | None) -> None:
    """Clean dumps into JSONL records, one per input document.

    PATHS are files, directories (walked recursively, dot-files skipped) or - for one document on
    stdin. Files ending in .gz, .bz2, .xz or .zst are decompressed; .tar, .tar.gz/.tgz, .tar.bz2,
    .tar.xz, .tar.zst and .zip archives are read member by member (source ARCHIVE!MEMBER). Rejected
    inputs (unreadable, binary, empty, too large, unsafe archive member, no text left) never stop
    the run.
    """
    if not paths and files_from is None:
        raise click.UsageError("give PATHS, - for stdin, or --files-from FILE")
    if files_from == STDIN and STDIN in paths:
        raise click.UsageError("stdin cannot be both a document (-) and the file list (--files-from -)")
    if null and files_from is None:
        raise click.UsageError("-0/--null goes with --files-from")
    if output and output_dir:
        raise click.UsageError("-o/--output and --output-dir are alternatives: give one")
    if state_path and not output_dir:
        raise click.UsageError("--state needs --output-dir (each run adds shards beside the earlier ones)")
    if resume and not state_path:
        raise click.UsageError("--resume goes with --state FILE")
    if append and not output_dir:
        raise click.UsageError("--append goes with --output-dir")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    try:
        check_engine(engine, doc_timeout)  # (before the --learn-boilerplate pass reads every input)
    except JobError as exc:
        raise click.UsageError(str(exc)) from exc
    if output_dir and is_url(output_dir):
        if not output_dir.startswith("file://"):
            raise click.UsageError("--output-dir takes a local or shared path (or file://); "
                                   "write to object stores with a mount")
        output_dir = output_dir[len("file://"):]
    _check_codecs(output, compression if output_dir else None)
    own = OwnOutputs.of_run(output, rejects, state_path, output_dir)
    for path in paths:
        if path != STDIN and not is_url(path) and (own.is_file(path) or own.is_dir(path)):
            raise click.UsageError(f"{printable_path(path)} is an output of this run: "
                                   "it cannot be an input too")
    try:
        load_profile(profiles)
        check_skip(skip)
        quote_language = check_quote_language(load_profile(profiles), quote_language)
    except (ProfileError, ValueError) as exc:
        raise UsageFailure(str(exc)) from exc
    options = Options(profiles=profiles, max_bytes=max_bytes, skip=skip, quote_language=quote_language)
    run_opts = RunOptions(doc_timeout=doc_timeout, digest=state_path is not None)
    settings = {"input_format": input_format, "text_field": text_field,
                "glob": printable_path(pattern) if pattern else None, "skip": list(skip),
                "profiles": [printable_path(p) for p in profiles], "max_bytes": max_bytes,
                "max_archive_bytes": max_archive_bytes,
                "shard_size": shard_size, "compression": compression, "quote_language": quote_language}
    console = _stderr_console(quiet, progress)
    show_progress = (console is not None and console.is_terminal) if progress is None else progress
    total = None
    if show_progress and files_from is None and STDIN not in paths and input_format == "text":
        total = sum(1 for _ in expand(paths, pattern, own))

    try:
        listing = click.open_file(files_from, "rb") if files_from is not None else None
    except OSError as exc:
        raise UsageFailure(f"cannot read the file list: {exc}") from exc
    limits = Limits(member=max_bytes, archive=max_archive_bytes)
    if learn_boilerplate:
        if STDIN in paths or files_from == STDIN:
            raise click.UsageError("--learn-boilerplate reads the inputs twice: give paths, not stdin")
        first = inputs(paths, pattern, listing, null, input_format, text_field, limits, own)
        options = _learn(first, options, jobs, boilerplate_share, boilerplate_min_docs, console, quiet)
        listing = click.open_file(files_from, "rb") if files_from is not None else None
    job = Job(options=options, run=run_opts, jobs=jobs, engine=engine, scheduler=scheduler, output=output,
              output_dir=output_dir, shard_size=shard_size, compression=compression, rejects=rejects,
              state_path=state_path, resume=resume, append=append, settings=settings)
    report = Report()
    bar = _progress(console) if show_progress and console is not None else None
    try:
        with bar or contextlib.nullcontext():
            tick = _ticker(bar, total, report) if bar is not None else None
            job.execute(inputs(paths, pattern, listing, null, input_format, text_field, limits, own), report,
                        tick)
    except JobError as exc:
        raise UsageFailure(str(exc)) from exc
    report.finish()
    if not quiet and console is not None:
        _summary(console, report, rejects)
        if job.skipped:
            console.print(f"{job.skipped} unchanged inputs skipped (state in {state_path})",
                          highlight=False, soft_wrap=True)
        if output_dir:
            console.print(f"{len(job.shards)} shards written to {output_dir}", highlight=False,
                          soft_wrap=True)
        if own.skipped:
            names = ", ".join(sorted(printable_path(p) for p in own.skipped))
            console.print(f"not read: {len(own.skipped)} of this run's own outputs ({names})",
                          highlight=False, soft_wrap=True)
    sys.exit(report.exit_code)


def _stderr_console(quiet: bool, progress: bool | None) -> Console | None:
    """rich's console on stderr, or None for a run that shows nothing (``-q``, no progress bar, stderr
    not a terminal): such a run never imports rich, a fifth of the start-up besides the quote patterns."""
    if quiet and not progress and not sys.stderr.isatty() and "FORCE_TERMINAL" not in os.environ:
        return None
    return terminal_console(stderr=True)


def _learn(items: Iterator[Item], options: Options, jobs: int, share: float, min_docs: int,
           console: Console | None, quiet: bool) -> Options:
    """The first pass of --learn-boilerplate; returns options that point the workers at the table."""
    counter = count_lines(items, options, jobs)
    table = counter.learned(share, min_docs)
    fd, path = tempfile.mkstemp(prefix="newsclean-boilerplate-", suffix=".json")
    os.close(fd)
    click.get_current_context().call_on_close(lambda: os.unlink(path))
    save_table(table, path)
    if not quiet and console is not None:
        lines = sum(map(len, table.values()))
        console.print(f"learned {lines} boilerplate lines in {len(table)} of {len(counter.docs)} domains "
                      f"({sum(counter.docs.values())} documents counted)", highlight=False, soft_wrap=True)
    return dataclasses.replace(options, boilerplate=path)


def _check_codecs(output: str | None, shard_codec: str | None) -> None:
    """Refuse a zstd output before any work when the zstandard package is missing."""
    wants = shard_codec == "zst" or (output is not None and codec_of(output) == "zst")
    if wants:
        try:
            import zstandard  # noqa: F401 - only probing that it is installed
        except ImportError as exc:
            raise UsageFailure(f"{ZSTD_HINT} (or pick --compression gz)") from exc


@cli.command()
@click.option("-q", "--quiet", is_flag=True, help="Accepted as by every command (passes prints no messages).")
def passes(quiet: bool) -> None:
    """List the cleaning passes in pipeline order, with what each one does."""
    del quiet  # the list is the data, on stdout
    width = max(map(len, PASSES))
    for name, fn in PASSES.items():
        flag = "  (required)" if name in REQUIRED else ""
        click.echo(f"{name:<{width}}  {describe(fn)}{flag}")


@cli.command()
@click.argument("path", type=click.Path(allow_dash=True))
@click.option("--plain", is_flag=True, help="No colour: labels in words only.")
@click.option("--wide", is_flag=True, help="Wrap long lines instead of cutting them at the screen edge.")
@click.option("--profile", "profiles", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra profile JSON, as for clean; repeatable.")
@click.option("--quote-language", metavar="CODE", help="As for clean: the quote pack to read with.")
@click.option("-q", "--quiet", is_flag=True, help="Accepted as by every command (show writes to stdout).")
def show(path: str, plain: bool, wide: bool, profiles: tuple[str, ...], quote_language: str | None,
         quiet: bool) -> None:
    """Show what became of each line of one dump, and which pass decided.

    PATH is a dump (compressed or not), - for stdin, or an archive member as clean names it:
    'dumps.zip!2025/a.txt'. Then the record as JSON and the text with its quotes and speakers
    highlighted. Exit code 1 when the dump is rejected (the lines decided before that are still
    shown) or cannot be read.
    """
    from .context import Context
    from .document import Document, Reject
    from .io.readers import read_named
    from .pipeline import id_for, run
    from .terminal.show_view import render_show

    del quiet  # show's output is the data, on stdout
    try:
        quote_language = check_quote_language(load_profile(profiles), quote_language)
        ctx = Context.build(Options(profiles=profiles, quote_language=quote_language))
        data, ident = read_named(path, 100_000_000)
    except (ProfileError, ValueError) as exc:
        raise UsageFailure(str(exc)) from exc
    except Reject as rej:  # exit 1, as a missing or unreadable input is in every command
        raise click.ClickException(f"cannot read {printable_path(path)}: {rej}") from rej
    doc = Document(source=path, id=ident or id_for(path, data), raw=data)
    record, reject = None, None
    try:
        record = run(doc, ctx).to_record()
    except Reject as rej:
        reject = str(rej)
    console = terminal_console(highlight=False, **({"color_system": None} if plain else {}))
    render_show(doc, record, reject, console, wide=wide)
    sys.exit(1 if reject else 0)


cli.add_command(stats_command, "stats")
cli.add_command(dedup_command, "dedup")
cli.add_command(compact_command, "compact")


def main() -> None:
    cli(prog_name="newsclean")
