"""The ``stats``, ``dedup`` and ``compact`` commands: thin shells over ``newsclean.corpus``.

The core ``cli.py`` registers them (``cli.add_command(stats_command)``); they are plain
``click.Command`` objects so they can also be tested on their own with ``CliRunner``. Each reads a
corpus as ``clean`` writes it: files (plain or compressed), ``-``, and ``--output-dir`` shard
directories through their manifest (superseded records left out).
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import click
import orjson

from newsclean.corpus.records import RecordError, atomic_writer, dump_line, iter_json_lines, read_records
from newsclean.corpus.stats import compute_report
from newsclean.document import printable_path
from newsclean.report import EXIT_USAGE

_COMPRESSED = (".gz", ".zst")


class UsageFailure(click.ClickException):
    """An error that stops a command before (or instead of) its output; exit code 2 like click's
    own usage errors (an unwritable output, an unreadable profile or file list)."""

    exit_code = EXIT_USAGE


def default_duplicates_path(output: str) -> Path:
    """``OUT.jsonl[.gz|.zst]`` -> ``OUT.duplicates.jsonl`` (the side file is small: never compressed)."""
    path = Path(output)
    name = path.name
    for suffix in _COMPRESSED:
        name = name.removesuffix(suffix)
    name = name.removesuffix(".jsonl")
    return path.with_name(f"{name}.duplicates.jsonl")


def _corpus_argument(name: str) -> Callable[[Callable[..., None]], click.Command]:
    return click.argument(name, nargs=-1, required=True,
                          type=click.Path(allow_dash=True, exists=False))  # missing: exit 1, as everywhere


def _check_stdin(paths: tuple[str, ...], *others: str | None) -> None:
    if sum(p == "-" for p in (*paths, *others)) > 1:
        raise click.UsageError("stdin ('-') can be read only once")


@click.command("stats")
@_corpus_argument("corpus")
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Rejects file written by 'newsclean clean --rejects' to count rejects by reason.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout instead of tables.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Also write a self-contained HTML page (tables and charts, no external assets).",
)
@click.option(
    "--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows in the long top lists."
)
@click.option("-q", "--quiet", is_flag=True, help="No messages on stderr (errors still are).")
def stats_command(
    corpus: tuple[str, ...], rejects_path: str | None, as_json: bool, html_path: str | None, top: int,
    quiet: bool,
) -> None:
    """Report on a corpus: documents by domain, month and language, top tags and speakers,
    quotes per document, text lengths, lines removed by each pass and rejects by reason.

    \b
    CORPUS is what 'newsclean clean' wrote: JSONL files (plain, .gz, .zst, .bz2, .xz), '-' for
    stdin, or --output-dir directories (read through their manifest.json, without the records a
    later --state run superseded); several are read in turn.
    The report goes to stdout (tables, or JSON with --json); errors go to stderr.

    \b
    Exit codes:
      0  report written
      1  unreadable or invalid input
      2  usage error: bad option, HTML file not writable
    """
    _check_stdin(corpus, rejects_path)
    try:
        rejects = iter_json_lines(rejects_path) if rejects_path else None
        report = compute_report(read_records(*corpus), rejects)
    except RecordError as exc:
        raise click.ClickException(str(exc)) from exc
    data = report.to_dict(top=top)

    if html_path:
        from newsclean.corpus.html import render_html

        source = ", ".join("stdin" if c == "-" else printable_path(c) for c in corpus)
        page = render_html(data, source=source, top=top)
        try:
            with atomic_writer(html_path) as out:
                out.write(page.encode("utf-8"))
        except OSError as exc:
            raise UsageFailure(f"cannot write {html_path}: {exc.strerror or exc}") from exc
        if not quiet:
            click.echo(f"wrote {html_path}", err=True)

    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8"))
        return
    from newsclean.terminal import console
    from newsclean.terminal.stats_view import render_report

    # created here, not at import: CliRunner (and any caller) may have swapped sys.stdout
    render_report(data, console(highlight=False), top=top)


@click.command("dedup")
@_corpus_argument("corpus")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Deduplicated JSONL ('-' for stdout; .gz/.zst compress). Written atomically.",
)
@click.option(
    "--duplicates",
    "duplicates_path",
    type=click.Path(dir_okay=False),
    help="Side file of dropped records [default: OUT.duplicates.jsonl; required with -o -].",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=0.8,
    show_default=True,
    help="Estimated Jaccard similarity of word 5-gram sets at which a document is a near duplicate.",
)
@click.option(
    "--num-perm",
    type=click.IntRange(min=16),
    default=128,
    show_default=True,
    help="MinHash permutations: more is more precise, slower and larger.",
)
@click.option("--exact-only", is_flag=True, help="Only drop exact duplicates (no MinHash; no extra needed).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def dedup_command(
    corpus: tuple[str, ...],
    output: str,
    duplicates_path: str | None,
    threshold: float,
    num_perm: int,
    exact_only: bool,
    quiet: bool,
) -> None:
    """Drop exact and near-duplicate documents, keeping the first of each.

    \b
    CORPUS is what 'newsclean clean' wrote: JSONL files (plain, .gz, .zst, .bz2, .xz), '-' for
    stdin, or --output-dir directories (read through their manifest.json, without the records a
    later --state run superseded); several are read in turn.

    Exact: same text after casefolding, removing punctuation and collapsing whitespace.
    Near: MinHash (word 5-gram shingles) + LSH, needs the 'dedup' extra (datasketch).
    Each dropped record is listed in the duplicates file as
    {"id", "source", "duplicate_of", "kind": "exact"|"near", "similarity"}.
    One streaming pass: memory holds hashes and signatures, not texts. A summary goes to stderr.

    \b
    Exit codes:
      0  done
      1  unreadable or invalid input, or the 'dedup' extra missing
      2  usage error: bad option, output not writable
    """
    if duplicates_path is None:
        if output == "-":
            raise click.UsageError("with -o - (stdout) give the side file explicitly: --duplicates FILE")
        duplicates_path = str(default_duplicates_path(output))
    if output != "-" and Path(duplicates_path).resolve() == Path(output).resolve():
        raise click.UsageError("--duplicates must differ from --output")
    from newsclean.corpus.dedup import Deduplicator, MissingExtra, dedup_records  # numpy: load on use

    try:
        deduplicator = Deduplicator(threshold=threshold, num_perm=num_perm, near=not exact_only)
    except MissingExtra as exc:
        raise click.ClickException(f"{exc} (or pass --exact-only)") from exc
    except ValueError as exc:
        raise click.UsageError(f"--threshold/--num-perm: {exc}") from exc

    try:
        with atomic_writer(output) as out, atomic_writer(duplicates_path) as dups:
            for record, dup in dedup_records(read_records(*corpus), deduplicator):
                if dup is None:
                    out.write(dump_line(dict(record)))
                else:
                    dups.write(dump_line(dup.to_dict()))
    except RecordError as exc:
        raise click.ClickException(f"{exc} (no output written)") from exc
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # click turns a closed pipe (dedup ... -o - | head) into a quiet exit
        # as in `newsclean clean`: an unwritable output is a usage error
        raise UsageFailure(
            f"cannot write {output} or {duplicates_path}: {exc.strerror or exc} "
            "(does the directory exist and is it writable?)"
        ) from exc

    if quiet:
        return
    s = deduplicator.summary
    dropped = s.exact + s.near
    share = f" ({dropped / s.read:.1%})" if s.read else ""
    click.echo(
        f"dedup: read {s.read:,}, kept {s.kept:,}, exact duplicates {s.exact:,}, "
        f"near duplicates {s.near:,}{share}; duplicates listed in {duplicates_path}",
        err=True,
    )


@click.command("compact")
@_corpus_argument("corpus")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the live records here ('-' for stdout; .gz/.zst/.bz2/.xz compress); atomically.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def compact_command(corpus: tuple[str, ...], output: str, quiet: bool) -> None:
    """Write a corpus's live records as one JSONL stream: one record per input.

    A nightly '--output-dir DIR --state FILE' corpus keeps the record an earlier run wrote for an
    input that changed (shards are never rewritten); the manifest lists it as superseded. compact
    copies every other record, in order.

    \b
    CORPUS is what 'newsclean clean' wrote: JSONL files (plain, .gz, .zst, .bz2, .xz), '-' for
    stdin, or --output-dir directories (read through their manifest.json); several are read in turn.

    \b
    Exit codes:
      0  done
      1  unreadable or invalid input
      2  usage error: bad option, output not writable
    """
    _check_stdin(corpus)
    kept = 0
    try:
        with atomic_writer(output) as out:
            for record in read_records(*corpus):
                out.write(dump_line(record))
                kept += 1
    except RecordError as exc:
        raise click.ClickException(f"{exc} (no output written)") from exc
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        raise UsageFailure(f"cannot write {output}: {exc.strerror or exc}") from exc
    if not quiet:
        click.echo(f"compact: {kept:,} live records written to {output}", err=True)
