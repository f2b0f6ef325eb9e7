#!/usr/bin/env python3
"""Score the cleaning passes on real news pages: ``../shared/data/realpages-dev``.

Usage: ``python bench/clean_eval.py [--data DIR] [--ids FILE] [--errors FILE] [--json]``.

Every definition follows the data's README (``realpages-dev/README.md``), so the figures can be
compared with the ones printed there:

* **Body P/R/F1**: the scrapinghub article-extraction-benchmark metric. Tokens are ``\\w+``
  matches (case kept); a text is the bag of its 4-token shingles (one shingle of all tokens when it
  has fewer than four). Per page, tp/fp/fn over the bags; precision is averaged over the pages with
  predicted shingles, recall over the pages with gold shingles, and F1 is that of the two means.
  A rejected page predicts nothing. Scored for the records' ``text``, for the do-nothing baseline
  (the dump minus its header line) and for the joined ``blocks`` (the best a line-level cleaner can
  reach).
* **Leaks**: the share of records whose ``text`` holds a URL, an ISO timestamp, an e-mail or a phone
  (also counted only over pages whose gold body has none of that kind), a paragraph equal to one of
  ``meta.tags``, to ``meta.keywords`` or to ``meta.site`` (compared case-folded, whitespace
  squeezed), or a JSON-LD leaf (a ``meta.jsonld`` line that is not also a body block, or a line of
  the README's leaf shape); ``any`` is the share with at least one.
* **Boundaries** (glued pages; one-a-line pages printed as a check), in the whitespace-free
  concatenation of ``blocks``: a true boundary is the end of a block whose next block appears in the
  whitespace-free text; a found boundary is the start or end of a text paragraph located there
  (paragraphs searched in order, skipping those equal to a dump line outside the body). Recall over
  all true boundaries and over those after sentence-final punctuation; wrong cuts are found offsets
  that are no block edge, counted per 100 true boundaries, and of them those that split a paragraph
  of the gold text (the rest fall on a gold paragraph break the scraper had glued inside a block, or
  in text the gold leaves out).
* **Title**: exact, and loose (case-folded, quotes normalised, either side may first lose its last
  `` | Site`` part: ``|``, ``-``, ``–``, ``—`` or ``:`` with spaces around). Pages with a null gold
  title are left out. The ceiling: the loose share if every title were right wherever some line of
  the dump (HTML entities read) is the gold title, the best any choice among the dump's lines can do.
  **Date** (``wcxb``): the record's ``date`` against ``published``.

``--errors FILE`` writes one JSON line per page with what went wrong there: metadata kept in the
text (by kind), gold paragraphs missing from the text, missed and wrong cuts with context, and the
title, so every rule change can start from real failures.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsclean.context import Context, Options  # noqa: E402
from newsclean.document import Document, Reject  # noqa: E402
from newsclean.pipeline import run  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "realpages-dev"
SOURCES = ("l3s", "wcxb")

_TOKEN = regex.compile(r"\w+")
_WS = regex.compile(r"\s+")
_HEADER = regex.compile(r"\s*(?:date\s+)?\d{4}-\d{2}-\d{2}\s+\S+\s*")
LEAK_PATTERNS = {
    "url": regex.compile(r"https?://\S+|\bwww\.[\w-]+\.\w+\S*", regex.IGNORECASE),
    "timestamp": regex.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"),
    "email": regex.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"),
    "phone": regex.compile(r"(?<![\w+])\+\d[\d \-()]{7,}\d\b"),
}
LEAF = regex.compile(
    r"^(\d{2,5} \d{2,5}( (true|false))?|[a-z]{2}[_-][A-Za-z]{2}|\d{4}|true|false|(true|false) \S+)$")
LEAK_KINDS = (*LEAK_PATTERNS, "tags", "keywords", "site", "jsonld", "any")
#: characters after which a boundary counts as sentence-final
FINAL = set(".!?\"”»'’)…:")
_SITE_SEP = regex.compile(r"^(.*\S)\s+[|\-–—:]\s+\S.*$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})


# --- the body metric -------------------------------------------------------------------------

def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    return float(tp), float(fp), float(fn)


def prf(triples: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision over pages with predicted shingles, mean recall over pages with gold ones."""
    ps, rs = [], []
    for tp, fp, fn in triples:
        if tp + fp > 0:
            ps.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            rs.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --- helpers ---------------------------------------------------------------------------------

def squeeze(text: str) -> str:
    return " ".join(text.split()).casefold()


def nows(text: str) -> str:
    return _WS.sub("", text)


def title_norm(title: str) -> str:
    return " ".join(title.translate(_QUOTES).casefold().split())


def title_variants(title: str) -> set[str]:
    t = title_norm(title)
    m = _SITE_SEP.match(t)
    return {t, m.group(1)} if m else {t}


