"""Are the quotes the same? Extracts the quotes of every article of the quote corpora with one
version of the code, to compare with another: a speed change must leave every quote identical.

    python bench/quotes_check.py --write before.json                   # this checkout
    python bench/quotes_check.py --code /tmp/old --write before.json   # another checkout's newsclean/
    python bench/quotes_check.py --compare before.json                 # differences, exit 1 if any

The sets: PolNeAR dev and train (text normalised as ``quotes_eval.py`` does: ``''`` -> ``"``, with
the English pack), german-quotes dev and train (German pack), and the samples' clean texts with
the pack the quotes pass chooses. Each article's quotes are kept whole (a few MB), so ``--compare``
shows the first quotes that differ, not only that some do. Whole records (the bench corpus, the
samples, PolNeAR dev) are ``records_check.py``'s job.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def _eval_module():  # quotes_eval.py is a script: load it by path for its readers
    spec = importlib.util.spec_from_file_location("quotes_eval", ROOT / "bench" / "quotes_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def collect(sets: list[str]) -> dict[str, dict[str, Any]]:
    """``set -> article -> quotes`` for the corpora present."""
    from newsclean.quotes import default_packs, extract_quotes

    qe = _eval_module()
    out: dict[str, dict[str, Any]] = {}
    for name in sets:
        corpus, split = name.split("-")
        if corpus == "samples":
            out[name] = _samples()
            continue
        folder = DATA / ("polnear" if corpus == "polnear" else "german-quotes")
        if not folder.is_dir():
            print(f"{name}: no data at {folder}, left out", file=sys.stderr)
            continue
        if corpus == "polnear":
            articles = qe.load_split(folder, split)
            pack = default_packs().choose("en")
        else:
            articles = qe.load_german(folder, split)
            pack = default_packs().choose("de")
        found = {}
        for article, text, _gold in articles:
            norm = qe.normalise(text)[0] if corpus == "polnear" else text
            found[article] = extract_quotes(norm, pack)
        out[name] = found
    return out


def _samples() -> dict[str, Any]:
    """The quotes of each sample's record, cleaned as ``newsclean clean`` does."""
    from newsclean.context import Context, Options
    from newsclean.runner import process

    ctx = Context.build(Options())
    found = {}
    for path in sorted((ROOT / "samples").glob("*.txt")):
        outcome = process((str(path), None), ctx)
        found[path.name] = orjson.loads(outcome.line)["quotes"] if outcome.line else None
    return found


def _digest(quotes: Any) -> str:
    return hashlib.blake2b(orjson.dumps(quotes), digest_size=12).hexdigest()


def compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> int:
    """Print, per set, how many articles keep identical quotes; returns the number that differ."""
    changed = 0
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name, {}), new.get(name, {})
        differ = sorted(k for k in a.keys() | b.keys() if _digest(a.get(k)) != _digest(b.get(k)))
        quotes = sum(len(q or ()) for q in a.values())
        print(f"{name}: {len(a)} articles ({quotes} quotes before), {len(a) - len(differ)} identical, "
              f"{len(differ)} different")
        for k in differ[:10]:
            before = {orjson.dumps(q) for q in a.get(k) or ()}
            after = {orjson.dumps(q) for q in b.get(k) or ()}
            print(f"  {k}: -{len(before - after)} +{len(after - before)}")
            for q in sorted(before - after)[:3]:
                print(f"    - {q.decode()[:300]}")
            for q in sorted(after - before)[:3]:
                print(f"    + {q.decode()[:300]}")
        changed += len(differ)
    return changed


SETS = ("polnear-dev", "polnear-train", "german-dev", "german-train", "samples-all")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", type=Path, help="import newsclean from this checkout instead of this one")
    ap.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS), help="the sets to extract")
    ap.add_argument("--write", type=Path, help="write the quotes to this JSON file")
    ap.add_argument("--compare", type=Path, help="compare with quotes written by --write")
    args = ap.parse_args()
    sys.path.insert(0, str((args.code or ROOT).resolve()))
    import newsclean

    print(f"newsclean from {Path(newsclean.__file__).parent}", file=sys.stderr)
    found = collect(args.sets)
    if args.write:
        args.write.write_bytes(orjson.dumps(found))
    if args.compare:
        old = {k: v for k, v in orjson.loads(args.compare.read_bytes()).items() if k in found}
        raise SystemExit(1 if compare(old, found) else 0)


if __name__ == "__main__":
    main()
