"""The compiled-pattern cache (issue 13, start-up): patterns load from disk instead of being
parsed again, give the same matches, and a bad cache never breaks a run nor runs planted code."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import regex

from newsclean import pattern_cache
from newsclean.quotes import default_packs, extract_quotes
from newsclean.quotes.grammar import Grammar

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
# a frame pattern of the English pack: a speaker phrase, a speech verb, groups, lookarounds
TEXT = ('"We will not back down," Sen. Maria Ortega told reporters on Tuesday. '
        "The ministry said in a statement that talks would resume.")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(pattern_cache.ENV, str(tmp_path / "cache"))
    pattern_cache.folder.cache_clear()
    yield tmp_path / "cache"
    pattern_cache.folder.cache_clear()


def _files(where: Path) -> list[Path]:
    return sorted(p for p in where.rglob("*") if p.is_file())


def _english_pattern() -> str:
    return Grammar(default_packs().choose("en")).post_quote_re.pattern


def _no_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("compiled although the cache holds the pattern")

    monkeypatch.setattr(pattern_cache.regex, "compile", refuse)


def test_a_pattern_is_compiled_once_then_loaded_and_matches_the_same(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _english_pattern()
    first = pattern_cache.compile_cached(source, regex.X)
    (stored,) = _files(cache_dir)
    assert stored.parent.name.startswith(f"patterns-regex{regex.__version__}-")
    _no_compile(monkeypatch)
    loaded = pattern_cache.compile_cached(source, regex.X)
    assert loaded is not first and loaded.pattern == source
    at = TEXT.index('," ') + 2  # (after the closing mark)
    m1, m2 = first.match(TEXT, at), loaded.match(TEXT, at)
    assert m1 is not None and m2 is not None
    assert m1.span() == m2.span() and m1.groupdict() == m2.groupdict()
    assert m2.group("spk") == "Sen. Maria Ortega" and m2.group("cue") == "told"


def test_flags_and_syntax_version_are_part_of_the_key(cache_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pattern_cache.compile_cached("abc")
    pattern_cache.compile_cached("abc", regex.I)
    assert len(_files(cache_dir)) == 2
    monkeypatch.setattr(regex, "DEFAULT_VERSION", regex.VERSION1)  # (`[[:alpha:]--a]` means other things)
    assert pattern_cache.load("abc", 0) is None
    pattern_cache.compile_cached("abc")
    assert len(_files(cache_dir)) == 3
    monkeypatch.undo()
    assert pattern_cache.compile_cached("abc", regex.I).match("ABC")
    assert not pattern_cache.compile_cached("abc").match("ABC")


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_a_damaged_file_is_compiled_again_and_replaced(cache_dir: Path, damage: str) -> None:
    pattern_cache.compile_cached(r"\p{Lu}\w+ said")
    (stored,) = _files(cache_dir)
    data = stored.read_bytes()
    stored.write_bytes({"truncate": data[: len(data) // 2], "empty": b"",
                        "flip": data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:]}[damage])
    assert pattern_cache.load(r"\p{Lu}\w+ said", 0) is None
    again = pattern_cache.compile_cached(r"\p{Lu}\w+ said")
    assert again.search("then Obama said").group() == "Obama said"
    assert stored.read_bytes() == data  # (rewritten whole)


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, ("touch planted-was-run",)


def test_a_planted_pickle_is_never_run(cache_dir: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    pattern_cache.compile_cached("x+")
    (stored,) = _files(cache_dir)
    body = pickle.dumps(_Planted())
    stored.write_bytes(hashlib.blake2b(body, digest_size=16).digest() + body)  # a valid digest
    assert pattern_cache.load("x+", 0) is None
    assert pattern_cache.compile_cached("x+").match("xx")
    assert not (tmp_path / "planted-was-run").exists()


def test_another_pattern_under_the_key_is_refused(cache_dir: Path) -> None:
    pattern_cache.compile_cached("a+")
    pattern_cache.compile_cached("b+")
    a, b = _files(cache_dir)
    b.write_bytes(a.read_bytes())  # a file that holds another pattern than its name says
    loaded = [pattern_cache.load(p, 0) for p in ("a+", "b+")]
    assert [p.pattern if p else None for p in loaded].count(None) == 1


def test_no_cache_when_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pattern_cache.ENV, "off")
    pattern_cache.folder.cache_clear()
    try:
        assert pattern_cache.folder() is None
        assert pattern_cache.compile_cached("off+").match("ofoff") is None
        assert pattern_cache.compile_cached("of+").match("offf").group() == "offf"
    finally:
        pattern_cache.folder.cache_clear()


def test_the_default_folder_is_under_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pattern_cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    pattern_cache.folder.cache_clear()
    try:
        where = pattern_cache.folder()
        assert where is not None and where.parent == tmp_path / "xdg" / "newsclean"
    finally:
        pattern_cache.folder.cache_clear()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unwritable_folder_means_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setenv(pattern_cache.ENV, str(locked / "cache"))
    pattern_cache.folder.cache_clear()
    locked.chmod(0o500)
    try:
        assert pattern_cache.compile_cached("lock+").match("lockk")
    finally:
        locked.chmod(0o700)
        pattern_cache.folder.cache_clear()


def test_a_full_disk_means_compiling(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pattern_cache.tempfile, "mkstemp", full)
    assert pattern_cache.compile_cached("full+").match("fulll").group() == "fulll"
    assert _files(cache_dir) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_folder_others_may_write_to_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    monkeypatch.setenv(pattern_cache.ENV, str(shared))
    pattern_cache.folder.cache_clear()
    try:
        where = pattern_cache.folder()
        assert where is not None
        where.chmod(0o777)
        pattern_cache.folder.cache_clear()
        assert pattern_cache.folder() is None
        assert pattern_cache.compile_cached("open+").match("openn")
        assert _files(shared) == []
    finally:
        pattern_cache.folder.cache_clear()


def test_a_file_where_the_folder_should_be_means_compiling(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cache").write_text("not a folder")
    monkeypatch.setenv(pattern_cache.ENV, str(tmp_path / "cache"))
    pattern_cache.folder.cache_clear()
    try:
        assert pattern_cache.folder() is None
        assert pattern_cache.compile_cached("file+").match("filee")
    finally:
        pattern_cache.folder.cache_clear()


def test_quotes_read_with_loaded_patterns_are_the_same(cache_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pattern of every pack, compiled then loaded: the quotes of the samples do not change."""
    texts = [(p.read_text("utf-8", "replace"), code) for p in sorted(SAMPLES.glob("*.txt"))
             for code in ("en", "de", "fr", "es", "ru")]
    fresh = [extract_quotes(text, _pack(code)) for text, code in texts]
    assert sum(map(len, fresh)) > 50
    assert len(_files(cache_dir)) > 40
    _no_compile(monkeypatch)
    loaded = [extract_quotes(text, _pack(code)) for text, code in texts]
    assert loaded == fresh


