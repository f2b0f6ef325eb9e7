"""Where the quote engine's regex time goes: the CPU each pattern of the quote packs costs a document.

    python bench/pattern_cost.py               # 1,500 documents of bench.py's corpus, top 25
    python bench/pattern_cost.py --n 3000 --top 40

Builds ``bench.py``'s corpus, runs the whole pipeline in this process once to warm it, then again
with every lazily compiled pattern of every pack (and the engine's shared ones) wrapped in a timer,
and prints per pattern and method: CPU microseconds a document, calls a document, the share of calls
that found something, microseconds a call, and the share of the pipeline's time. The wrapper adds a
little to each call (so the shares are upper bounds); what it shows is the ranking, which is what a
speed change starts from. Patterns the clause and word frames compile directly are not wrapped.

Before that, a run with the quote pass's units timed (without the pattern timers) prints how the
pass's time splits between the units that yield a quote or a speaker for the next one and those
that yield nothing: time spent where nothing comes out is what a cheaper filter could save.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, build_corpus

sys.path.insert(0, str(ROOT))
from newsclean.context import Options
from newsclean.document import Document, Reject
from newsclean.passes.quotes import quote_packs
from newsclean.pipeline import prepare, run
from newsclean.quotes import extract, grammar

#: the pass's module (``newsclean.passes`` exports the pass function under the same name)
quotes_pass = sys.modules["newsclean.passes.quotes"]

_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "split")
#: per ``pattern.method``: calls, calls that found something, seconds
Stats = dict[str, list[float]]


def _timed(method: Callable[..., Any], key: str, stats: Stats) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        result = method(*args, **kwargs)
        if key.endswith(".finditer"):
            result = iter(list(result))  # (the scan itself, not the caller's loop, is timed)
        spent = time.process_time() - start
        entry = stats[key]
        entry[0] += 1
        entry[1] += result is not None and result != []
        entry[2] += spent
        return result
    return call


def wrap_patterns(ctx: Any, stats: Stats) -> int:
    """Put a timer around every method of every lazy pattern of the profile's packs; returns how many."""
    packs = quote_packs(ctx.profile)
    named: list[tuple[str, grammar.LazyPattern]] = []
    for code in packs.codes:
        g = packs.choose(code).grammar
        named += [(f"{code}.{name}", p) for name, p in vars(g).items() if isinstance(p, grammar.LazyPattern)]
    named += [(f"shared.{p.pattern[:24]!r}", p) for p in grammar.SHARED]
    for label, pattern in named:
        compiled = pattern.compile()
        for method in _METHODS:
            setattr(pattern, method, _timed(getattr(compiled, method), f"{label}.{method}", stats))
    return len(named)


def time_units(pipeline: Callable[[], float]) -> tuple[float, list[float], list[float]]:
    """One run with the quote pass and each of its units timed: (seconds in the pass, [units, seconds]
    that yielded something, [units, seconds] that yielded nothing)."""
    unit, whole = extract._unit, quotes_pass.extract_quotes
    spent, fruitful, idle = [0.0], [0.0, 0.0], [0.0, 0.0]

    def timed_unit(ex: Any, *args: Any, **kwargs: Any) -> Any:
        before, start = len(ex.out), time.process_time()
        result = unit(ex, *args, **kwargs)
        entry = fruitful if result is not None or len(ex.out) > before else idle
        entry[0] += 1
        entry[1] += time.process_time() - start
        return result

    def timed_pass(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        result = whole(*args, **kwargs)
        spent[0] += time.process_time() - start
        return result

    extract._unit, quotes_pass.extract_quotes = timed_unit, timed_pass
    try:
        pipeline()
    finally:
        extract._unit, quotes_pass.extract_quotes = unit, whole
    return spent[0], fruitful, idle


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1500, help="documents of bench.py's corpus")
    ap.add_argument("--top", type=int, default=25, help="patterns to print")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsclean-patterns-"))
    try:
        build_corpus(args.n, work)
        docs = [(p, p.read_bytes()) for p in sorted(work.rglob("*.txt"))]
        ctx = prepare(Options())

        def pipeline() -> float:
            start = time.process_time()
            for path, raw in docs:
                with contextlib.suppress(Reject):
                    run(Document(source=str(path), id=path.stem, raw=raw), ctx)
            return time.process_time() - start

        pipeline()  # warm: packs read, patterns loaded, caches filled
        in_pass, fruitful, idle = time_units(pipeline)
        stats: Stats = defaultdict(lambda: [0, 0, 0.0])
        wrapped = wrap_patterns(ctx, stats)
        total = pipeline()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(docs)
    in_patterns = sum(s[2] for s in stats.values())
    print(f"{n:,} documents, {wrapped} patterns wrapped: pipeline {total / n * 1e6:,.0f} us/doc, of which "
          f"in these patterns {in_patterns / n * 1e6:,.0f} ({in_patterns / total:.0%})")
    print(f"quote pass {in_pass / n * 1e6:,.0f} us/doc; units that yield a quote or a speaker: "
          f"{fruitful[0] / n:.1f} a document, {fruitful[1] / n * 1e6:,.0f} us/doc "
          f"({fruitful[1] / in_pass:.0%} of the pass); units that yield nothing: {idle[0] / n:.1f} a "
          f"document, {idle[1] / n * 1e6:,.0f} us/doc ({idle[1] / in_pass:.0%})")
    print(f"{'us/doc':>8} {'calls/doc':>10} {'found':>6} {'us/call':>8} {'share':>6}  pattern.method")
    for key, (calls, found, secs) in sorted(stats.items(), key=lambda kv: -kv[1][2])[:args.top]:
        print(f"{secs / n * 1e6:8.1f} {calls / n:10.1f} {found / max(calls, 1):6.2f} "
              f"{secs / max(calls, 1) * 1e6:8.2f} {secs / total:6.1%}  {key}")


if __name__ == "__main__":
    main()
