"""Language packs: what the quote frames of one language read, as data.

A pack (``packs/<code>.json``, described key by key in ``packs/README.md``) holds a language's
speech verbs (with separable particles: `teilte … mit`), the words opening a reported clause
(`that`, `dass`, `что`), according-phrases before or after their speaker (`according to X`,
`laut X`, `X zufolge`), pronouns, titles and speaker nouns, quotation marks, abbreviations, a few
word shapes (`-ly` adverbs, `-ed` past tenses) and the frames it uses. The engine is the same
for every language; only the pack changes.

A profile adds words to a pack or a whole new pack (``quote_packs``: ``{"de": {"speech_verbs":
[…]}}``, ``{"pl": {"base": "und", …}}``); its older keys (``quote_cues``, ``quote_that``…) add
their words to every pack. Packs are read on first use and cached per process with their
grammar, which compiles its patterns on first use too: a run compiles only the languages it meets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache, cached_property, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import regex

if TYPE_CHECKING:
    from .grammar import Grammar

#: the pack of text in no known language: frames by shape only, plus any words a profile gives
UNDETERMINED = "und"
#: the pack used when the caller names none
DEFAULT = "en"
# Quotation marks every pack reads (the scanner in ``marks`` pairs them by direction and context).
_OPENING = ('"', "“", "‘", "'", "«", "„")
_CLOSING = ('"', "”", "’", "'", "»")


class PackError(ValueError):
    """A pack that cannot be used (unknown key, wrong type); the message names the pack."""


@lru_cache(maxsize=1)
def shipped() -> tuple[str, ...]:
    """Codes of the packs that ship with newsclean."""
    folder = resources.files("newsclean.quotes").joinpath("packs")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


@cache
def _read(code: str) -> Mapping[str, Any]:
    """A shipped pack's JSON (read once per process)."""
    text = resources.files("newsclean.quotes").joinpath(f"packs/{code}.json").read_text("utf-8")
    return json.loads(text)


# Keys whose value is a string or an object; every other key holds a list of strings, except
# ``marks`` (a list of [opening, closing] pairs). Every key is described in packs/README.md.
_STRINGS = frozenset({"language", "name", "base"})
_OBJECTS = frozenset({"pronouns", "shapes"})
FRAMES = frozenset({"quoted", "reported", "words", "clause"})


@lru_cache(maxsize=1)
def known_keys() -> tuple[frozenset[str], frozenset[str]]:
    """The keys a pack may hold and the shapes it may name: those the shipped packs use (each is
    described in packs/README.md), ``base``, and the profile's words for every pack."""
    keys = {"base", "abbreviations_any_case"}
    shapes: set[str] = set()
    for code in shipped():
        data = _read(code)
        keys.update(data)
        shapes.update(data.get("shapes", {}))
    return frozenset(keys), frozenset(shapes)


def merge(base: Mapping[str, Any], extra: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``base`` extended by ``extra``: lists appended (without repeats), objects merged, strings
    replaced. Raises :class:`PackError` naming ``where`` for a value of the wrong type."""
    out = dict(base)
    for key, value in extra.items():
        if key.startswith("_"):
            continue
        keys, shapes = known_keys()
        if key not in keys:
            raise PackError(f"{where}: unknown key '{key}' (packs/README.md lists them)")
        if key == "shapes" and isinstance(value, dict) and set(value) - shapes:
            raise PackError(f"{where}: unknown shape {sorted(set(value) - shapes)[0]!r}")
        if key == "frames" and isinstance(value, list) and set(value) - FRAMES:
            raise PackError(f"{where}: unknown frames {sorted(set(value) - FRAMES)} "
                            f"(there are {', '.join(sorted(FRAMES))})")
        if key in _STRINGS:
            if not isinstance(value, str):
                raise PackError(f"{where}: '{key}' must be a string")
            out[key] = value
        elif key in _OBJECTS:
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise PackError(f"{where}: '{key}' must be an object of strings")
            out[key] = {**out.get(key, {}), **value}
        elif key == "marks":
            if not isinstance(value, list):
                raise PackError(f"{where}: 'marks' must be a list of [opening, closing] pairs")
            out[key] = [*out.get(key, []), *(m for m in value if m not in out.get(key, []))]
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise PackError(f"{where}: '{key}' must be a list of strings")
            out[key] = list(dict.fromkeys([*out.get(key, []), *value]))
    return out


class Pack:
    """One language's words for the quote frames (read-only), and its grammar on first use."""

    def __init__(self, code: str, data: Mapping[str, Any]) -> None:
        self.code = code
        self._data = MappingProxyType(dict(data))
        for pronoun, gender in self.mapping("pronouns"):
            if gender not in ("m", "f", ""):
                raise PackError(f"pack {code}: pronoun '{pronoun}' has gender '{gender}' "
                                "(\"m\", \"f\" or \"\")")
        marks = self._data.get("marks", [])
        if not all(isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) and len(x) == 1 for x in m)
                   for m in marks):
            raise PackError(f"pack {code}: 'marks' must be a list of [opening, closing] characters")
        self.opening_marks = tuple(dict.fromkeys([*_OPENING, *(m[0] for m in marks)]))
        self.closing_marks = tuple(dict.fromkeys([*_CLOSING, *(m[1] for m in marks)]))
        #: opening mark -> the closing mark this language pairs it with (`„` -> `“`, `»` -> `«`)
        self.mark_pairs: dict[str, str] = {m[0]: m[1] for m in marks}
        self.frames = frozenset(self.words("frames"))

    def __repr__(self) -> str:
        return f"Pack({self.code!r})"

    def words(self, key: str) -> tuple[str, ...]:
        """The list under ``key`` (empty when the pack has none)."""
        return tuple(self._data.get(key, ()))

    def wordset(self, key: str) -> frozenset[str]:
        """The list under ``key`` as a set."""
        return frozenset(self._data.get(key, ()))

    def mapping(self, key: str) -> tuple[tuple[str, Any], ...]:
        """The object under ``key`` as (key, value) pairs."""
        return tuple(self._data.get(key, {}).items())

    def shape(self, key: str) -> str | None:
        """A word shape (regex fragment or suffix) under ``shapes``, None when the pack has none."""
        return self._data.get("shapes", {}).get(key) or None

    @property
    def data(self) -> Mapping[str, Any]:
        """The pack as read (read-only)."""
        return self._data

    @cached_property
    def grammar(self) -> Grammar:
        """The pack's fragments and patterns (built once; patterns compile on first use)."""
        from .grammar import Grammar

        return Grammar(self)


