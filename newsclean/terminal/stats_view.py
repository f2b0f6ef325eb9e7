"""Terminal rendering of the corpus report with rich: tables, and bar charts drawn with blocks.

It takes the report's ``to_dict`` form (the same data ``--json`` prints and the HTML page shows),
so the three outputs cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: int, maximum: int, width: int) -> str:
    """A horizontal bar of ``value / maximum`` of ``width`` cells, with eighth-cell resolution."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / maximum * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_BLOCKS[rest] if rest else "")


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _counts_table(
    title: str, label: str, rows: list[dict[str, Any]], total: int, limit: int | None = None, chart: int = 0
) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    table.add_column(label, overflow="fold")
    table.add_column("docs", justify="right")
    table.add_column("share", justify="right")
    if chart:
        table.add_column("", no_wrap=True, style="cyan")
    peak = max((r["count"] for r in rows), default=0)
    shown = rows if limit is None else rows[:limit]
    for r in shown:
        cells = [str(r["name"]), f"{r['count']:,}", _pct(r["count"], total)]
        if chart:
            cells.append(bar(r["count"], peak, chart))
        table.add_row(*cells)
    if limit is not None and len(rows) > limit:
        rest = sum(r["count"] for r in rows[limit:])
        table.add_row(Text(f"… {len(rows) - limit:,} more", style="dim"), f"{rest:,}", _pct(rest, total))
    return table


def _series_chart(title: str, label: str, series: list[tuple[str, int]], width: int) -> Table:
    """A labelled horizontal bar chart (one row per month or bucket)."""
    table = Table(title=title, title_justify="left", title_style="bold", box=None, pad_edge=False)
    table.add_column(label, style="bold")
    table.add_column("docs", justify="right")
    table.add_column("", no_wrap=True, style="green")
    peak = max((n for _, n in series), default=0)
    for name, n in series:
        table.add_row(name, f"{n:,}", bar(n, peak, width))
    return table


def render_report(data: dict[str, Any], console: Console, top: int = 20) -> None:
    """Print the report; ``top`` caps the long lists (domains) the way ``to_dict`` caps tags."""
    docs = data["documents"]
    chart_width = max(10, min(50, console.width - 30))
    lengths = data["text_length"]
    quotes = data["quotes"]
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    summary.add_row("documents", f"{docs:,}")
    summary.add_row("characters of text", f"{lengths['total']:,}")
    summary.add_row("words of text", f"{lengths['words']:,}")
    summary.add_row("quotes", f"{quotes['total']:,}")
    summary.add_row("lines in / kept", f"{data['lines']['in']:,} / {data['lines']['kept']:,}")
    if data["rejects"] is not None:
        summary.add_row("rejected dumps", f"{data['rejects']['total']:,}")
    parts: list[RenderableType] = [Text("Corpus report", style="bold underline"), summary]
    if docs == 0:
        parts.append(Text("No documents.", style="yellow"))

    parts.append(_counts_table("By domain", "domain", data["domains"], docs, limit=top, chart=20))
    months = [(m["month"], m["count"]) for m in data["months"]]
    parts.append(_series_chart("By month", "month", months, chart_width))
    parts.append(_counts_table("Languages", "language", data["languages"], docs))
    tags = data["tags"]
    parts.append(_counts_table(f"Top tags ({tags['distinct']:,} distinct)", "tag", tags["top"], docs))
    speakers = data["speakers"]
    sp = Table(
        title=f"Top speakers ({speakers['distinct']:,} distinct)", title_justify="left", title_style="bold"
    )
    sp.add_column("speaker", overflow="fold")
    sp.add_column("quotes", justify="right")
    for r in speakers["top"]:
        sp.add_row(r["name"], f"{r['count']:,}")
    parts.append(sp)

    qt = Table(
        title=(
            f"Quotes per document (mean {quotes['per_document_mean']:.2f}; "
            f"{quotes['documents_with_quotes']:,} documents with quotes)"
        ),
        title_justify="left",
        title_style="bold",
    )
    qt.add_column("quotes", justify="right")
    qt.add_column("docs", justify="right")
    qt.add_column("", style="magenta", no_wrap=True)
    peak = max((r["documents"] for r in quotes["distribution"]), default=0)
    for r in quotes["distribution"]:
        qt.add_row(str(r["quotes"]), f"{r['documents']:,}", bar(r["documents"], peak, 20))
    parts.append(qt)

    parts.append(
        Text(
            f"Text length (characters): min {lengths['min']:,} · p10 {lengths['p10']:,} · "
            f"median {lengths['median']:,} · mean {lengths['mean']:,} · p90 {lengths['p90']:,} · "
            f"p99 {lengths['p99']:,} · max {lengths['max']:,} · empty {lengths['empty']:,}"
        )
    )
    hist = [(h["bucket"], h["count"]) for h in lengths["histogram"]]
    parts.append(_series_chart("Text length distribution", "characters", hist, chart_width))

    removed = data["removed_by_pass"]
    rm = Table(title="Lines removed by pass", title_justify="left", title_style="bold")
    rm.add_column("pass")
    rm.add_column("lines", justify="right")
    rm.add_column("share of lines in", justify="right")
    for r in removed:
        rm.add_row(r["name"], f"{r['count']:,}", _pct(r["count"], data["lines"]["in"]))
    parts.append(rm)

    if data["rejects"] is not None:
        rj = Table(title="Rejects by reason", title_justify="left", title_style="bold")
        rj.add_column("reason")
        rj.add_column("dumps", justify="right")
        for r in data["rejects"]["by_reason"]:
            rj.add_row(r["name"], f"{r['count']:,}")
        parts.append(rj)

    for part in parts:
        console.print(part)
        if isinstance(part, Table):
            console.print()