def title_loose(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    return bool(title_variants(pred) & title_variants(gold))


def dump_lines(dump: str) -> list[str]:
    lines = [line.strip() for line in dump.splitlines()]
    lines = [line for line in lines if line]
    if lines and _HEADER.fullmatch(lines[0]):
        lines = lines[1:]
    return lines


@dataclass(slots=True)
class Page:
    """One page's scores; the aggregate is computed from a list of these."""

    id: str
    source: str
    glued: bool
    reject: str | None
    body: tuple[float, float, float]
    baseline: tuple[float, float, float]
    blocks: tuple[float, float, float]
    leaks: dict[str, bool]
    leak_items: dict[str, list[str]]
    #: leak kinds whose pattern the gold body has too (then the leak may be article text)
    gold_has: dict[str, bool]
    true_cuts: int = 0
    found_cuts: int = 0
    true_final: int = 0
    found_final: int = 0
    wrong_cuts: int = 0
    #: wrong cuts within two characters of a block edge (a quote mark put on the wrong side)
    near_cuts: int = 0
    #: wrong cuts inside a paragraph of the gold text
    split_gold: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    title: str | None = None
    gold_title: str | None = None
    title_in_dump: bool = False
    #: the gold title (loosely, HTML entities read) is a line of the dump, anywhere
    title_in_any_line: bool = False
    date: str | None = None
    gold_date: str | None = None
    language: str | None = None
    dropped: list[str] = field(default_factory=list)
    p: float = 0.0
    r: float = 0.0


def leaks_of(text: str, paragraphs: list[str],
             gold: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, bool]]:
    meta = gold["meta"]
    found: dict[str, list[str]] = {k: [] for k in LEAK_KINDS if k != "any"}
    gold_has = {k: bool(pat.search(gold["body"] or "")) for k, pat in LEAK_PATTERNS.items()}
    for kind, pat in LEAK_PATTERNS.items():
        found[kind] = [m.group(0) for m in pat.finditer(text)][:5]
    tags = {squeeze(t) for t in meta.get("tags") or []}
    keywords = squeeze(meta["keywords"]) if meta.get("keywords") else None
    site = squeeze(meta["site"]) if meta.get("site") else None
    blocks = {squeeze(b) for b in gold["blocks"]}
    jsonld = {squeeze(j) for j in meta.get("jsonld") or []} - blocks
    for para in paragraphs:
        s = squeeze(para)
        if s in tags:
            found["tags"].append(para)
        if keywords is not None and s == keywords:
            found["keywords"].append(para)
        if site is not None and s == site:
            found["site"].append(para)
        if s in jsonld or LEAF.match(para.strip()):
            found["jsonld"].append(para)
    return found, gold_has


def boundaries(page: Page, paragraphs: list[str], gold: dict[str, Any], lines: list[str]) -> None:
    blocks = [nows(b) for b in gold["blocks"]]
    blocks = [b for b in blocks if b]
    if len(blocks) < 2:
        return
    concat = "".join(blocks)
    edges, pos = [], 0
    for b in blocks:
        pos += len(b)
        edges.append(pos)
    edge_set = {0, *edges}
    text = nows("".join(paragraphs))
    true = {edges[i] for i in range(len(blocks) - 1) if blocks[i + 1] in text}
    final = {e for e in true if concat[e - 1] in FINAL}
    body_lines = {concat, *blocks}
    outside = {nows(line) for line in lines} - body_lines
    found: set[int] = set()
    cursor = 0
    for para in paragraphs:
        p = nows(para)
        if not p or p in outside:
            continue
        at = concat.find(p, cursor)
        if at < 0:
            continue
        found.update((at, at + len(p)))
        cursor = at + len(p)
    page.true_cuts, page.true_final = len(true), len(final)
    page.found_cuts, page.found_final = len(true & found), len(final & found)
    wrong = sorted(found - edge_set)
    page.wrong_cuts = len(wrong)
    # the wrong cuts that split a paragraph of the gold text (the others fall on a gold paragraph break
    # inside a block the scraper had glued already, or in text the gold leaves out)
    gold_text = "\n".join(nows(g) for g in (gold["body"] or "").split("\n\n"))
    page.split_gold = sum(1 for w in wrong if w >= 12 and concat[w - 12:w + 12] in gold_text)
    page.near_cuts = sum(1 for w in wrong if any(w + d in edge_set for d in (-2, -1, 1, 2)))
    page.missed = [f"{concat[max(0, e - 40):e]}‖{concat[e:e + 40]}" for e in sorted(true - found)][:20]
    page.wrong = [f"{concat[max(0, e - 40):e]}‖{concat[e:e + 40]}" for e in wrong][:20]


