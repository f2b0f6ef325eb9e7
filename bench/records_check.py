"""Are the records the same? Hashes every record (or reject) of a fixed input set, to compare two versions
of the code: a speed change must leave every record byte-identical.

    python bench/records_check.py --write before.json                   # this checkout
    python bench/records_check.py --code /tmp/old --write before.json   # another checkout's newsclean/
    python bench/records_check.py --compare before.json                 # differences, exit 1 if any

The inputs: the bench corpus (``bench.py``'s, ``--n`` documents, same seed), ``samples/`` and, when
present, PolNeAR dev (``../shared/data/polnear/dev/text``). Sources are relative paths, so the records do
not depend on where the corpus was built. Each record is hashed twice: its exact JSONL line, and the
line without the fields a schema bump may add on purpose (``schema``, and ``stats.replaced`` when it is
0), so ``--compare`` also says whether a change is only that bump (``--loose``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def _bench_module():  # bench.py is a script, not a package: load it by path
    spec = importlib.util.spec_from_file_location("bench", ROOT / "bench" / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def _loose(line: bytes) -> bytes:
    record = orjson.loads(line)
    record.pop("schema", None)
    if record.get("stats", {}).get("replaced") == 0:
        del record["stats"]["replaced"]
    return orjson.dumps(record)


def hash_set(base: Path, paths: list[str]) -> dict[str, list[str]]:
    """``source -> [exact hash, loose hash]`` of each input's record, or ``[reject:reason]``."""
    from newsclean.context import Context, Options
    from newsclean.runner import process

    ctx = Context.build(Options())
    out: dict[str, list[str]] = {}
    with _cwd(base):
        for path in paths:
            outcome = process((path, None), ctx)
            if outcome.line is None:
                out[path] = [f"reject:{outcome.reason}"]
            else:
                out[path] = [_digest(outcome.line), _digest(_loose(outcome.line))]
    return out


def collect(n: int) -> dict[str, dict[str, list[str]]]:
    sets: dict[str, dict[str, list[str]]] = {}
    work = Path(tempfile.mkdtemp(prefix="newsclean-records-"))
    try:
        _bench_module().build_corpus(n, work / "corpus")
        corpus = sorted(str(p.relative_to(work)) for p in (work / "corpus").rglob("*.txt"))
        sets["bench corpus"] = hash_set(work, corpus)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sets["samples"] = hash_set(ROOT, sorted(f"samples/{p.name}" for p in (ROOT / "samples").glob("*.txt")))
    if POLNEAR.is_dir():
        sets["PolNeAR dev"] = hash_set(POLNEAR, sorted(p.name for p in POLNEAR.glob("*.txt")))
    return sets


def compare(old: dict[str, dict[str, list[str]]], new: dict[str, dict[str, list[str]]]) -> int:
    changed = 0
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name, {}), new.get(name, {})
        exact = sum(1 for k in a if b.get(k) == a[k])
        loose = sum(1 for k in a if k in b and b[k][-1] == a[k][-1])
        differ = sorted(k for k in a.keys() | b.keys() if a.get(k, [""])[-1] != b.get(k, [""])[-1])
        print(f"{name}: {len(a)} inputs, {exact} byte-identical, {loose} identical but for the schema "
              f"bump, {len(differ)} different")
        for k in differ[:20]:
            print(f"  differs: {k}")
        changed += len(differ)
    return changed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="documents in the bench corpus")
    ap.add_argument("--code", type=Path, help="import newsclean from this checkout instead of this one")
    ap.add_argument("--write", type=Path, help="write the hashes to this JSON file")
    ap.add_argument("--compare", type=Path, help="compare with hashes written by --write")
    args = ap.parse_args()
    sys.path.insert(0, str((args.code or ROOT).resolve()))
    sets = collect(args.n)
    import newsclean

    print(f"newsclean from {Path(newsclean.__file__).parent}", file=sys.stderr)
    if args.write:
        args.write.write_bytes(orjson.dumps(sets))
    if args.compare:
        raise SystemExit(1 if compare(orjson.loads(args.compare.read_bytes()), sets) else 0)


if __name__ == "__main__":
    main()
