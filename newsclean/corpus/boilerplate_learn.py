"""The first pass of ``clean --learn-boilerplate``: count each domain's would-be body lines."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ..context import Context, Options
from ..document import Document, Reject
from ..pipeline import run
from ..runner import item_bytes, map_batches
from .boilerplate_table import LineCounter, line_key

#: The pass that removes learned lines; the first pass runs everything before it.
PASS_NAME = "boilerplate"


def body_keys(source: str, data: bytes, ctx: Context) -> tuple[str, list[int]]:
    """The domain of one dump and the keys of the lines the passes before ``boilerplate`` left open."""
    doc = run(Document(source=source, id="", raw=data), ctx, stop_before=PASS_NAME)
    return doc.domain or "", sorted({line_key(doc.lines[i]) for i in doc.open_lines()})


Keys = tuple[str, list[int]] | None


def _count_batch(items: list[tuple], options: Options) -> list[Keys]:
    """Worker entry point of the counting pass."""
    return _keys(items, Context.build(options))


def _keys(items: list[tuple], ctx: Context) -> list[Keys]:
    out: list[Keys] = []
    for item in items:
        try:
            out.append(body_keys(item[0], item_bytes(item, ctx.options.max_bytes), ctx))
        except Reject:
            out.append(None)  # the second pass rejects it again, with its reason, in order
        except Exception:  # a pass bug shows up, named, in the second pass; counting goes on
            out.append(None)
    return out


def count_lines(items: Iterable[tuple], options: Options, jobs: int = 1,
                max_keys: int = 1_000_000, batch: int = 64) -> LineCounter:
    """The first pass: per-domain line counts over every input (order does not matter here)."""
    counter = LineCounter(max_keys=max_keys)
    if jobs <= 1:
        ctx = Context.build(options)
        for item in items:
            _fold(counter, _keys([item], ctx))
        return counter
    Context.build(options)  # compiled once here, inherited by forked workers (quotes do not run here)
    worker = functools.partial(_count_batch, options=options)
    for entry in map_batches(worker, items, jobs, lambda chunk, _exc: [None] * len(chunk), batch):
        _fold(counter, [entry])
    return counter


def _fold(counter: LineCounter, result: list[Keys]) -> None:
    for entry in result:
        if entry is not None:
            counter.add(*entry)


