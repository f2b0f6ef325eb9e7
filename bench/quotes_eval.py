#!/usr/bin/env python3
"""Score ``newsclean.quotes.extract_quotes`` against PolNeAR (English) or the German WikiNews
quotation corpus, with the corpus language's pack.

Usage: ``python bench/quotes_eval.py [--corpus polnear|german] --split dev [--limit N] [--json]
[--errors FILE] [--profile FILE]``.

Definitions (kept here so the figures can be reproduced and argued with):

* PolNeAR: one annotator per article, the first one listed in ``metadata.tsv``.
* German (``--corpus german``): the corpus types map onto kinds as ``../shared/data/README.md``
  says. ``Direct`` is direct, except the quoted words the corpus also tags inside an Indirect or
  Reported statement (a ``Direct`` nested in one), which belong to that statement; ``Indirect``
  and ``Reported`` are mixed when a Direct lies inside them or some of their words are inside
  `„…“`, `»…«` or `"…"`, else indirect. ``FreeIndirect`` and ``IndirectFreeIndirect`` (speech with
  no frame in its sentence) are scored apart: found when predicted quotes of any kind cover half
  of their words; a prediction lying mostly inside one counts neither right nor wrong for its
  kind. Gold sources and cues in several pieces are joined by a space (`stellten … klar`).
* NYT articles write ``''`` for a double quote.  The text is normalised to
  ``"`` before extraction and predicted offsets are mapped back to the
  original text, so gold and predicted spans share one offset space.
* Gold kind is read from the text, not from the annotation: quotation marks are
  paired per paragraph (curly marks by direction, except that “ inside an open
  quote closes it, a frequent typo; straight marks by toggling);
  an attribution is ``direct`` when every word of its content is inside
  quotation marks, ``mixed`` when some are, ``indirect`` when none are.
* A predicted quote matches a gold attribution of the same kind when the
  predicted quotes of that kind overlapping the gold content cover at least
  50% of its word tokens (the union is used because a ``"…," he said. "…"``
  statement is one gold attribution with a discontinuous content but two
  predicted quotes).  A predicted quote is a true positive when at least half
  of its tokens lie in a matched gold content of its kind; otherwise it is a
  false positive.  Recall = matched gold / gold; precision = TP / predicted.
* Speaker accuracy (matched direct quotes, and all matched quotes): the
  predicted quote with the largest overlap is compared with the gold Source.
  Both are lower-cased and stripped of punctuation; correct when equal, or when
  the predicted head word (last word) is one of the gold source's words (gold
  sources include appositions: "Geoff Garin, a Democratic pollster").  A gold
  attribution without a source is correct only when the speaker is null.
  "Exact" accuracy counts only equal ones.
* Cue accuracy (matched quotes): same normalisation, but ``:`` and dashes (``― Name``
  signing a quote) are cues of their own, compared as written; correct when
  equal, or when the first word of the predicted cue is a word of the gold cue
  ("said" vs "said in a statement", "told Sputnik" vs "told").
* Speed: sentences are counted with a simple splitter (``[.!?]`` followed by
  space and an upper-case letter or quote, plus line breaks); only the calls to
  ``extract_quotes`` are timed, as CPU time of this single process (one
  core; CPU rather than wall time so that other load on the machine does not
  count), best of ``--repeat`` runs per article (default 3) to damp noise.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsclean.quotes import Pack, default_packs, extract_quotes  # noqa: E402

KINDS = ("direct", "mixed", "indirect")
_TOKEN_RE = regex.compile(r"[\p{L}\p{N}]+")
_MARK_RE = regex.compile(r"''|[\"“”«»„]|\n")
_SENT_RE = regex.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘'(]*[\p{Lu}\d])|\n+")
_T_LINE = regex.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = regex.compile(r"^(E\d+)\t(.*)$")


def load_split(data: Path, split: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Return (name, text, attributions) per article of ``split``; one annotator each."""
    first: dict[str, str] = {}
    with open(data / "metadata.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] == split:
                first[row["filename"]] = row["annotators"].split("|")[0]
    articles = []
    for path in sorted((data / split / "text").glob("*.txt")):
        name = path.stem
        text = path.read_text(encoding="utf-8")
        ann = data / split / "attributions" / f"{name}_{first[name]}.ann"
        spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        attrs = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            t = _T_LINE.match(line)
            if t:
                pairs = [tuple(map(int, p.split())) for p in t.group(3).split(";")]
                spans[t.group(1)] = (t.group(2), pairs)  # type: ignore[assignment]
                continue
            e = _E_LINE.match(line)
            if e:
                roles = dict(part.split(":", 1) for part in e.group(2).split() if ":" in part)
                content = spans.get(roles.get("Content", ""))
                if not content:
                    continue
                src, cue = spans.get(roles.get("Source", "")), spans.get(roles.get("Cue", ""))
                attrs.append(
                    {
                        "content": content[1],
                        "source": " ".join(text[a:b] for a, b in src[1]) if src else None,
                        "cue": " ".join(text[a:b] for a, b in cue[1]) if cue else None,
                    }
                )
        articles.append((name, text, attrs))
    return articles


def normalise(text: str) -> tuple[str, list[int]]:
    """Replace NYT ``''`` by ``"``; return the new text and new->original offsets (+1 sentinel)."""
    out: list[str] = []
    orig: list[int] = []
    i = 0
    for m in regex.finditer(r"''(?!')", text):
        out.append(text[i : m.start()])
        orig.extend(range(i, m.start()))
        out.append('"')
        orig.append(m.start())
        i = m.end()
    out.append(text[i:])
    orig.extend(range(i, len(text)))
    orig.append(len(text))
    return "".join(out), orig


def _pair_marks(text: str, marks: regex.Pattern[str], opens: Callable[[str, bool], bool]) -> bytearray:
    """1 for characters between an opening mark and the next mark that does not open, per paragraph
    (a line break closes nothing and ends the open quote); ``opens(mark, inside)`` is a language's rule."""
    mask = bytearray(len(text))
    inside, start = False, 0
    for m in marks.finditer(text):
        tok = m.group()
        if tok == "\n":
            inside = False
        elif opens(tok, inside):
            inside, start = True, m.end()
        elif inside:
            mask[start : m.start()] = b"\x01" * (m.start() - start)
            inside = False
    return mask


def _english_opens(tok: str, inside: bool) -> bool:
    if tok in ("“", "«", "„"):
        # An opening mark inside an open quote closes it (the common `“…,“` typo).
        return not inside or tok != "“"
    if tok in ("”", "»"):
        return False
    return not inside


def quoted_mask(text: str) -> bytearray:
    """1 for characters inside quotation marks, paired per paragraph (independent of the extractor)."""
    return _pair_marks(text, _MARK_RE, _english_opens)


def tokens(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Start offsets of the word tokens that begin inside ``spans``."""
    return {m.start() for a, b in spans for m in _TOKEN_RE.finditer(text, a, b)}


def gold_kind(mask: bytearray, toks: set[int]) -> str:
    """direct / mixed / indirect from how many content words are inside marks."""
    inside = sum(1 for t in toks if mask[t])
    if inside == len(toks):
        return "direct"
    return "mixed" if inside else "indirect"


def _norm(s: str | None) -> list[str]:
    return [w.lower() for w in _TOKEN_RE.findall(s)] if s else []


def speaker_exact(pred: str | None, gold: str | None) -> bool:
    """Normalised exact match (a gold source with an apposition needs it all)."""
    if gold is None:
        return pred is None
    return bool(pred) and _norm(pred) == _norm(gold)


def speaker_ok(pred: str | None, gold: str | None) -> bool:
    """Normalised exact or head-word match (see module docstring)."""
    if gold is None:
        return pred is None
    p, g = _norm(pred), _norm(gold)
    return bool(p) and (p == g or p[-1] in g)


_PUNCT_CUES = (":", "-", "–", "—", "―", "--")


def cue_ok(pred: str | None, gold: str | None) -> bool:
    """Normalised exact or first-word match; ':' is compared literally."""
    if gold is None:
        return pred is None
    if pred is None:
        return False
    if gold.strip() in _PUNCT_CUES or pred.strip() in _PUNCT_CUES:
        return pred.strip() == gold.strip()
    p, g = _norm(pred), _norm(gold)
    return bool(p) and (p == g or p[0] in g)


# Verbs of saying, for telling apart the cue misses a better choice among such verbs could mend.
_SAYING = default_packs().choose("en").wordset("inverting_verbs") | {
    "say", "tell", "add", "note", "write", "ask", "explain", "argue", "claim", "report", "announce",
    "state", "warn", "insist", "reply", "respond", "according",
}


def cue_misses(errors: list[dict[str, Any]], matched: int) -> dict[str, Any]:
    """Sort the cue misses among ``errors`` (of ``matched`` matched quotes): how many have a verb of
    saying as gold cue, with the accuracy if all of those were right; how many are attributions
    nested in one another (our speaker inside the gold content, or the gold source inside our
    quote); how many are annotation slips (a gold cue without a lower-case letter, such as a name,
    or a gold source `said`)."""
    misses = [e for e in errors if e["miss"] == "speaker/cue" and not cue_ok(e["cue"], e["gold_cue"])]
    saying = nested = slips = 0
    for e in misses:
        gold_cue, source = e["gold_cue"] or "", (e["gold_source"] or "")
        if not any(c.islower() for c in gold_cue) or source.lower() in ("said", "says"):
            slips += 1
            continue
        saying += any(w in _SAYING for w in _norm(gold_cue))
        content = e["gold"].replace(" … ", " ")
        nested += bool((e["speaker"] and e["speaker"] in content) or (source and source in e["pred"]))
    return {"misses": len(misses), "gold_cue_saying": saying,
            "accuracy_if_saying_right": round(1 - (len(misses) - saying) / max(1, matched), 4),
            "nested": nested, "slips": slips}


def _spans_text(text: str, spans: list[tuple[int, int]]) -> str:
    return " … ".join(text[a:b] for a, b in spans)


def sentence_count(text: str) -> int:
    return len(_SENT_RE.findall(text.strip())) + 1 if text.strip() else 0


def load_german(data: Path, split: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Return (name, text, attributions) per article of the German WikiNews quotation corpus.

    Each attribution carries its ``kind`` (read from the corpus type, see the module docstring) or
    ``apart`` for the types with no frame in their sentence (FreeIndirect, IndirectFreeIndirect).
    """
    articles = []
    for path in sorted((data / split).glob("*.json"), key=lambda p: (len(p.stem), p.stem)):
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = doc["originalText"]
        anns = doc["annotations"]


        contents = [_spans(a["quote"]) for a in anns]
        outer = [(min(a for a, _ in c), max(b for _, b in c)) if c else (0, 0) for c in contents]
        mask = german_quoted_mask(text)
        attrs = []
        for i, a in enumerate(anns):
            content = contents[i]
            if not content:
                continue
            s, e = outer[i]
            # the statement a nested annotation lies in (the longest one around it)
            parents = [j for j, (ps, pe) in enumerate(outer) if j != i and ps <= s and e <= pe
                       and (ps, pe) != (s, e)]
            kind: str | None
            if a["type"] in _APART:
                kind = None
            elif a["type"] == "Direct":
                if a.get("isNested") and any(anns[j]["type"] != "Direct" for j in parents):
                    continue  # the quoted words of a mixed (or free indirect) statement
                kind = "direct"
            else:
                toks = tokens(text, content)
                nested_direct = any(anns[j]["type"] == "Direct" and outer[j][0] >= s and outer[j][1] <= e
                                    for j in range(len(anns)) if j != i)
                kind = "mixed" if nested_direct or any(mask[t] for t in toks) else "indirect"
            attrs.append({"content": content, "source": _part_text(text, a.get("speaker")),
                          "cue": _part_text(text, a.get("cue")), "kind": kind, "type": a["type"]})
        articles.append((path.stem, text, attrs))
    return articles


def _spans(part: dict[str, Any] | None) -> list[tuple[int, int]]:
    """The character spans of one annotated part (quote, speaker, cue)."""
    return [(s["charBegin"], s["charEnd"]) for s in (part or {}).get("spans", [])]


def _part_text(text: str, part: dict[str, Any] | None) -> str | None:
    """The words of an annotated part as written (its pieces joined by a space), None when empty."""
    return " ".join(text[a:b] for a, b in _spans(part)) or None


LANGUAGES = {"polnear": "en", "german": "de"}
CORPORA = {"polnear": "polnear", "german": "german-quotes"}
TITLES = {"polnear": "PolNeAR", "german": "German WikiNews quotes"}
_APART = frozenset({"FreeIndirect", "IndirectFreeIndirect"})
_GERMAN_MARK_RE = regex.compile(r"[\"“”„»«]|\n")


def german_quoted_mask(text: str) -> bytearray:
    """1 for characters inside quotation marks of German text (`„…“`, `»…«`, `"…"`), paired per
    paragraph by toggling (a closing `”` never opens), independent of the extractor."""
    return _pair_marks(text, _GERMAN_MARK_RE, lambda tok, inside: not inside and tok != "”")


def evaluate(data: Path, split: str, limit: int | None = None, repeat: int = 3,
             errors: list[dict[str, Any]] | None = None,
             pack: Pack | None = None, corpus: str = "polnear") -> dict[str, Any]:
    """Run extraction on the split and compute the figures described above.

    ``errors``, when given, collects each unmatched gold attribution, each false positive and each
    speaker or cue miss, so the misses can be read rather than guessed at. ``pack``: the language
    pack to extract with (default: the corpus's language, as shipped).
    """
    articles = load_german(data, split) if corpus == "german" else load_split(data, split)
    if pack is None:
        pack = default_packs().choose(LANGUAGES[corpus])
    pack.grammar.compile()  # patterns compile on first use: not part of the extraction time
    if limit:
        articles = articles[:limit]
    counts = {k: {"gold": 0, "pred": 0, "tp_pred": 0, "matched_gold": 0} for k in KINDS}
    spk = {"direct": [0, 0, 0], "all": [0, 0, 0]}  # right (head word), right (exact), matched
    cue = {k: [0, 0] for k in (*KINDS, "all")}
    apart = {"gold": 0, "found": 0, "pred_on": 0}
    elapsed, sentences = 0.0, 0
    for name, text, attrs in articles:
        norm, orig = normalise(text) if corpus == "polnear" else (text, list(range(len(text) + 1)))
        sentences += sentence_count(norm)
        runs = []
        for _ in range(repeat):
            t0 = time.process_time()
            preds = extract_quotes(norm, pack)
            runs.append(time.process_time() - t0)
        elapsed += min(runs)
        nmask = bytearray(len(text))
        if corpus == "polnear":
            mask = quoted_mask(norm)
            for j, o in enumerate(orig[:-1]):
                nmask[o] = mask[j]
                if norm[j] == '"' and text[o : o + 2] == "''":
                    nmask[o + 1] = mask[j]
        ptoks = []
        for p in preds:
            a, b = orig[p["start"]], orig[p["end"]]
            ptoks.append(tokens(text, [(a, b)]))
        golds = []
        apart_toks = []
        for g in attrs:
            gt = tokens(text, g["content"])
            if not gt:
                continue
            if g.get("type") in _APART:
                apart_toks.append(gt)
                continue
            golds.append((g, gt, g.get("kind") or gold_kind(nmask, gt)))
        # Free indirect speech (no frame in its sentence) is reported apart: found when predicted
        # quotes of any kind cover half its words; a prediction lying mostly inside one is left out
        # of the precision of its kind.
        on_apart: set[int] = set()
        for gt in apart_toks:
            apart["gold"] += 1
            over = [i for i, pt in enumerate(ptoks) if pt & gt]
            covered = set().union(*(ptoks[i] & gt for i in over)) if over else set()
            apart["found"] += len(covered) * 2 >= len(gt)
            on_apart.update(i for i in over if len(ptoks[i] & gt) * 2 >= len(ptoks[i]))
        apart["pred_on"] += len(on_apart)
        for kind in KINDS:
            kp = [i for i, p in enumerate(preds) if p["kind"] == kind and ptoks[i]]
            kg = [x for x in golds if x[2] == kind]
            counts[kind]["gold"] += len(kg)
            matched_sets = []
            for g, gt, _k in kg:
                over = [(len(ptoks[i] & gt), i) for i in kp if ptoks[i] & gt]
                covered = set().union(*(ptoks[i] & gt for _n, i in over)) if over else set()
                if len(covered) * 2 >= len(gt):
                    counts[kind]["matched_gold"] += 1
                    matched_sets.append(gt)
                    best = preds[max(over)[1]]
                    ok_s = speaker_ok(best["speaker"], g["source"])
                    ok_x = speaker_exact(best["speaker"], g["source"])
                    ok_c = cue_ok(best["cue"], g["cue"])
                    if errors is not None and not (ok_s and ok_c):
                        errors.append({"article": name, "kind": kind, "miss": "speaker/cue",
                                       "gold_source": g["source"], "gold_cue": g["cue"],
                                       "speaker": best["speaker"], "cue": best["cue"],
                                       "gold": _spans_text(text, g["content"]), "pred": best["text"]})
                    for key in (kind, "all"):
                        if key in spk:
                            spk[key][0] += ok_s
                            spk[key][1] += ok_x
                            spk[key][2] += 1
                        cue[key][0] += ok_c
                        cue[key][1] += 1
                elif errors is not None:
                    errors.append({"article": name, "kind": kind, "miss": "not found",
                                   "gold_source": g["source"], "gold_cue": g["cue"],
                                   "gold": _spans_text(text, g["content"]),
                                   "pred": [preds[i]["text"] for _n, i in over]})
            for i in kp:
                if any(len(ptoks[i] & gt) * 2 >= len(ptoks[i]) for gt in matched_sets):
                    counts[kind]["tp_pred"] += 1
                    counts[kind]["pred"] += 1
                elif i in on_apart:
                    continue  # speech the corpus scores apart: neither right nor wrong here
                else:
                    counts[kind]["pred"] += 1
                    if errors is not None:
                        errors.append({"article": name, "kind": kind, "miss": "false positive",
                                       "speaker": preds[i]["speaker"], "cue": preds[i]["cue"],
                                       "pred": preds[i]["text"]})
    result: dict[str, Any] = {"corpus": corpus, "split": split, "articles": len(articles)}
    for kind, c in counts.items():
        p = c["tp_pred"] / c["pred"] if c["pred"] else 0.0
        r = c["matched_gold"] / c["gold"] if c["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        result[kind] = {**c, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    result["speaker_accuracy_direct"] = round(spk["direct"][0] / max(1, spk["direct"][2]), 4)
    result["speaker_accuracy_all"] = round(spk["all"][0] / max(1, spk["all"][2]), 4)
    result["speaker_exact_direct"] = round(spk["direct"][1] / max(1, spk["direct"][2]), 4)
    result["speaker_exact_all"] = round(spk["all"][1] / max(1, spk["all"][2]), 4)
    for key, (ok, n) in cue.items():
        result[f"cue_accuracy_{key}"] = round(ok / max(1, n), 4)
    result["cue_matched_all"] = cue["all"][1]
    if corpus == "german":
        result["free_indirect"] = {**apart, "recall": round(apart["found"] / max(1, apart["gold"]), 4)}
    result["sentences"] = sentences
    result["extract_seconds"] = round(elapsed, 4)
    result["sentences_per_second"] = round(sentences / elapsed) if elapsed else None
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("polnear", "german"), default="polnear",
                    help="PolNeAR (English) or the German WikiNews quotation corpus")
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument(
        "--data",
        type=Path,
        default=None,
        help="the corpus folder (default: ../shared/data/polnear or ../shared/data/german-quotes "
             "relative to the repo root)",
    )
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (sorted by name)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per article (best is kept)")
    ap.add_argument("--errors", type=Path, default=None,
                    help="write each miss (unmatched gold, false positive, wrong speaker/cue) as JSONL")
    ap.add_argument("--profile", action="append", default=[],
                    help="a profile file whose quote words (`quote_packs`…) extend the packs, as with "
                         "`newsclean clean --profile` (repeatable)")
    args = ap.parse_args(argv)
    data = args.data or REPO / ".." / "shared" / "data" / CORPORA[args.corpus]
    marker = "metadata.tsv" if args.corpus == "polnear" else "DATASET-README.md"
    if not (data / marker).exists():
        print(f"{args.corpus} data not found at {data}", file=sys.stderr)
        return 2
    from newsclean.passes.quotes import quote_packs
    from newsclean.profile import load_profile

    pack = quote_packs(load_profile(tuple(args.profile))).choose(LANGUAGES[args.corpus])
    errors: list[dict[str, Any]] = []
    res = evaluate(data.resolve(), args.split, args.limit, max(1, args.repeat), errors, pack,
                   corpus=args.corpus)
    res["cue_misses"] = cue_misses(errors, res["cue_matched_all"])
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"{TITLES[res['corpus']]} {res['split']}: {res['articles']} articles")
    print(f"{'kind':<9}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for kind in KINDS:
        r = res[kind]
        print(
            f"{kind:<9}{r['gold']:>6}{r['pred']:>6}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
        )
    print(
        f"speaker accuracy (matched direct): {res['speaker_accuracy_direct']:.3f}"
        f"   (all matched: {res['speaker_accuracy_all']:.3f}); exact: direct "
        f"{res['speaker_exact_direct']:.3f}, all {res['speaker_exact_all']:.3f}"
    )
    print(
        "cue accuracy (matched): all {:.3f}  direct {:.3f}  mixed {:.3f}  indirect {:.3f}".format(
            res["cue_accuracy_all"],
            res["cue_accuracy_direct"],
            res["cue_accuracy_mixed"],
            res["cue_accuracy_indirect"],
        )
    )
    if "free_indirect" in res:
        fi = res["free_indirect"]
        print(f"free indirect speech (scored apart): gold {fi['gold']}, found {fi['found']} "
              f"(recall {fi['recall']:.3f}); predictions lying on it, left out above: {fi['pred_on']}")
    cm = res["cue_misses"]
    if res["corpus"] == "polnear":  # (the sorting of the misses knows English verbs of saying)
        print(f"cue misses: {cm['misses']}; gold cue a verb of saying: {cm['gold_cue_saying']} (all of "
              f"them right would give {cm['accuracy_if_saying_right']:.3f}); nested in one another: "
              f"{cm['nested']}; annotation slips: {cm['slips']}")
    print(
        f"speed: {res['sentences']} sentences in {res['extract_seconds']:.3f} s = "
        f"{res['sentences_per_second']:,} sentences/s (one core, extraction only)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
