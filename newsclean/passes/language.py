"""language: the record's language, from the page's own locale or detected in its text."""

from __future__ import annotations

import warnings
from typing import NamedTuple

import regex

from ..context import Context
from ..document import Document

try:  # the `language` extra; a core dependency where PyPI has wheels for it (see the README)
    import pycld2
except ImportError:  # pragma: no cover - exercised by monkeypatching DETECT in the tests
    pycld2 = None

#: characters of text the detector reads, half from the start and half from the middle: bounded so
#: the pass costs the same on any page, and from two places so that chrome left at the head of the
#: text cannot decide alone. bench/language_eval.py --pass-only: 300 and 400 are right on every known
#: document, 200 gets 5 of 850 German articles wrong; each 100 more costs about 4 µs a document
SAMPLE_CHARS = 400
#: the sample read again when CLD2 calls the first one unreliable (a list of foreign names, quotes)
RETRY_CHARS = 4 * SAMPLE_CHARS
#: less text than this names no language reliably, even when CLD2 says it does: a name, a score line
#: (``Live: Bayern 2, Dortmund 1 (Kane 34, 71; Brandt 88).`` reads as Khasi)
MIN_BYTES = 50
#: what CLD2 refuses to read: control characters but tab and line ends, and noncharacters
_UNREADABLE = regex.compile(r"[^\P{Cc}\t\n\r]|\p{Noncharacter_Code_Point}")
#: old codes that detectors and Java-style locales still write, and their ISO 639-1 successors
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


class Detection(NamedTuple):
    language: str
    #: 0-1: the share of the text the detector attributed to this language, of all it attributed
    confidence: float
    #: bytes of text the detector read
    scored: int


def code(value: str | None) -> str | None:
    """A plain lower-case ISO 639 code: ``zh-Hant`` → ``zh``, ``iw`` → ``he``; None for unknown."""
    if not value:
        return None
    base = value.lower().replace("_", "-").split("-")[0]
    if base in ("un", "und", "xx", "zxx", ""):
        return None
    return _ALIASES.get(base, base)


def cld2(text: str) -> Detection | None:
    """CLD2's answer for ``text``, or None when it finds no language it calls reliable.

    CLD2 refuses to guess on a few words (``Angela Merkel`` is no language, where a best-effort
    guess says Tswana) and says so with its reliability flag, so short or mixed text gets None.
    """
    try:  # plain text: a `<` in the text opens no HTML tag for CLD2 to skip
        reliable, scored, details = pycld2.detect(text, isPlainText=True)
    except pycld2.error:  # CLD2 calls controls and noncharacters (U+FFFF) invalid UTF-8: drop them
        try:
            reliable, scored, details = pycld2.detect(_UNREADABLE.sub(" ", text), isPlainText=True)
        except pycld2.error:
            return None
    shares: dict[str, int] = {}
    for _, name, share, _ in details:
        lang = code(name)
        if lang is not None and share > 0:  # zh and zh-Hant count as one language
            shares[lang] = shares.get(lang, 0) + share
    if not reliable or not shares:
        return None
    best = max(shares, key=shares.__getitem__)
    return Detection(best, shares[best] / sum(shares.values()), scored)


#: the detector the pass calls; None without pycld2 (then only a leaked locale gives a language)
DETECT = cld2 if pycld2 is not None else None
_warned = False


def sample(doc: Document, limit: int = SAMPLE_CHARS, text: str | None = None) -> str:
    """The text the detector reads: ``limit`` characters, half from the start and half from the middle.

    A text shorter than ``limit`` is read whole, after the title (a brief, a caption page). ``text``:
    ``doc.text`` when the caller has it already (the property joins every paragraph again).
    """
    if text is None:
        text = doc.text
    if len(text) < limit and doc.title:
        text = f"{doc.title}\n\n{text}"
    if len(text) <= limit:
        return text
    half = limit // 2
    middle = (len(text) - half) // 2 if len(text) >= 2 * limit else half
    return f"{_window(text, 0, half)}\n\n{_window(text, middle, half)}"


def _window(text: str, start: int, size: int) -> str:
    """``size`` characters from ``start``, both ends moved to a space so no word is cut."""
    if start:
        space = text.find(" ", start, start + size // 4)
        start = space + 1 if space >= 0 else start
    end = text.rfind(" ", start, start + size)
    return text[start : end if end > start + size // 2 else start + size]


def language(doc: Document, ctx: Context) -> None:
    """Set the language and its confidence: the leaked locale, else the language detected in the text.

    A locale (``en_EN`` → ``en``) is the page's own word: confidence 1.0, and the detector does not
    run (on realpages-dev it agrees with every locale; bench/language_eval.py --pass-only counts it).
    """
    locale = code(doc.language)
    if locale is not None:
        doc.language, doc.language_confidence = locale, 1.0
        return
    detected = None
    if doc.paragraphs:
        text = doc.text
        detected = _detect(sample(doc, SAMPLE_CHARS, text))
        if detected is None and len(text) > SAMPLE_CHARS:  # mixed languages in the sample: read more
            detected = _detect(sample(doc, RETRY_CHARS, text))
    if detected is None:
        doc.language, doc.language_confidence = None, None
    else:
        doc.language, doc.language_confidence = detected.language, round(detected.confidence, 3)


def _detect(text: str) -> Detection | None:
    global _warned
    if DETECT is None:
        if not _warned:
            _warned = True
            warnings.warn("pycld2 is not installed: `language` comes only from a leaked locale "
                          "(pip install 'newsclean[language]')", RuntimeWarning, stacklevel=3)
        return None
    found = DETECT(text)
    return found if found is not None and found.scored >= MIN_BYTES else None