def score_page(gold: dict[str, Any], dump: str, record: dict[str, Any] | None, reject: str | None) -> Page:
    lines = dump_lines(dump)
    paragraphs = record["text"].split("\n\n") if record else []
    text = record["text"] if record else ""
    found, gold_has = leaks_of(text, paragraphs, gold)
    leaks = {k: bool(v) for k, v in found.items()}
    leaks["any"] = any(leaks.values())
    page = Page(
        id=gold["id"], source=gold["source"], glued=gold["glued"], reject=reject,
        body=tp_fp_fn(gold["body"], text), baseline=tp_fp_fn(gold["body"], "\n".join(lines)),
        blocks=tp_fp_fn(gold["body"], "\n\n".join(gold["blocks"])), leaks=leaks,
        leak_items={k: v for k, v in found.items() if v}, gold_has=gold_has,
        title=record["title"] if record else None, gold_title=gold["title"],
        date=record["date"] if record else None, gold_date=gold["published"],
        language=record.get("language") if record else None,
    )
    if gold["title"]:
        variants = title_variants(gold["title"])
        page.title_in_dump = any(title_variants(line) & variants for line in lines[:6])
        page.title_in_any_line = any(title_variants(html.unescape(line)) & variants for line in lines)
    boundaries(page, paragraphs, gold, lines)
    page.p, page.r, _ = prf([page.body])
    squeezed = squeeze(text)
    gold_paras = [g for g in (gold["body"] or "").split("\n\n") if g.strip()]
    page.dropped = [g for g in gold_paras if squeeze(g) not in squeezed][:20]
    return page


# --- running ---------------------------------------------------------------------------------

