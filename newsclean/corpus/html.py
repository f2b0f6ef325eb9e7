"""A self-contained HTML page for the corpus report: inline CSS, inline SVG charts, no script.

One static file that opens from disk, mails as an attachment and archives next to the corpus:
no server, no external fonts, stylesheets or JavaScript. It renders the report's ``to_dict`` form,
the same data as ``--json`` and the terminal view. Every string from the corpus is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

_CSS = """
:root { --ink:#1d2733; --muted:#5b6b7b; --line:#d9e0e7; --bar:#2f6fb0; --bar2:#3a9a6a; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 10px; }
.sub { color: var(--muted); margin-bottom: 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px;
         margin-bottom: 20px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .n { font-size: 24px; font-weight: 650; color: var(--bar); }
.card .l { color: var(--muted); font-size: 13px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px;
          margin-bottom: 16px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-bottom: 16px; }
.grid2 > section { margin-bottom: 0; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.barcell { width: 40%; }
.hbar { height: 12px; background: var(--bar2); border-radius: 2px; }
svg { display: block; width: 100%; height: auto; margin: 4px 0 12px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg rect.b { fill: var(--bar); }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px; }
"""


def _fmt(n: float) -> str:
    return f"{n:,}" if isinstance(n, int) else f"{n:,.2f}"


def column_chart(series: list[tuple[str, int]], title: str, width: int = 1000, height: int = 260) -> str:
    """An SVG column chart (one column per label), with a y-axis maximum and every nth label."""
    if not series or max(n for _, n in series) == 0:
        return '<p class="empty">No data.</p>'
    left, bottom, top = 56, 78, 14
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max(n for _, n in series)
    step = plot_w / len(series)
    bar_w = min(64.0, max(1.0, step * 0.78))  # a lone month is a column, not a wall
    label_every = max(1, round(len(series) / 24))
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#9aa8b6"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:,}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for i, (label, n) in enumerate(series):
        h = plot_h * n / peak
        x = left + i * step + (step - bar_w) / 2
        out.append(
            f'<rect class="b" x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {n:,}</title></rect>"
        )
        if i % label_every == 0:
            cx = x + bar_w / 2
            ly = top + plot_h + 12
            out.append(
                f'<text x="{cx:.1f}" y="{ly}" text-anchor="end" '
                f'transform="rotate(-40 {cx:.1f} {ly})">{escape(label)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def _table(
    headers: list[str], rows: list[list[str]], numeric: set[int], bar_values: list[int] | None = None
) -> str:
    """An HTML table; ``bar_values`` adds a trailing cell with a proportional CSS bar per row."""
    if not rows:
        return '<p class="empty">None.</p>'
    peak = max(bar_values or [0])
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    if bar_values is not None:
        head += "<th></th>"
    body = []
    for r, cells in enumerate(rows):
        tds = "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(cells)
        )
        if bar_values is not None:
            pct = 100 * bar_values[r] / peak if peak else 0
            tds += f'<td class="barcell"><div class="hbar" style="width:{pct:.1f}%"></div></td>'
        body.append(f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _ranked(rows: list[dict[str, Any]], total: int, unit_share: bool = True, limit: int | None = None) -> str:
    """A name/count(/share) table with bars; past ``limit`` rows the rest is summed in one row."""
    shown = rows if limit is None else rows[:limit]
    cells = [
        [escape(str(r["name"])), f"{r['count']:,}", _share(r["count"], total)][: 3 if unit_share else 2]
        for r in shown
    ]
    bars = [r["count"] for r in shown]
    if limit is not None and len(rows) > limit:
        rest = sum(r["count"] for r in rows[limit:])
        more = f"<em>… {len(rows) - limit:,} more</em>"
        cells.append([more, f"{rest:,}", _share(rest, total)][: 3 if unit_share else 2])
        bars.append(0)
    return _table(["name", "count", "share"] if unit_share else ["name", "count"], cells, {1, 2}, bars)


def render_html(data: dict[str, Any], title: str = "Corpus report", source: str = "", top: int = 20) -> str:
    """The whole page as a string; ``top`` caps the domain table as in the terminal view."""
    docs = data["documents"]
    lengths = data["text_length"]
    quotes = data["quotes"]
    cards = [
        ("documents", _fmt(docs)),
        ("domains", _fmt(sum(1 for d in data["domains"] if d["name"] != "unknown"))),
        ("words of text", _fmt(lengths["words"])),
        ("median length (chars)", _fmt(lengths["median"])),
        ("quotes", _fmt(quotes["total"])),
        ("quotes per document", f"{quotes['per_document_mean']:.2f}"),
    ]
    if data["rejects"] is not None:
        cards.append(("rejected dumps", _fmt(data["rejects"]["total"])))
    card_html = "".join(
        f'<div class="card"><div class="n">{escape(v)}</div><div class="l">{escape(k)}</div></div>'
        for k, v in cards
    )
    months = [(m["month"], m["count"]) for m in data["months"]]
    hist = [(h["bucket"], h["count"]) for h in lengths["histogram"]]
    qdist = [(str(r["quotes"]), r["documents"]) for r in quotes["distribution"]]
    sections: list[str] = [
        "<section><h2>Documents by month</h2>"
        + column_chart(months, "documents by month")
        + _table(
            ["month", "documents"], [[escape(m), f"{n:,}"] for m, n in months], {1}, [n for _, n in months]
        )
        + "</section>",
        '<div class="grid2">'
        f"<section><h2>By domain</h2>{_ranked(data['domains'], docs, limit=top)}</section>"
        f"<section><h2>Languages</h2>{_ranked(data['languages'], docs)}</section>"
        "</div>",
        '<div class="grid2">'
        f"<section><h2>Top tags ({data['tags']['distinct']:,} distinct)</h2>"
        f"{_ranked(data['tags']['top'], docs)}</section>"
        f"<section><h2>Top speakers ({data['speakers']['distinct']:,} distinct)</h2>"
        f"{_ranked(data['speakers']['top'], quotes['total'], unit_share=False)}</section>"
        "</div>",
        "<section><h2>Text length distribution (characters)</h2>"
        + column_chart(hist, "text length distribution", height=240)
        + _table(
            ["min", "p10", "median", "mean", "p90", "p99", "max", "empty"],
            [[_fmt(lengths[k]) for k in ("min", "p10", "median", "mean", "p90", "p99", "max", "empty")]],
            set(range(8)),
        )
        + "</section>",
        '<div class="grid2">'
        f"<section><h2>Quotes per document (mean {quotes['per_document_mean']:.2f})</h2>"
        + column_chart(qdist, "quotes per document", width=500, height=220)
        + _table(["quotes", "documents"], [[q, f"{n:,}"] for q, n in qdist], {0, 1})
        + "</section>"
        f"<section><h2>Lines removed by pass</h2>"
        f"<p>{data['lines']['in']:,} lines in, {data['lines']['kept']:,} kept.</p>"
        + _ranked(data["removed_by_pass"], data["lines"]["in"])
        + "</section></div>",
    ]
    if data["rejects"] is not None:
        sections.append(
            f"<section><h2>Rejects by reason ({data['rejects']['total']:,})</h2>"
            f"{_ranked(data['rejects']['by_reason'], data['rejects']['total'])}</section>"
        )
    subtitle = f"{escape(source)} · " if source else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>"
        f'<div class="sub">{subtitle}{docs:,} documents</div>'
        f'<div class="cards">{card_html}</div>'
        + "".join(sections)
        + "<footer>Generated by newsclean stats (report version "
        + f"{data['report_version']}).</footer></main></body></html>\n"
    )
