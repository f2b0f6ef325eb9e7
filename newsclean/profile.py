"""Profiles: the word lists the shape rules read (labels, abbreviations, month names, boilerplate).

Rules live in code and work by the shape of a line; anything that is a literal string of a language
or of one outlet lives here, in JSON, so a user adds a site or a language without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .pattern_cache import compile_cached
from .quotes.pack import PackError
from .quotes.pack import merge as merge_pack


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """What one domain needs beyond the generic rules."""

    site: str | None = None
    drop: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: load_profile caches one per file set
class Profile:
    abbreviations: frozenset[str]
    encodings: tuple[str, ...]
    months: dict[str, int]
    weekdays: tuple[str, ...]
    timezones: dict[str, float]
    published_labels: tuple[str, ...]
    modified_labels: tuple[str, ...]
    byline_labels: tuple[str, ...]
    credit_labels: tuple[str, ...]
    related_labels: tuple[str, ...]
    tag_labels: tuple[str, ...]
    keyword_labels: tuple[str, ...]
    boilerplate: tuple[str, ...]
    breadcrumb_roots: frozenset[str]
    #: news agencies (``AFP``, ``The Canadian Press``): an outlet's name wherever a title, byline or
    #: dateline names one, on every site that runs wire copy
    agencies: frozenset[str] = frozenset()
    #: what a byline calls its writer when it names no one, or after the name (``Staff writer``,
    #: ``Associated Press Writer``, ``correspondant``)
    byline_roles: tuple[str, ...] = ()
    #: quote words added to every language's pack (a language's own words belong in
    #: ``quote_packs``): speech verbs (`заявил`, `a déclaré`)
    quote_cues: frozenset[str] = frozenset()
    #: words opening a reported clause (`что`, `que`, `dass`): `X заявил, что …`
    quote_that: frozenset[str] = frozenset()
    #: `according to` phrases (`по словам`, `selon`, `laut`)
    quote_according: frozenset[str] = frozenset()
    #: singular personal pronouns and their gender (`она`: `f`)
    quote_pronouns: dict[str, str] = field(default_factory=dict)
    #: words whose period never ends a quoted or reported sentence (`тыс` where a corpus needs it);
    #: not `abbreviations`, whose `no` would join `He said no. But …`
    quote_abbreviations: frozenset[str] = frozenset()
    #: function words of the profile's languages (`the`, `of`, `que`, `und`, `что`): their share of a
    #: paragraph's words tells prose from navigation and headline runs (jusText's stop-word density)
    function_words: frozenset[str] = frozenset()
    #: first-person pronouns (`I`, `we`, `our`, `ich`, `nous`): a speaker's words, rare in a news
    #: report's narration; they tell which side of a glued straight mark is the quotation
    speaker_words: frozenset[str] = frozenset()
    #: the small words a name in title case leaves in lower case (`of`, `and`, `de`, `und`): a section
    #: or outlet title (`Home of Sport`, `Le Monde des Livres`) is capitalised but for them
    title_small_words: frozenset[str] = frozenset()
    #: what opens a reader-comment thread (`Comments (12)`, `Post a comment`): patterns, like boilerplate
    comment_labels: tuple[str, ...] = ()
    #: share, print and related-story widgets glued into the body (`E-mail this to a friend`): patterns
    widget_labels: tuple[str, ...] = ()
    #: language code -> words added to that language's quote pack, or a new pack (`"base"`: the
    #: pack it starts from); see ``newsclean/quotes/packs/README.md``
    quote_packs: dict[str, dict[str, Any]] = field(default_factory=dict)
    sites: dict[str, SiteProfile] = field(default_factory=dict)
    #: where it came from, so worker processes can rebuild it instead of unpickling compiled regexes
    paths: tuple[str, ...] = ()


_LIST_KEYS = (
    "abbreviations", "encodings", "weekdays", "published_labels", "modified_labels", "byline_labels",
    "credit_labels", "related_labels", "tag_labels", "keyword_labels", "boilerplate", "breadcrumb_roots",
    "agencies", "byline_roles", "quote_cues", "quote_that", "quote_according", "quote_abbreviations",
    "function_words", "speaker_words", "title_small_words", "comment_labels", "widget_labels",
)
#: List keys whose entries are regular expressions (the rest are literal words and phrases).
_REGEX_KEYS = ("boilerplate", "comment_labels", "widget_labels")


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the problem."""