class Packs:
    """The packs of one profile: shipped ones extended by the profile, and the profile's own.

    ``get(code)`` builds a pack on first use; one instance per profile keeps one grammar per
    language per process.
    """

    def __init__(self, extensions: Mapping[str, Mapping[str, Any]] | None = None,
                 everywhere: Mapping[str, Any] | None = None) -> None:
        self._extensions = dict(extensions or {})
        self._everywhere = dict(everywhere or {})
        self._cache: dict[str, Pack | None] = {}
        for code in self._extensions:
            if not regex.fullmatch(r"[a-z]{2,3}", code):
                raise PackError(f"quote_packs: '{code}' is not a two- or three-letter language code")

    @property
    def codes(self) -> tuple[str, ...]:
        """Every language with a pack (shipped or from the profile)."""
        return tuple(sorted({*shipped(), *self._extensions}))

    def get(self, code: str | None) -> Pack | None:
        """The pack of ``code`` (`en`, `de`, `en-US`, `deu`…), None when there is none."""
        key = _normalise(code)
        if key not in self._cache:
            self._cache[key] = self._build(key) if key else None
        return self._cache[key]

    def choose(self, code: str | None) -> Pack:
        """The pack of ``code``, or the undetermined one (frames by shape) when it has none."""
        pack = self.get(code)
        if pack is None:
            pack = self.get(UNDETERMINED)
            assert pack is not None
        return pack

    def _build(self, code: str, seen: tuple[str, ...] = ()) -> Pack | None:
        if code in seen:
            raise PackError(f"quote_packs: '{code}' is its own base")
        extra = self._extensions.get(code)
        if code in shipped():
            data: dict[str, Any] = dict(_read(code))
        elif extra is not None:
            base = extra.get("base", UNDETERMINED)
            if not isinstance(base, str):
                raise PackError(f"quote_packs.{code}: 'base' must be a language code")
            parent = self._build(_normalise(base) or UNDETERMINED, (*seen, code))
            if parent is None:
                raise PackError(f"quote_packs.{code}: no pack '{base}' to start from")
            data = {**parent.data, "language": code}
        else:
            return None
        if extra is not None:
            data = merge(data, extra, f"quote_packs.{code}")
        if self._everywhere:
            data = merge(data, self._everywhere, "profile quote words")
        return Pack(code, data)

    def guess(self, text: str) -> str:
        """The language of ``text`` from the packs' stop words (the first 2,000 characters);
        :data:`UNDETERMINED` when no pack's words stand out. Cheap (tens of microseconds), for
        documents whose language was neither leaked nor detected."""
        counts = stopword_counts(text[:2000], self._stopwords)
        if not counts:
            return UNDETERMINED
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        best, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        return best if n >= 3 and n >= 2 * second else UNDETERMINED

    @cached_property
    def _stopwords(self) -> dict[str, tuple[str, ...]]:
        """stop word -> the languages listing it."""
        index: dict[str, list[str]] = {}
        for code in self.codes:
            data = _read(code) if code in shipped() else self._extensions.get(code, {})
            for word in data.get("stopwords", []):
                index.setdefault(word, []).append(code)
        return {w: tuple(c) for w, c in index.items()}


_WORD_RE = regex.compile(r"\p{L}+")


def stopword_counts(text: str, index: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Occurrences of each language's stop words in ``text`` (lower-cased words)."""
    counts: dict[str, int] = {}
    for word in _WORD_RE.findall(text.lower()):
        for code in index.get(word, ()):
            counts[code] = counts.get(code, 0) + 1
    return counts


@lru_cache(maxsize=256)
def _normalise(code: str | None) -> str:
    """`en_US` / `EN-us` -> `en`; '' for none (cached: asked once per document, for a handful of
    codes)."""
    if not code:
        return ""
    return regex.split(r"[-_.@]", code.strip().lower(), maxsplit=1)[0]


@lru_cache(maxsize=1)
def default_packs() -> Packs:
    """The shipped packs with no profile (what ``extract_quotes`` uses when given a code)."""
    return Packs()
