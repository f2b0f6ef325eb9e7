"""The command line: parse options, wire inputs, passes and outputs together, report on stderr.

Stdout carries JSONL records only; everything meant for a person goes to stderr.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from . import __version__
from .context import Options
from .io.readers import STDIN, expand, split_stream
from .io.writers import atomic_output
from .passes import PASSES, REQUIRED, describe
from .pipeline import check_skip
from .profile import ProfileError, load_profile
from .report import EXIT_USAGE, Report
from .runner import Item, Outcome, read_stdin, run_items

EXIT_CODES = """\b
Exit codes:
  0  every input became a record
  1  some inputs were rejected (see the summary, or --rejects FILE)
  2  usage error: bad option, unreadable profile or file list, output not writable"""


class UsageFailure(click.ClickException):
    """An error that stops the run before it starts; exit code 2 like click's own usage errors."""

    exit_code = EXIT_USAGE


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsclean")
def cli() -> None:
    """Clean scraped news-page text dumps into one JSONL record per document."""


def _inputs(paths: tuple[str, ...], pattern: str | None, files_from: BinaryIO | None, null: bool,
            max_bytes: int) -> Iterator[Item]:
    listed: Iterator[str] = iter(paths)
    if files_from is not None:
        listed = itertools.chain(listed, split_stream(files_from, b"\0" if null else b"\n"))
    for path in expand(listed, pattern):
        yield read_stdin(max_bytes) if path == STDIN else (path, None)


def _count(paths: tuple[str, ...], pattern: str | None) -> int:
    return sum(1 for _ in expand(paths, pattern))


def _progress(console: Console) -> Progress:
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
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
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
def clean(paths: tuple[str, ...], output: str | None, pattern: str | None, files_from: str | None,
          null: bool, jobs: int, max_bytes: int, rejects: str | None, profiles: tuple[str, ...],
          skip: tuple[str, ...], progress: bool | None, quiet: bool) -> None:
    """Clean dumps into JSONL records, one per input document.

    PATHS are files, directories (walked recursively, dot-files skipped) or - for one document on
    stdin. Rejected inputs (unreadable, binary, empty, too large, no text left) never stop the run.
    """
    if not paths and files_from is None:
        raise click.UsageError("give PATHS, - for stdin, or --files-from FILE")
    if files_from == STDIN and STDIN in paths:
        raise click.UsageError("stdin cannot be both a document (-) and the file list (--files-from -)")
    if null and files_from is None:
        raise click.UsageError("-0/--null goes with --files-from")
    try:
        load_profile(profiles)
        check_skip(skip)
    except (ProfileError, ValueError) as exc:
        raise UsageFailure(str(exc)) from exc
    options = Options(profiles=profiles, max_bytes=max_bytes, skip=skip)
    console = Console(stderr=True)
    show_progress = console.is_terminal if progress is None else progress
    total = None
    if show_progress and files_from is None and STDIN not in paths:
        total = _count(paths, pattern)

    report = Report()
    try:
        listing = click.open_file(files_from, "rb") if files_from is not None else None
    except OSError as exc:
        raise UsageFailure(f"cannot read the file list: {exc}") from exc
    items = _inputs(paths, pattern, listing, null, max_bytes)
    try:
        out_ctx = atomic_output(output)
        rej_ctx = atomic_output(rejects) if rejects else contextlib.nullcontext(None)
        with out_ctx as out, rej_ctx as rej, contextlib.closing(run_items(items, options, jobs)) as outcomes:
            bar = _progress(console) if show_progress else None
            with bar or contextlib.nullcontext():
                task = bar.add_task("cleaning", total=total, rate="") if bar else None
                for outcome in outcomes:
                    _emit(outcome, out, rej, report)
                    if bar is not None and task is not None:
                        rate = report.files / max(report.seconds, 1e-9)
                        bar.update(task, advance=1, rate=f"{rate:,.0f} files/s")
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise  # click turns a closed stdout into a quiet exit
        raise UsageFailure(f"cannot write output: {exc}") from exc
    report.finish()
    if not quiet:
        _summary(console, report, rejects)
    sys.exit(report.exit_code)


def _emit(outcome: Outcome, out: BinaryIO, rej: BinaryIO | None, report: Report) -> None:
    report.add(outcome)
    if outcome.line is not None:
        out.write(outcome.line)
    elif rej is not None:
        rej.write(outcome.reject_line())


@cli.command()
def passes() -> None:
    """List the cleaning passes in pipeline order, with what each one does."""
    width = max(map(len, PASSES))
    for name, fn in PASSES.items():
        flag = "  (required)" if name in REQUIRED else ""
        click.echo(f"{name:<{width}}  {describe(fn)}{flag}")


def main() -> None:
    cli(prog_name="newsclean")