def load_gold(data: Path, ids: set[str] | None = None) -> list[dict[str, Any]]:
    golds = []
    with open(data / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            gold = json.loads(line)
            if ids is None or gold["id"] in ids:
                golds.append(gold)
    return golds


def clean_one(data: bytes, source: str, ctx: Context) -> tuple[dict[str, Any] | None, str | None]:
    doc = Document(source=source, id=Path(source).stem, raw=data)
    try:
        return run(doc, ctx).to_record(), None
    except Reject as rej:
        return None, rej.reason


def evaluate(data: Path = DATA, ids: set[str] | None = None, options: Options | None = None) -> list[Page]:
    ctx = Context.build(options or Options())
    pages = []
    for gold in load_gold(data, ids):
        path = data / "dumps" / f"{gold['id']}.txt"
        raw = path.read_bytes()
        record, reject = clean_one(raw, str(path), ctx)
        pages.append(score_page(gold, raw.decode("utf-8", errors="replace"), record, reject))
    return pages


def read_ids(path: Path) -> set[str]:
    """Page ids, one a line; ``#`` starts a comment."""
    return {line.split("#")[0].strip() for line in path.read_text().splitlines()} - {""}


def _share(pages: list[Page], pred: Any) -> float:
    return sum(1 for p in pages if pred(p)) / len(pages) if pages else 0.0


def _date_right(p: Page) -> bool:
    return bool(p.date and p.gold_date) and p.date[:len(p.gold_date or "")] == p.gold_date


def summary(pages: list[Page]) -> dict[str, Any]:
    """Every figure the issue names, for one group of pages."""
    records = [p for p in pages if p.reject is None]
    out: dict[str, Any] = {"pages": len(pages), "records": len(records),
                           "rejects": dict(Counter(p.reject for p in pages if p.reject))}
    for name in ("body", "baseline", "blocks"):
        pr, rc, f1 = prf(getattr(p, name) for p in pages)
        out[name] = {"p": round(pr, 4), "r": round(rc, 4), "f1": round(f1, 4)}
    out["leaks"] = {k: round(_share(records, lambda p, k=k: p.leaks[k]), 4) for k in LEAK_KINDS}
    out["leaks_clean_gold"] = {
        k: round(_share([p for p in records if not p.gold_has[k]], lambda p, k=k: p.leaks[k]), 4)
        for k in LEAK_PATTERNS
    }
    groups = (("glued", [p for p in pages if p.glued]), ("one_a_line", [p for p in pages if not p.glued]))
    for label, group in groups:
        true = sum(p.true_cuts for p in group)
        final = sum(p.true_final for p in group)
        out[f"boundaries_{label}"] = {
            "true": true,
            "recall": round(sum(p.found_cuts for p in group) / true, 4) if true else None,
            "recall_final": round(sum(p.found_final for p in group) / final, 4) if final else None,
            "wrong_per_100": round(100 * sum(p.wrong_cuts for p in group) / true, 2) if true else None,
            "near_edge_per_100": round(100 * sum(p.near_cuts for p in group) / true, 2) if true else None,
            "inside_gold_paragraph_per_100":
                round(100 * sum(p.split_gold for p in group) / true, 2) if true else None,
        }
    titled = [p for p in pages if p.gold_title]
    out["title"] = {
        "pages": len(titled),
        "exact": round(_share(titled, lambda p: p.title == p.gold_title), 4),
        "loose": round(_share(titled, lambda p: title_loose(p.title, p.gold_title or "")), 4),
        "missing": sum(1 for p in records if not p.title),
        "missing_with_title_line": sum(1 for p in records if not p.title and p.title_in_dump),
        # the best a choice among the dump's lines can score: right now, or a line holds the gold
        "loose_ceiling": round(_share(titled, lambda p: p.title_in_any_line
                                      or title_loose(p.title, p.gold_title or "")), 4),
    }
    dated = [p for p in pages if p.gold_date]
    if dated:
        out["date"] = {"pages": len(dated),
                       "right": round(_share(dated, _date_right), 4),
                       "missing": sum(1 for p in dated if not p.date)}
    out["language"] = {
        "with_value": round(_share(records, lambda p: p.language is not None), 4),
        "distribution": dict(Counter(p.language or "null" for p in records).most_common()),
    }
    return out


def report_lines(name: str, s: dict[str, Any]) -> list[str]:
    b, base, blk = s["body"], s["baseline"], s["blocks"]
    lines = [f"== {name}: {s['pages']} pages, {s['records']} records, rejects {s['rejects'] or 0}",
             f"body       P {b['p']:.3f}  R {b['r']:.3f}  F1 {b['f1']:.3f}   "
             f"(do-nothing F1 {base['f1']:.3f}, joined blocks F1 {blk['f1']:.3f})"]
    lk = s["leaks"]
    lines.append("leaks      " + "  ".join(f"{k} {lk[k]:.3f}" for k in LEAK_KINDS))
    lines.append("  on pages whose gold has none: "
                 + "  ".join(f"{k} {v:.3f}" for k, v in s["leaks_clean_gold"].items()))
    for label in ("glued", "one_a_line"):
        bd = s[f"boundaries_{label}"]
        if bd["true"]:
            lines.append(f"boundaries ({label}, {bd['true']} true): recall {bd['recall']:.3f}  "
                         f"after sentence-final {bd['recall_final']:.3f}  "
                         f"wrong cuts/100 {bd['wrong_per_100']:.2f} "
                         f"(of them next to an edge {bd['near_edge_per_100']:.2f}, "
                         f"inside a gold paragraph {bd['inside_gold_paragraph_per_100']:.2f})")
    t = s["title"]
    lines.append(f"title      exact {t['exact']:.3f}  loose {t['loose']:.3f}  ({t['pages']} with gold; "
                 f"records without title {t['missing']}, "
                 f"of them with a title line {t['missing_with_title_line']}; "
                 f"ceiling of a choice among the dump's lines {t['loose_ceiling']:.3f})")
    if "date" in s:
        d = s["date"]
        lines.append(f"date       right {d['right']:.3f} of {d['pages']} (missing {d['missing']})")
    lang = s["language"]
    top = ", ".join(f"{k} {v}" for k, v in list(lang["distribution"].items())[:12])
    lines.append(f"language   value on {lang['with_value']:.3f}: {top}")
    return lines


def error_line(p: Page) -> dict[str, Any]:
    return {"id": p.id, "source": p.source, "reject": p.reject, "p": round(p.p, 3), "r": round(p.r, 3),
            "leaks": p.leak_items, "dropped": p.dropped, "missed_cuts": p.missed, "wrong_cuts": p.wrong,
            "title": p.title, "gold_title": p.gold_title, "date": p.date, "gold_date": p.gold_date,
            "language": p.language}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="the realpages-dev folder")
    ap.add_argument("--ids", type=Path, help="score only the page ids listed in this file, one a line")
    ap.add_argument("--errors", type=Path, help="write each page's misses here as JSONL")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--skip", action="append", default=[], help="leave a pass out (as clean --skip)")
    args = ap.parse_args(argv)
    if not (args.data / "gold.jsonl").exists():
        print(f"no realpages-dev data at {args.data} (expected ../shared/data/realpages-dev)",
              file=sys.stderr)
        return 2
    ids = read_ids(args.ids) if args.ids else None
    start = time.process_time()
    pages = evaluate(args.data, ids, Options(skip=tuple(args.skip)))
    secs = time.process_time() - start
    figures = {src: summary([p for p in pages if p.source == src]) for src in SOURCES}
    figures["all"] = summary(pages)
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as fh:
            for p in pages:
                fh.write(json.dumps(error_line(p), ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for name, s in figures.items():
            print("\n".join(report_lines(name, s)))
        print(f"({len(pages)} pages cleaned in {secs:.1f} CPU-s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
