"""Encoding detection: accuracy and CPU time of newsclean's decoder and of the alternatives, on the
encoding test set (``tests/encoding_cases.py``: 26 dumps written for it in 24 languages, in the legacy
encodings their pages use, cut short too, plus UTF-8 dumps with stray bytes).

    python bench/encoding_eval.py            # every detector that is installed
    python bench/encoding_eval.py --misses   # and which cases each one gets wrong

A case is right when the decoded text equals the text the bytes stand for (two codecs that decode the
bytes alike are both right). Every detector gets the same BOM and strict-UTF-8 steps first, so the
figures compare what happens to the dumps that are not UTF-8. Detectors:

- ``newsclean``: ``newsclean.passes.decode.to_text`` with the default profile's encodings;
- ``charset-normalizer``: what newsclean did before (its ``from_bytes`` over the same candidates, cp1252
  when it finds nothing), when ``charset-normalizer`` is installed;
- ``chardetng``, ``cchardet``, ``chardet``: the libraries alone, when installed;
- ``trial decode``: each candidate decoded strictly, the one with the fewest oddities kept (newsclean's
  byte-table score for sibling codecs, on every single-byte candidate): the do-it-yourself option;
- ``per-domain reuse``: not a detector but its shortcut: for every language with two encodings, is a
  guess reused from the other one (same site, other encoding) caught by the oddity check? Printed as
  how many wrong reuses the check lets through.
CPU time is per case, best of ``--repeat``, on a machine that may be shared: compare within one run.
"""

from __future__ import annotations

import argparse
import codecs
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsclean.profile import load_profile  # noqa: E402
from tests.encoding_cases import ENCODINGS, damaged_cases, legacy_cases, text_of  # noqa: E402

decode_module = importlib.import_module("newsclean.passes.decode")
CANDIDATES = load_profile(()).encodings
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
Detector = Callable[[bytes], tuple[str, str]]


def _wrapped(guess: Callable[[bytes], str | None]) -> Detector:
    """A bare detector behind the same BOM and UTF-8 steps newsclean had, cp1252 when it has no answer."""

    def run(data: bytes) -> tuple[str, str]:
        for bom, encoding in BOMS:
            if data.startswith(bom):
                return data[len(bom):].decode(encoding, errors="replace"), encoding
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        encoding = guess(data) or "cp1252"
        try:
            return data.decode(encoding, errors="replace"), encoding
        except LookupError:
            return data.decode("cp1252", errors="replace"), f"{encoding}?"

    return run


def _trial(data: bytes) -> str | None:
    best, best_score = None, None
    for name in CANDIDATES:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        single = len(text) == len(data)
        score = decode_module._oddities(data, name) if single else 0
        if best_score is None or score < best_score:
            best, best_score = name, score
    return best


def detectors() -> dict[str, Detector]:
    found: dict[str, Detector] = {"newsclean": lambda data: decode_module.to_text(data, CANDIDATES)[:2]}
    try:
        from charset_normalizer import from_bytes

        def normalizer(data: bytes) -> str | None:
            best = from_bytes(data[:65536], cp_isolation=list(CANDIDATES)).best()
            return best.encoding if best is not None else None

        found["charset-normalizer (before)"] = _wrapped(normalizer)
    except ImportError:
        print("charset-normalizer not installed: no 'before' figures", file=sys.stderr)
    try:
        import chardetng_py

        found["chardetng alone"] = _wrapped(lambda data: chardetng_py.detect(data))
    except ImportError:
        print("chardetng-py not installed", file=sys.stderr)
    for module in ("cchardet", "chardet"):
        try:
            lib = importlib.import_module(module)
        except ImportError:
            print(f"{module} not installed (pip install {module})", file=sys.stderr)
            continue
        version = getattr(lib, "__version__", "?")
        found[f"{module} {version}"] = _wrapped(lambda data, lib=lib: lib.detect(data)["encoding"])
    found["trial decode"] = _wrapped(_trial)
    return found


def reuse_check() -> tuple[int, int, list[str]]:
    """Wrong reuses the oddity check lets through: a site's earlier guess (the language's other
    encoding) applied to a dump in this one, accepted when it reads it strictly with no more oddities
    than ``len / 200``."""
    tried, accepted, names = 0, 0, []
    for lang, encodings in ENCODINGS.items():
        single = [e for e in encodings if not e.startswith("utf") and len("a".encode(e)) == 1
                  and len(text_of(lang)[:200].encode(e, errors="replace")) == 200]
        for cached in single:
            for actual in single:
                if cached == actual:
                    continue
                data = text_of(lang).encode(actual, errors="replace")
                if data.decode(cached, errors="replace") == data.decode(actual, errors="replace"):
                    continue
                tried += 1
                try:
                    data.decode(cached)
                except UnicodeDecodeError:
                    continue
                if decode_module._oddities(data, cached) <= len(data) / 200:
                    accepted += 1
                    names.append(f"{lang}: {actual} read as {cached}")
    return tried, accepted, names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--misses", action="store_true", help="list the cases each detector gets wrong")
    args = ap.parse_args()
    groups = {"full": legacy_cases(), "short": legacy_cases(cut=True), "stray bytes": damaged_cases()}
    total = sum(len(cases) for cases in groups.values())
    print(f"{total} cases: {len(groups['full'])} dumps in a legacy encoding or UTF-16/32 with a BOM, "
          "the same "
          f"cut to headline + first sentence, {len(groups['stray bytes'])} UTF-8 dumps with stray bytes")
    print(f"{'detector':<28} {'full':>7} {'short':>7} {'stray':>7} {'all':>8} {'us/case':>8}")
    for name, detect in detectors().items():
        right, misses, secs = {}, [], float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            for cases in groups.values():
                for _case, data, _expected in cases:
                    detect(data)
            secs = min(secs, time.process_time() - start)
        for group, cases in groups.items():
            right[group] = 0
            for case, data, expected in cases:
                text, encoding = detect(data)
                if text == expected:
                    right[group] += 1
                else:
                    misses.append(f"{case} -> {encoding}")
        cells = [f"{right[g]}/{len(c)}" for g, c in groups.items()]
        print(f"{name:<28} {cells[0]:>7} {cells[1]:>7} {cells[2]:>7} {sum(right.values()):>4}/{total} "
              f"{secs / total * 1e6:>8.0f}")
        if args.misses and misses:
            print("    misses: " + ", ".join(misses))
    tried, accepted, names = reuse_check()
    print(f"per-domain reuse: a guess reused from the same language's other encoding passes the oddity check "
          f"in {accepted} of {tried} cases" + (f" ({'; '.join(names)})" if names else ""))


if __name__ == "__main__":
    main()