def _read(path: str | None) -> dict[str, Any]:
    try:
        if path is None:
            text = resources.files("newsclean").joinpath("profiles/default.json").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProfileError(f"cannot read profile {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"profile {path} must hold a JSON object")
    return data


def _check_patterns(path: str | None, key: str, patterns: Any) -> None:
    """Each regular expression of a profile compiles, as the shapes will use it (in a group): a bad
    one is the profile's error, named by file, key and pattern, not a traceback in the first worker."""
    where = f"profile {path or 'default'}: '{key}'"
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ProfileError(f"{where} must be a list of strings (regular expressions)")
    for pattern in patterns:
        try:
            compile_cached(f"(?:{pattern})")  # (the shapes load it from the cache in turn)
        except regex.error as exc:
            raise ProfileError(f"{where} has a bad regular expression {pattern!r}: {exc}") from exc


def _merge(base: dict[str, Any], extra: dict[str, Any], path: str | None) -> None:
    for key, value in extra.items():
        if key.startswith("_"):
            continue
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ProfileError(f"profile {path}: '{key}' must be a list of strings")
            if key in _REGEX_KEYS:
                _check_patterns(path, key, value)
            base[key] = list(base.get(key, [])) + value
        elif key in ("timezones", "sites", "months", "quote_pronouns"):
            if not isinstance(value, dict):
                raise ProfileError(f"profile {path}: '{key}' must be an object")
            if key == "sites":
                for domain, spec in value.items():
                    if not isinstance(spec, dict):
                        raise ProfileError(f"profile {path}: sites['{domain}'] must be an object")
                    _check_patterns(path, f"sites['{domain}'].drop", spec.get("drop", []))
            base[key] = {**base.get(key, {}), **value}
        elif key == "quote_packs":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ProfileError(f"profile {path}: 'quote_packs' maps a language code to an object")
            packs = dict(base.get(key, {}))
            for code, words in value.items():
                try:
                    packs[code] = merge_pack(packs.get(code, {}), words,
                                             f"profile {path}: quote_packs.{code}")
                except PackError as exc:
                    raise ProfileError(str(exc)) from exc
            base[key] = packs
        else:
            raise ProfileError(f"profile {path}: unknown key '{key}'")


def _quote_packs(value: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The profile's quote packs, checked now so that a bad one is a usage error, not a crash."""
    from .quotes.pack import Pack, PackError, Packs

    packs = {code.lower(): words for code, words in value.items()}
    try:
        built = Packs(packs)
        for code in packs:
            pack = built.get(code)
            assert isinstance(pack, Pack)
    except PackError as exc:
        raise ProfileError(f"profile: {exc}") from exc
    return packs


def _pronouns(value: dict[str, Any]) -> dict[str, str]:
    if not all(isinstance(v, str) and v in ("m", "f", "") for v in value.values()):
        raise ProfileError("profile: 'quote_pronouns' maps a pronoun to \"m\", \"f\" or \"\"")
    return {k.lower(): v for k, v in value.items()}


@lru_cache(maxsize=8)
def load_profile(paths: tuple[str, ...] = ()) -> Profile:
    """The default profile, extended by each file in ``paths`` in order (cached per process)."""
    data: dict[str, Any] = {}
    _merge(data, _read(None), None)
    for path in paths:
        _merge(data, _read(path), path)
    sites: dict[str, SiteProfile] = {}
    for domain, spec in data.get("sites", {}).items():
        if not isinstance(spec, dict):
            raise ProfileError(f"profile: sites['{domain}'] must be an object")
        sites[domain.lower().removeprefix("www.")] = SiteProfile(
            site=spec.get("site"), drop=tuple(spec.get("drop", ()))
        )

    def low(key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.lower() for s in data.get(key, [])))

    return Profile(
        abbreviations=frozenset(low("abbreviations")),
        encodings=low("encodings"),
        months={k.lower(): int(v) for k, v in data.get("months", {}).items()},
        weekdays=low("weekdays"),
        timezones={k.upper(): float(v) for k, v in data.get("timezones", {}).items()},
        published_labels=low("published_labels"),
        modified_labels=low("modified_labels"),
        byline_labels=low("byline_labels"),
        credit_labels=low("credit_labels"),
        related_labels=low("related_labels"),
        tag_labels=low("tag_labels"),
        keyword_labels=low("keyword_labels"),
        boilerplate=tuple(data.get("boilerplate", [])),
        breadcrumb_roots=frozenset(low("breadcrumb_roots")),
        agencies=frozenset(s.casefold() for s in data.get("agencies", [])),
        byline_roles=low("byline_roles"),
        quote_cues=frozenset(low("quote_cues")),
        quote_that=frozenset(low("quote_that")),
        quote_according=frozenset(low("quote_according")),
        quote_pronouns=_pronouns(data.get("quote_pronouns", {})),
        quote_abbreviations=frozenset(low("quote_abbreviations")),
        function_words=frozenset(s.casefold() for s in data.get("function_words", [])),
        speaker_words=frozenset(low("speaker_words")),
        title_small_words=frozenset(low("title_small_words")),
        comment_labels=tuple(data.get("comment_labels", [])),
        widget_labels=tuple(data.get("widget_labels", [])),
        quote_packs=_quote_packs(data.get("quote_packs", {})),
        sites=sites,
        paths=paths,
    )
