"""newsclean beside other text-cleaning tools, on the same corpus, in the same run (CPU time).

    python bench/peers.py                 # 5,000 documents of bench.py's corpus
    python bench/peers.py --n 2000 --repeat 1

Each tool runs as its own process over every file of the corpus and writes one JSONL line per document
it keeps, so every figure carries the same start-up, reading and writing:

- ``floor``: read each file, ``orjson.dumps({"text": ...})``: what any tool pays at least;
- ``ftfy``: ``ftfy.fix_text`` on each document (``pip install ftfy``);
- ``datatrove``: a datatrove filter pipeline, FTFY, symbol lines, Gopher repetition, Gopher quality and
  C4 quality, on ``datatrove.data.Document`` objects (``pip install datatrove``);
- ``newsclean --jobs 1``, with and without the quotes pass.

The peers are optional installs: the script says which are missing and runs the others. It prints CPU
seconds (user + system, best of ``--repeat``), documents per CPU-second, and how many times faster
newsclean (all passes) is than each (below 1: slower). The tools do different work: ftfy and datatrove
repair and filter whole documents, newsclean also splits a dump into fields and finds quotes; the
ratios say what a corpus costs with each, not which does more.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import FLOOR, build_corpus, measure_cpu

_WALK = (
    "import os, sys, orjson\n"
    "out = open(sys.argv[2], 'wb', buffering=1 << 20)\n"
    "def texts():\n"
    "    for top, dirs, files in os.walk(sys.argv[1]):\n"
    "        dirs.sort()\n"
    "        for name in sorted(files):\n"
    "            with open(os.path.join(top, name), 'rb') as f:\n"
    "                yield name, f.read().decode('utf-8', 'replace')\n"
)
FTFY = _WALK + (
    "import ftfy\n"
    "for name, text in texts():\n"
    "    out.write(orjson.dumps({'id': name, 'text': ftfy.fix_text(text)}) + b'\\n')\n"
    "out.close()\n"
)
DATATROVE = _WALK + (
    "from datatrove.data import Document\n"
    "from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter, GopherRepetitionFilter\n"
    "from datatrove.pipeline.formatters import FTFYFormatter, SymbolLinesFormatter\n"
    "docs = (Document(text=text, id=name) for name, text in texts())\n"
    "for step in (FTFYFormatter(), SymbolLinesFormatter(), GopherRepetitionFilter(), GopherQualityFilter(),\n"
    "             C4QualityFilter(filter_no_terminal_punct=False)):\n"
    "    docs = step.run(docs)\n"
    "for doc in docs:\n"
    "    out.write(orjson.dumps({'id': doc.id, 'text': doc.text}) + b'\\n')\n"
    "out.close()\n"
)
#: what each peer needs installed (datatrove's English word tokenizer is spaCy's, no model download)
NEEDS = {"ftfy": ("ftfy",), "datatrove": ("datatrove", "spacy")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5_000, help="documents in the corpus (bench.py's, same seed)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each tool; the least CPU time counts")
    ap.add_argument("--utf8-only", action="store_true", help="leave out the samples that are not UTF-8")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsclean-peers-"))
    try:
        t = time.perf_counter()
        size = build_corpus(args.n, work / "corpus", utf8_only=args.utf8_only)
        print(f"corpus: {args.n:,} documents, {size / 1e6:.1f} MB, built in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)
        corpus = str(work / "corpus")
        newsclean = [sys.executable, "-m", "newsclean", "clean", "-q", "--jobs", "1", corpus]
        floor = [sys.executable, "-c", FLOOR, corpus, str(work / "floor.jsonl")]
        runs = {"floor (read + orjson write)": floor}
        for name, modules in NEEDS.items():
            missing = [m for m in modules if importlib.util.find_spec(m) is None]
            if missing:
                names = " ".join(missing)
                print(f"{name}: left out, {names} not installed (pip install {names})", file=sys.stderr)
                continue
            script = FTFY if name == "ftfy" else DATATROVE
            label = "ftfy.fix_text" if name == "ftfy" else "datatrove filter pipeline"
            runs[label] = [sys.executable, "-c", script, corpus, str(work / f"{name}.jsonl")]
        runs["newsclean --jobs 1"] = [*newsclean, "-o", str(work / "newsclean.jsonl")]
        runs["newsclean --jobs 1 --skip quotes"] = [*newsclean, "--skip", "quotes",
                                                    "-o", str(work / "noquotes.jsonl")]
        kept = {}
        for name, cmd in runs.items():  # a first run of each: it must work (and it warms the page cache)
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode not in ((0, 1) if name.startswith("newsclean") else (0,)):
                raise SystemExit(f"{name} failed:\n{proc.stderr[-2000:]}")
            kept[name] = Path(cmd[-1]).read_bytes().count(b"\n")
        cpu = {name: min(measure_cpu(cmd)[2] for _ in range(args.repeat)) for name, cmd in runs.items()}
        ours = cpu["newsclean --jobs 1"]
        print(f"{'tool':<34} {'CPU-s':>8} {'docs/CPU-s':>11} {'newsclean x':>12} {'docs kept':>10}")
        for name, secs in cpu.items():
            print(f"{name:<34} {secs:>8.2f} {args.n / secs:>11,.0f} {secs / ours:>12.2f} {kept[name]:>10,}")
        print("newsclean x: the tool's CPU time over newsclean --jobs 1's (above 1: newsclean is faster); "
              "CPU time on a machine that may be shared: compare within one run", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
