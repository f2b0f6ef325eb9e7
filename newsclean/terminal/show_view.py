"""`newsclean show`: a dump line by line with what became of each line and which pass decided.

It reads the labels the passes left on the ``Document`` during a normal clean, so what it shows is
what ``clean`` did, not a second guess.
"""

from __future__ import annotations

from typing import Any

import orjson
from rich.console import Console, Group
from rich.json import JSON
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..document import BLANK, Document, printable_path

#: label -> (style, what it means); every label a pass can give a line
LEGEND: dict[str, tuple[str, str]] = {
    "body": ("bold", "kept: article text"),
    "split": ("bold yellow", "kept: glued paragraphs split apart"),
    "header": ("cyan", "scraper header: date, url, domain"),
    "title": ("bright_cyan", "became the title"),
    "site": ("bright_cyan", "became the site name"),
    "duplicate": ("grey50", "removed: a copy of an earlier line (case, spacing and HTML entities aside)"),
    "lead": ("bright_cyan", "became the lead (the body repeats it)"),
    "timestamp": ("green", "became published / modified"),
    "tag": ("magenta", "became a tag"),
    "tags": ("magenta", "became tags"),
    "keywords": ("magenta", "became keywords"),
    "image": ("blue", "became an image URL"),
    "link": ("blue", "became a related link"),
    "related": ("blue", "removed: related-article headline"),
    "publisher": ("yellow", "became the publisher"),
    "byline": ("yellow", "became authors"),
    "locale": ("yellow", "became the language"),
    "section": ("yellow", "became the section"),
    "breadcrumb": ("yellow", "became the section (breadcrumb trail)"),
    "size": ("grey50", "removed: leaked image size"),
    "year": ("grey50", "removed: leaked lone year"),
    "credit": ("grey50", "removed: photo credit or caption"),
    "boilerplate": ("red", "removed: boilerplate or page chrome"),
    "jsonld": ("grey50", "removed: a leaked JSON-LD value"),
    "contact": ("yellow", "removed: the reporter's contact"),
    "chrome": ("red", "removed: page chrome in the body (menu, teasers, widget, footer)"),
    "comments": ("red", "removed: reader comments"),
}


def line_label(doc: Document, i: int) -> tuple[str, str]:
    """What became of line ``i`` and the pass that decided it."""
    label = doc.labels[i]
    if label is None:
        if i in doc.splits:
            return "split", "paragraphs"
        return "body", "paragraphs"
    return label, doc.deciders[i] or ""


def _lines_table(doc: Document, wide: bool) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=True)
    table.add_column("#", justify="right", style="grey50", no_wrap=True)
    table.add_column("became", no_wrap=True)
    table.add_column("pass", style="grey50", no_wrap=True)
    table.add_column("line", overflow="fold" if wide else "ellipsis", no_wrap=not wide, ratio=1)
    dropped = _dropped_pieces(doc)
    for i, line in enumerate(doc.lines):
        if doc.labels[i] == BLANK:
            continue
        label, by = line_label(doc, i)
        style = LEGEND.get(label, ("", ""))[0]
        shown = label if label != "split" else f"split ×{doc.splits[i] + 1}"
        table.add_row(str(i + 1), Text(shown, style=style), by, Text(line, style=style))
        pieces = dropped.get(i, [])
        if doc.labels[i] is None or len(pieces) > 1:  # a glued line that lost some of its pieces
            for piece, lab, piece_by in pieces:
                ps = LEGEND.get(lab, ("", ""))[0]
                table.add_row("", Text(f"↳ {lab}", style=ps), piece_by, Text(piece, style=ps))
    return table


def _dropped_pieces(doc: Document) -> dict[int, list[tuple[str, str, str]]]:
    """Paragraphs a pass after ``paragraphs`` removed, by the line they came from."""
    out: dict[int, list[tuple[str, str, str]]] = {}
    for line, para, label, by in doc.dropped:
        out.setdefault(line, []).append((para, label, by))
    return out


def _legend(doc: Document) -> Table:
    used = {line_label(doc, i)[0] for i in range(len(doc.lines)) if doc.labels[i] != BLANK}
    used.update(label for _, _, label, _ in doc.dropped)
    table = Table(box=None, show_header=False, pad_edge=False)
    for label, (style, meaning) in LEGEND.items():
        if label in used:
            table.add_row(Text(label, style=style), meaning)
    return table


def _quoted_text(record: dict[str, Any]) -> Text:
    """The record's text with each quote coloured by kind and its speaker's mentions in bold."""
    text = Text(record["text"])
    styles = {"direct": "green", "mixed": "yellow", "indirect": "cyan"}
    for q in record["quotes"]:
        text.stylize(styles.get(q["kind"], "green"), q["start"], q["end"])
        speaker = q.get("speaker")
        if speaker:
            lo = max(0, q["start"] - 300)
            at = record["text"].find(speaker, lo, q["end"] + 300)
            if at >= 0:
                text.stylize("bold magenta", at, at + len(speaker))
    return text


def render_show(doc: Document, record: dict[str, Any] | None, reject: str | None, console: Console,
                wide: bool = False) -> None:
    """Lines with their fate, a legend, then the record as JSON and the text with its quotes."""
    title = f"{printable_path(doc.source)}: {sum(1 for lab in doc.labels if lab != BLANK)} lines"
    console.print(Panel(_lines_table(doc, wide), title=title, title_align="left"))
    console.print(Panel(_legend(doc), title="legend", title_align="left"))
    if reject is not None:
        console.print(Text(f"rejected: {reject}", style="bold red"))
        return
    assert record is not None
    console.print(Panel(JSON(orjson.dumps(record).decode()), title="record", title_align="left"))
    if record["quotes"]:
        key = Text.assemble(("direct", "green"), " · ", ("mixed", "yellow"), " · ", ("indirect", "cyan"),
                            " · ", ("speaker", "bold magenta"))
        console.print(Panel(Group(key, Text(""), _quoted_text(record)), title="quotes", title_align="left"))
