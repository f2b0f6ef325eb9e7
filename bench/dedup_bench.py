"""Benchmark ``newsclean dedup``: throughput and peak memory on a synthetic news corpus.

Generates ``--n`` documents (default 200,000) of varied text from a Zipf-weighted pseudo-vocabulary,
of which a share are exact duplicates (case/spacing/punctuation changed) and a share near
duplicates (byline added, footer added, two paragraphs swapped, or ~1% of words replaced) of a
recent original. Then runs the real command in a child process, so the figures are the command's
own: wall-clock docs/s and the child's peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``).
Planted duplicates are marked in their ids, so recall and false positives are reported too.

    .venv/bin/python bench/dedup_bench.py            # 200,000 documents
    .venv/bin/python bench/dedup_bench.py --n 20000  # a quick run
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path

import orjson

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "to",
    "vi",
    "da",
    "pe",
    "gor",
    "lin",
    "tan",
    "mer",
    "ost",
    "ber",
    "vel",
    "dra",
    "shi",
    "kon",
    "ant",
    "ria",
    "zel",
    "pol",
    "ude",
    "ism",
    "cha",
    "nov",
    "ska",
    "tre",
]
BYLINES = ["By Maria Tsvetkova and John O'Donnell", "By Staff Reporter", "By Andrew Osborn in Moscow"]
FOOTERS = [
    "Reporting by Francesco Canepa; Editing by Toby Chopra. Our Standards: The Trust Principles.",
    "Subscribe to our newsletter for the latest updates. All rights reserved.",
    "Follow us on Telegram and X for breaking news from the region.",
]
DOMAINS = ["sputnikglobe.com", "reuters.com", "apnews.com", "tass.com", "bbc.co.uk", "dw.com", "euronews.com"]


def vocabulary(rng: random.Random, size: int = 30_000) -> tuple[list[str], list[float]]:
    """Distinct pseudo-words with Zipf cumulative weights, like a news vocabulary's long tail."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    cum = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(size)))
    return ordered, cum


def article(rng: random.Random, words: list[str], cum: list[float]) -> list[str]:
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        tokens = rng.choices(words, cum_weights=cum, k=rng.randint(25, 90))
        tokens[0] = tokens[0].capitalize()
        paragraphs.append(" ".join(tokens) + ".")
    return paragraphs


def near_variant(rng: random.Random, paragraphs: list[str], words: list[str], cum: list[float]) -> list[str]:
    kind = rng.randrange(4)
    if kind == 0:
        return [rng.choice(BYLINES), *paragraphs]
    if kind == 1:
        return [*paragraphs, rng.choice(FOOTERS)]
    if kind == 2 and len(paragraphs) > 2:
        i, j = rng.sample(range(1, len(paragraphs)), 2)
        out = list(paragraphs)
        out[i], out[j] = out[j], out[i]
        return out
    out = []
    for p in paragraphs:  # ~1% of words replaced (each replacement changes up to 5 shingles)
        tokens = p.split()
        for k in range(len(tokens)):
            if rng.random() < 0.01:
                tokens[k] = rng.choices(words, cum_weights=cum)[0]
        out.append(" ".join(tokens))
    return out


def exact_variant(rng: random.Random, paragraphs: list[str]) -> list[str]:
    """Same normalised text: another case, doubled spaces, punctuation moved around."""
    text = "\n\n".join(paragraphs)
    choice = rng.randrange(3)
    if choice == 0:
        text = text.upper()
    elif choice == 1:
        text = text.replace(" ", "  ").replace("\n\n", "\n \n")
    else:
        text = text.replace(".", " ,").replace("\n\n", "\n")
    return [text]


def generate(path: Path, n: int, exact_share: float, near_share: float, seed: int) -> Counter[str]:
    """Write ``n`` records to ``path``; ids end in ``-orig``, ``-exact`` or ``-near``."""
    rng = random.Random(seed)
    words, cum = vocabulary(rng)
    recent: deque[list[str]] = deque(maxlen=5_000)
    planted: Counter[str] = Counter()
    with path.open("wb") as out:
        for i in range(n):
            roll = rng.random()
            if recent and roll < exact_share:
                kind, paragraphs = "exact", exact_variant(rng, rng.choice(recent))
            elif recent and roll < exact_share + near_share:
                kind, paragraphs = "near", near_variant(rng, rng.choice(recent), words, cum)
            else:
                kind, paragraphs = "orig", article(rng, words, cum)
                recent.append(paragraphs)
            planted[kind] += 1
            domain = DOMAINS[i % len(DOMAINS)]
            text = "\n\n".join(paragraphs)
            rec = {
                "schema": 1,
                "id": f"{i:07d}-{kind}",
                "source": f"dump/{i:07d}.txt",
                "url": f"https://{domain}/news/{i}.html",
                "domain": domain,
                "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "title": paragraphs[0][:60],
                "language": "en",
                "text": text,
                "tags": [],
                "quotes": [],
                "stats": {
                    "lines_in": 30,
                    "lines_kept": len(paragraphs),
                    "removed": {"metadata": 12},
                    "split": 0,
                },
            }
            out.write(orjson.dumps(rec) + b"\n")
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="documents to generate (default 200,000)")
    parser.add_argument("--exact-share", type=float, default=0.05)
    parser.add_argument("--near-share", type=float, default=0.05)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exact-only", action="store_true", help="benchmark exact dedup alone")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        out = Path(tmp) / "dedup.jsonl"
        dups = Path(tmp) / "dups.jsonl"
        t0 = time.perf_counter()
        planted = generate(corpus, args.n, args.exact_share, args.near_share, args.seed)
        gen_s = time.perf_counter() - t0
        size_mb = corpus.stat().st_size / 2**20
        print(
            f"generated {args.n:,} documents ({size_mb:,.0f} MiB) in {gen_s:.1f}s: "
            f"{planted['orig']:,} originals, {planted['exact']:,} exact and "
            f"{planted['near']:,} near duplicates"
        )

        cmd = [
            sys.executable,
            "-c",
            "from newsclean.cli_corpus import dedup_command; dedup_command()",
            str(corpus),
            "-o",
            str(out),
            "--duplicates",
            str(dups),
            "--threshold",
            str(args.threshold),
            "--num-perm",
            str(args.num_perm),
            *(["--exact-only"] if args.exact_only else []),
        ]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if done.returncode != 0:
            sys.exit(f"dedup failed ({done.returncode}): {done.stderr}")
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux

        found: Counter[tuple[str, str]] = Counter()
        for line in dups.read_bytes().splitlines():
            d = orjson.loads(line)
            found[(d["id"].rsplit("-", 1)[1], d["kind"])] += 1
        false_pos = found[("orig", "exact")] + found[("orig", "near")]
        near_found = found[("near", "near")] + found[("near", "exact")]
        print(done.stderr.strip())
        print(
            f"threshold {args.threshold}, num_perm {args.num_perm}{', exact only' if args.exact_only else ''}"
        )
        print(f"throughput: {args.n / wall:,.0f} docs/s ({wall:.1f}s wall for {args.n:,} documents)")
        print(f"peak RSS of the dedup process: {peak_kib / 1024:,.0f} MiB")
        print(
            f"planted exact found: {found[('exact', 'exact')]:,}/{planted['exact']:,}; "
            f"planted near found: {near_found:,}/{planted['near']:,}; "
            f"originals wrongly dropped: {false_pos:,}"
        )


if __name__ == "__main__":
    main()