def _pack(code: str):  # a new pack (and grammar) each time: its patterns compile or load anew
    from newsclean.quotes.pack import Pack, _read

    pack = Pack(code, _read(code))
    pack.grammar.compile()
    return pack


def test_a_second_run_loads_what_the_first_compiled(tmp_path: Path) -> None:
    """The quote packs' patterns and the cleaning passes' shapes: nothing is compiled nor written again."""
    env = {**os.environ, pattern_cache.ENV: str(tmp_path / "cache")}
    outs = []
    for seed, name in enumerate(("first", "second", "off")):
        if name == "off":
            env[pattern_cache.ENV] = "off"
        # (another hash seed each run: a pattern built from a set in its order would be another
        # pattern text, missed by the cache and stored again, a new file every run)
        env["PYTHONHASHSEED"] = str(seed + 1)
        out = tmp_path / f"{name}.jsonl"
        subprocess.run([sys.executable, "-m", "newsclean", "clean", "-q", "--jobs", "1", str(SAMPLES),
                        "-o", str(out)], check=True, env=env, cwd=REPO)
        outs.append(out.read_bytes())
        if name == "first":
            cached = _files(tmp_path / "cache")
            assert len(cached) > 20
            stamps = {p: p.stat().st_mtime_ns for p in cached}
    assert {p: p.stat().st_mtime_ns for p in _files(tmp_path / "cache")} == stamps  # loaded, not rewritten
    assert outs[0] == outs[1] == outs[2]
    assert sum(len(orjson.loads(line)["quotes"]) for line in outs[0].splitlines()) > 50


_COUNT_COMPILES = """
import regex
from newsclean.context import Options
from newsclean.pipeline import prepare
compiled = []
real = regex.compile
regex.compile = lambda *a, **k: compiled.append(a[0]) or real(*a, **k)
prepare(Options())
print(len(compiled))
"""


def test_a_warm_cache_leaves_the_start_up_nothing_to_parse(tmp_path: Path) -> None:
    """What every run prepares (the profile's checked patterns, the shapes, glue and chrome patterns)
    is parsed by the first process only; a second one, with another hash seed, loads it all."""
    env = {**os.environ, pattern_cache.ENV: str(tmp_path / "cache")}
    counts = []
    for seed in ("1", "2"):
        env["PYTHONHASHSEED"] = seed
        done = subprocess.run([sys.executable, "-c", _COUNT_COMPILES], check=True, env=env, cwd=REPO,
                              capture_output=True, text=True)
        counts.append(int(done.stdout))
    assert counts[0] > 50
    assert counts[1] == 0
