"""chrome: the page chrome a scraper took along inside the body comes out of the text.

A density-based scraper keeps whatever sits in the article's container: navigation cells of old table
layouts glued into one line (``HomeNewsSportWorld…``), runs of teaser headlines, share widgets, footers
(``Copyright … All rights reserved``) and reader comments. Each paragraph gets a class from shallow
text features, as in jusText and boilerpipe (Kohlschütter et al., WSDM 2010): its length, its share
of function words, how many words are glued to the next without a space, how many start with a
capital, whether it has sentences. The article is the densest run of prose (a maximum-sum run over
the classes); chrome outside it goes, prose outside it stays, and a list or table right after it is
the article's closing list. Comment threads are found by their repeated header (``Posted by: NAME
on DATE``, one template with different fill) and go from their first header on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from ..context import Context
from ..document import BLANK, Document
from ..pattern_cache import compile_cached
from ..profile import Profile
from ..shapes import ONE_BYTE_CODECS, any_of, cache_short, one_byte_encoded, one_byte_table

NAME = "chrome"

def _case_table() -> dict[int, str]:
    """Every cased letter below U+3000 to ``A`` or ``a``: the case skeleton's table."""
    table = {}
    for cp in range(0x41, 0x3000):
        ch = chr(cp)
        if ch.isupper():
            table[cp] = "A"
        elif ch.islower():
            table[cp] = "a"
    return table


_CASE = _case_table()
#: the same table for ASCII text, as bytes: ``bytes.translate`` is many times faster than a dict table
_ASCII_CASE = bytes(ord(_CASE.get(c, chr(c))) if c < 128 else c for c in range(256))


@lru_cache(maxsize=2)
def _class_ranges(letter: str) -> str:
    """The characters ``_CASE`` maps to ``letter``, as the ranges of a ``re`` character class."""
    out, start, last = [], -2, -2
    for cp in sorted(cp for cp, v in _CASE.items() if v == letter):
        if cp != last + 1:
            if start >= 0:
                out.append((start, last))
            start = cp
        last = cp
    out.append((start, last))
    esc = re.escape
    return "".join(esc(chr(a)) if a == b else f"{esc(chr(a))}-{esc(chr(b))}" for a, b in out)


def _on_text(pattern: str) -> str:
    """A skeleton pattern for the text itself: ``A`` and ``a`` become the classes of the characters
    the skeleton writes as them (inside a class, their ranges join it)."""
    upper, lower = _class_ranges("A"), _class_ranges("a")
    out, in_class, k = [], False, 0
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            out.append(pattern[k:k + 2])
            k += 2
            continue
        if ch in "Aa":
            ranges = upper if ch == "A" else lower
            out.append(ranges if in_class else f"[{ranges}]")
        else:
            out.append(ch)
            if ch == "[" and not in_class:
                in_class = True
            elif ch == "]" and in_class:
                in_class = False
        k += 1
    return "".join(out)


#: paragraphs longer than this are not kept in the caches below (a glued page can be megabytes long)
_CACHED_CHARS = 2000


@cache_short(_CACHED_CHARS, 512)
def _skeleton(text: str) -> str:
    """An ASCII ``text`` with each capital as ``A`` and each lower-case letter as ``a``, same length:
    the shape tests below run on it with plain ``re`` (no Unicode property classes), several times
    faster than ``regex`` with ``\\p{Lu}`` on every paragraph."""
    return text.encode("ascii").translate(_ASCII_CASE).decode("ascii")


class _OnSkeleton:
    """A ``re`` pattern written for the case skeleton, applied to a text by its positions (the
    skeleton has the text's length, so a match's span is the text's span). On other than ASCII
    text, where a skeleton costs a dictionary look-up per character, the same pattern runs on the
    text itself with the skeleton's letters as character classes (``_on_text``): the same matches."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self._on_text = pattern
        self._text_pattern: re.Pattern[str] | None = None

    def on(self, text: str) -> tuple[re.Pattern[str], str]:
        """The pattern to run and the string to run it on."""
        if text.isascii():
            return self.pattern, _skeleton(text)
        return self.text_pattern(), text

    def text_pattern(self) -> re.Pattern[str]:
        """The pattern for other than ASCII text, compiled on first use (its classes are large)."""
        if self._text_pattern is None:
            self._text_pattern = re.compile(_on_text(self._on_text))
        return self._text_pattern

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        pattern, string = self.on(text)
        return pattern.search(string, pos)

    def findall(self, text: str) -> list[str]:
        pattern, string = self.on(text)
        return pattern.findall(string)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pattern, string = self.on(text)
        return pattern.finditer(string)


class _GluePoints:
    """The glue points of a paragraph: a lower-case letter or a stop right before a capital, with no
    space (``HomeNews``, ``said.The``), or a menu separator (``News | Sport``, ``Home » World``).

    That is ``(?<=a)(?=A)|(?<=[.!?:;,)\\]])(?=A)|(?<=[.!?:;,)\\]][\"”’])(?=A)|\\s*[|•·»›]\\s*`` on the case
    skeleton, found in two cheaper scans: capitals with what stands before them (``re`` looks only
    at capitals), and separators with the spaces around them (in the few paragraphs that have one).
    The two kinds never touch (a capital is neither a space nor a separator), so merging their spans
    gives the one pattern's matches, in order.
    """

    _capital = _OnSkeleton(r"A(?:(?<=[a.!?:;,)\]].)|(?<=[.!?:;,)\]][\"”’].))")  # ``.``: the A just matched
    _separator = re.compile(r"\s*[|•·»›]\s*")

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """(start, end) of each glue point: empty at a capital, the separator and its spaces."""
        return _glue_spans(text, self._capital, self._separator)

    def count(self, text: str) -> int:
        return len(self.spans(text))

    def search(self, text: str, pos: int = 0) -> bool:
        """Whether a glue point starts at ``pos`` or after it."""
        return ((_has_separator(text) and any(text.find(sep, pos) >= 0 for sep in _SEPARATORS))
                or self._capital.search(text, pos) is not None)

    def split(self, text: str) -> list[str]:
        out, pos = [], 0
        for start, end in self.spans(text):
            out.append(text[pos:start])
            pos = end
        out.append(text[pos:])
        return out


@cache_short(_CACHED_CHARS, 1024)  # a paragraph's class, its thread test and its tail test ask
def _glue_spans(text: str, capital: _OnSkeleton, separator: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    spans = [(m.start(), m.start()) for m in capital.finditer(text)]
    if _has_separator(text):
        spans += [m.span() for m in separator.finditer(text)]
        spans.sort()
    return tuple(spans)


_GLUE = _GluePoints()
#: menu separators: a glue point wherever they stand
_SEPARATORS = "|•·»›"


def _has_separator(text: str) -> bool:
    return "|" in text or "•" in text or "·" in text or "»" in text or "›" in text
#: a sentence end: a word, then a stop and a space or the end (not ``U.S.`` inside a word); written
#: from the stop, so that ``re`` only tries the pattern at stops (a word's letter is everywhere)
_SENTENCE = _OnSkeleton(r"[.!?…](?<=[a\d%)][.!?…])[\"”’)]*(?:\s|$)")
_CAPITALISED = _OnSkeleton(r"(?:^|\s)[\"“‘'(\[]?A")
_NUMBER = re.compile(r"\d+")
#: a cheap test before the glue pattern: a lower-case letter or a stop right before a capital, or a
#: menu separator (most article paragraphs have neither beyond their sentence ends). The capital is
#: written first, so that ``re`` looks only at capitals; the separators are plain substring tests
_HINT = _OnSkeleton(r"A(?:(?<=[a.!?:;,)\]].)|(?<=[a.!?:;,)\]][\"”’].))")  # ``.``: the A just matched
_BRACKETED = re.compile(r"\S\s*\([^()]{2,60}\)")
#: a copyright or rights notice: a footer, not the article
_RIGHTS = re.compile(r"©|\((?i:c)\)\s*(?:\d|(?i:copyright))|(?i:\bcopyright\b|all rights reserved)")
#: a list item or table row: a bullet, a number, or digits in the line (``1. Bayliss (Ducati) 1'32.2``)
_LIST_MARK = re.compile(r"^\s*(?:[-–—•*·▪►]|\(?\d{1,3}[.)]\s)")

#: the weight of each class in the article's run; prose counts for itself, chrome against
#: article prose (words) above a comment-thread opener: fewer, and it is a count next to the byline
THREAD_AFTER_WORDS = 100
#: and that share of the page's prose
THREAD_AFTER_SHARE = 0.1
_WEIGHT = {"good": 1.0, "near": 0.2, "list": -0.1, "short": -1.0, "bad": -2.0, "widget": -1.0}


class _Para(NamedTuple):
    """A paragraph's features, immutable: shared by the pages whose paragraph it is (``_paragraph``).
    A named tuple rather than a frozen dataclass, whose ``__init__`` sets each field through
    ``object.__setattr__``: one is built for each paragraph the cache has not seen."""

    words: int
    cls: str
    #: opens a comment thread (``Comments (12)``, ``Post a comment``)
    thread: bool = False
    #: a menu: many items between separators or glued together, and no sentence among them
    menu: bool = False


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity (``vocab`` builds one a profile): the
#: caches keyed by it hash it in C, not by a generated ``__hash__`` over its fields
class Vocab:
    """The profile's words this pass reads, compiled once per profile."""

    function_words: frozenset[str]
    #: a comment thread's opener at the start of a paragraph or of a piece glued into it
    thread: regex.Pattern[str]
    #: a whole piece that is a widget (share, print, related stories) or a boilerplate line
    widget: regex.Pattern[str]


@lru_cache(maxsize=8)
def vocab(profile: Profile) -> Vocab:
    return Vocab(
        function_words=profile.function_words,
        thread=compile_cached(rf"(?i:{any_of(profile.comment_labels)})(?![\p{{Ll}}])"),
        widget=compile_cached(rf"(?i:{any_of((*profile.widget_labels, *profile.boilerplate))})[.!:?]?"),
    )


def _pieces(text: str) -> list[str]:
    """The pieces glued into a paragraph (menu items, widgets), stripped."""
    return [p for piece in _GLUE.split(text) if (p := piece.strip(" -–—:|»›•·*\"“”"))]


@cache_short(_CACHED_CHARS, 1024)
def _hinted(text: str) -> bool:
    """Whether ``text`` may be glued or separated (``_GLUE`` matches only where this is true); cached,
    since a paragraph's class, its comment-thread test and its tail test all ask."""
    return _has_separator(text) or _HINT.search(text) is not None


def _has_sentence(text: str) -> bool:
    """``_SENTENCE.search(text) is not None``; most paragraphs end with a sentence, which is read
    from the end first (a word's letter, a digit, ``%`` or ``)``, a stop, closing marks)."""
    end = text.rstrip("\"”’)")
    if len(end) >= 2 and end[-1] in ".!?…":
        before = end[-2]
        if (before.islower() and before < "\u3000") or before.isdecimal() or before in "%)":
            return True
    return _SENTENCE.search(text) is not None


def _rights_at(text: str) -> int | None:
    """Where ``_RIGHTS`` first matches, or None. Its words (``copyright``, ``all rights reserved``)
    need ``yr`` or ``rved`` in the lowered text (no other letter than i and s matches one of them
    case-insensitively in ``re``), so most paragraphs skip the pattern."""
    if "©" not in text and "(" not in text:
        low = text.lower()
        if "yr" not in low and "rved" not in low:
            return None
    m = _RIGHTS.search(text)
    return None if m is None else m.start()


#: a word's letters (and apostrophes) in ASCII text: the rest becomes a space, then ``bytes.split``
_ASCII_LETTERS = bytes(c if c == 39 else c | 0x20 if c < 128 and chr(c).isalpha() else 32 for c in range(256))
#: a word: letters and apostrophes (``(?:[^\W\d_]|['’])+`` written as runs: far fewer ``re`` steps)
_WORD = re.compile(r"(?:[^\W\d_]+|['’]+)+")


#: characters that are never part of a ``_WORD``: stripped from a chunk's ends, what is left is one word
#: when it is all letters
_NOT_WORD_EDGE = ",.;:!?\"“”„‘«»()[]{}—–-…/*•·|%&+=<>#@$_0123456789"


#: the same, for text whose only characters beyond ASCII are outside words (curly quotes, dashes) but
#: ``’``: that is written as ``\x01``, a letter here, the rest as ``?``, a space here
_ASCII_LETTERS_01 = _ASCII_LETTERS[:1] + b"\x01" + _ASCII_LETTERS[2:]
#: a character beyond ASCII that a ``_WORD`` can hold, but ``’`` (``\w`` but not a digit or ``_``)
_WORD_BEYOND_ASCII = re.compile(r"[^\x00-\x7f\W\d_]")


@lru_cache(maxsize=8)
def _ascii_words(function_words: frozenset[str]) -> frozenset[bytes]:
    """The function words a ``_ASCII_LETTERS`` or ``_ASCII_LETTERS_01`` token can be, as bytes."""
    return frozenset(w.replace("’", "\x01").encode("ascii") for w in function_words
                     if w.replace("’", "").isascii())


_LETTER = re.compile(r"[^\W\d_]")


def _lowered_letter(char: str) -> str | None:
    """What ``_ASCII_LETTERS`` keeps of a character beyond ASCII too: a letter ``_WORD`` can hold once
    lowered (``[^\\W\\d_]``, decided by ``re`` itself) as its lowered form, an apostrophe as itself.
    Lowering is one character for one within the codecs read so (``one_byte_table`` checks), so a
    table's runs of non-space bytes are the ``_WORD`` matches of the lowered text."""
    if char in "'’":
        return char
    low = char.lower()
    return low if _LETTER.fullmatch(low) else None


_ONE_BYTE_LETTERS = {codec: one_byte_table(codec, _lowered_letter) for codec in ONE_BYTE_CODECS}


@lru_cache(maxsize=16)
def _codec_words(function_words: frozenset[str], codec: str) -> frozenset[bytes]:
    """The function words ``codec`` can encode, encoded: a token of its text can be no other."""
    out = set()
    for word in function_words:
        with suppress(UnicodeEncodeError):
            out.add(word.encode(codec))
    return frozenset(out)


def _one_byte_counts(text: str, function_words: frozenset[str]) -> tuple[int, int] | None:
    """``_word_counts`` of a text that a codec of ``ONE_BYTE_CODECS`` encodes whole, by its table
    (``bytes.split`` rather than a Python loop over chunks); None when neither encodes it."""
    encoded = one_byte_encoded(text)
    if encoded is None:
        return None
    codec, data = encoded
    tokens = data.translate(_ONE_BYTE_LETTERS[codec]).split()
    return sum(map(_codec_words(function_words, codec).__contains__, tokens)), len(tokens)


@cache_short(_CACHED_CHARS, 1024)
def _word_counts(text: str, function_words: frozenset[str]) -> tuple[int, int]:
    """Function words and words (``_WORD`` in the lowered text) in ``text``; cached, since the
    page's language test and the paragraph's class both count them."""
    if text.isascii():
        tokens = text.encode("ascii").translate(_ASCII_LETTERS).split()  # the table lowers the letters
        return sum(map(_ascii_words(function_words).__contains__, tokens)), len(tokens)
    counts = _one_byte_counts(text, function_words)
    if counts is not None:
        return counts
    if "\x01" not in text and _WORD_BEYOND_ASCII.search(text) is None:  # English with curly quotes
        data = text.replace("’", "\x01").encode("ascii", "replace")
        tokens = data.translate(_ASCII_LETTERS_01).split()
        return sum(map(_ascii_words(function_words).__contains__, tokens)), len(tokens)
    low = text.lower()
    words: list[str] = []
    for chunk in low.split():  # no word spans a space; most chunks are a word, maybe with punctuation
        core = chunk.strip(_NOT_WORD_EDGE)
        if core.isalpha():
            words.append(core)
        elif core:
            words += _WORD.findall(core)
    return sum(map(function_words.__contains__, words)), len(words)


def _function_share(text: str, function_words: frozenset[str]) -> float:
    hits, total = _word_counts(text, function_words)
    return hits / total if total else 0.0


def _prose_words(text: str, function_words: frozenset[str]) -> int:
    """Words of the glue-separated pieces that read as sentences (a paragraph glued to a menu)."""
    n = 0
    for segment in _GLUE.split(text):
        words = segment.count(" ") + 1
        if words >= 6 and _function_share(segment, function_words) >= 0.2:
            n += words
    return n


def classify(text: str, words: Vocab, lexical: bool = True) -> str:
    """One paragraph's class by its shape: ``good`` prose, ``near`` prose-ish, ``short``, ``list``
    (items and table rows: digits, bullets, comma or bracket runs), ``widget`` (share, print,
    related-story pieces) or ``bad`` (menus, headline runs, footers).

    ``lexical`` is off for a page in a language the function words do not cover: then only the
    shapes that need no words decide.
    """
    fw = words.function_words
    n = text.count(" ") + 1
    hinted = _hinted(text)
    if hinted:
        widget = sum(p.count(" ") + 1 for p in _pieces(text) if len(p) <= 120 and words.widget.fullmatch(p))
    else:  # one piece: the paragraph
        widget = n if len(text) <= 120 and words.widget.fullmatch(text) else 0
    if widget and widget >= 0.5 * n:
        return "widget"
    # each feature is computed only where a decision reads it: most paragraphs are prose, decided
    # by their function words and a sentence end
    rights = _rights_at(text) if n < 40 else None
    if rights is not None and _prose_words(text[:rights], fw) < 8:
        return "bad"
    glue = _GLUE.count(text) if hinted else 0
    if glue >= 3 and glue >= 0.1 * n:
        if _prose_words(text, fw) < 0.3 * n:
            return "list" if len(_NUMBER.findall(text)) >= glue or _items(text) >= glue else "bad"
        return "near"
    if n < 8:
        if _LIST_MARK.search(text) or _NUMBER.search(text) or _BRACKETED.search(text):
            return "list"  # ``1. Bayliss (Ducati) 1'32.2``, ``Matt Allen (Creighton University)``
        # a short sentence of the article (``That is the picture's true terror.``), not a headline
        sentence = n >= 3 and _has_sentence(text)
        return "near" if sentence and (not lexical or _function_share(text, fw) >= 0.2) else "short"
    share = _function_share(text, fw) if lexical else 0.3
    sentences = _has_sentence(text)
    if (share < 0.15 and (not sentences or share < 0.08)) \
            or (not sentences and len(_CAPITALISED.findall(text)) / n > 0.5):
        return "list" if len(_NUMBER.findall(text)) >= 0.2 * n or _items(text) >= 0.15 * n else "bad"
    if share >= 0.25 and (sentences or n >= 20):
        return "good"
    return "near"


def _items(text: str) -> int:
    return text.count(",") + text.count(";") + text.count("(")


def _is_menu(text: str, function_words: frozenset[str]) -> bool:
    """Five items or more between separators or glued together, none of them a sentence."""
    return _GLUE.count(text) >= 5 and _prose_words(text, function_words) == 0


def _opens_thread(text: str, cls: str, words: Vocab) -> bool:
    """A comment thread's opener at the paragraph's start or at the start of a piece glued into it;
    a count glued to article prose (``Talkbacks for this article: 18Amid …``) is not one."""
    head = text[:400]
    # the hint looks only behind where it matches, so one in the head is one in the text: a text with
    # none (its answer cached by ``classify``) has a head with none, which then needs no test of its own
    hinted = _hinted(text) and (head is text or _hinted(head))
    openers = [p for p in (_pieces(head)[:6] if hinted else [head]) if words.thread.match(p)]
    return bool(openers) and (cls != "good" or any(_NUMBER.search(p) is None for p in openers))


def trailing_chrome(text: str, words: Vocab) -> tuple[int, str] | None:
    """Where a widget, a rights notice or a comment opener glued to the end of an article paragraph
    starts (``…for the first time.E-mail this to a friendPrintable version``), with its label."""
    if not _hinted(text) or not _GLUE.search(text, max(0, len(text) - 160)):
        return None  # nothing glued near the end (the hint, cached, holds wherever a glue point is)
    bounds: list[tuple[int, int]] = []
    pos = 0
    for start, end in _GLUE.spans(text):
        if start > pos:
            bounds.append((pos, start))
        pos = max(pos, end)
    if len(bounds) == 0:
        return None
    bounds.append((pos, len(text)))
    cut, label = None, NAME
    for start, end in reversed(bounds):
        piece = text[start:end].strip(" -–—:|»›•·*\"“”")
        if not piece:
            continue
        if words.thread.match(piece):
            cut, label = start, "comments"
        elif words.widget.fullmatch(piece) or (_rights_at(piece) is not None and piece.count(" ") < 25):
            cut = start
        else:
            break
    if cut is None or cut == 0:
        return None
    head = text[:cut]
    if head.count(" ") < 7 or not _has_sentence(head.rstrip() + " "):
        return None
    return cut, label


def _main_run(paras: list[_Para]) -> tuple[int, int]:
    """The article's extent: the run of paragraphs with the largest weight (Kadane's maximum sum)."""
    best, cur, start, lo, hi = 0.0, 0.0, 0, 0, -1
    for i, p in enumerate(paras):
        x = _WEIGHT[p.cls] * max(p.words, 3)
        if cur <= 0:
            cur, start = x, i
        else:
            cur += x
        if cur > best:
            best, lo, hi = cur, start, i
    return lo, hi


#: junk paragraphs between two runs of article prose that still make one article (a menu, an ad line,
#: a caption between the first paragraphs and the rest)
BRIDGE_GAP = 2


def _bridged(paras: list[_Para], lo: int, hi: int) -> tuple[int, int]:
    """The article's run widened upwards over a short gap of chrome to the article prose above it (its
    first paragraphs, cut off by a menu or an ad line). Not downwards: what follows an article after
    a gap is a comment, a teaser or the next story as often as not (measured on realpages-dev)."""
    while True:
        k = lo - 1
        while k >= 0 and lo - k <= BRIDGE_GAP and paras[k].cls != "good":
            k -= 1
        if k < 0 or lo - k > BRIDGE_GAP + 1 or paras[k].cls != "good" or any(p.thread for p in paras[k:lo]):
            break
        lo = k
        while lo > 0 and paras[lo - 1].cls in ("good", "near"):
            lo -= 1
    return lo, hi


def _opener_after_article(paras: list[_Para], lo: int) -> int | None:
    """The first comment-thread opener with article prose above it (not a count next to the byline)."""
    total = sum(p.words for p in paras[lo:] if p.cls == "good")
    prose = 0
    for i in range(lo, len(paras)):
        if paras[i].thread and prose >= THREAD_AFTER_WORDS and prose >= THREAD_AFTER_SHARE * total:
            return i
        if paras[i].cls == "good":
            prose += paras[i].words
    return None


@cache_short(_CACHED_CHARS, 1024)  # a site's teasers, captions and widgets recur on its pages
def _paragraph(text: str, words: Vocab, lexical: bool) -> _Para:
    """A paragraph's features for the article's run: its words, class, thread opener and menu test."""
    cls = classify(text, words, lexical)
    return _Para(text.count(" ") + 1, cls, _opens_thread(text, cls, words),
                 cls == "bad" and _is_menu(text, words.function_words))


def find_chrome(paragraphs: list[str], words: Vocab, keep: frozenset[int] = frozenset()) -> dict[int, str]:
    """Indexes of the paragraphs that are page chrome, with the label each gets."""
    if len(paragraphs) < 2:
        return {}
    fw = words.function_words
    # the words of the first 40 paragraphs, counted paragraph by paragraph (the counts are cached for
    # the classes below; no word spans two paragraphs)
    counts = [_word_counts(p, fw) for p in paragraphs[:40]]
    lexical = sum(hits for hits, _ in counts) >= 0.1 * sum(total for _, total in counts)
    paras = [_paragraph(p, words, lexical) for p in paragraphs]
    lo, hi = _main_run(paras)
    if hi < 0:
        return {}
    lo, hi = _bridged(paras, lo, hi)
    drop: dict[int, str] = {}
    # a comment thread opened below article prose runs to the end of the page
    thread = _opener_after_article(paras, lo)
    if thread is not None:
        drop.update(dict.fromkeys(range(thread, len(paras)), "comments"))
        hi = min(hi, thread - 1)
    inside = set(range(lo, hi + 1))
    # a closing list: list items right after the article, with the short headings among them
    # (``Playoff schedule``, ``Saturday``, then the games)
    i = hi + 1
    while i < len(paras) and i not in drop:
        j = i
        while j < len(paras) and j < i + 2 and paras[j].cls in ("short", "near"):
            j += 1
        if j >= len(paras) or paras[j].cls != "list" or j in drop:
            break
        inside.update(range(i, j + 1))
        i = j + 1
    for i, p in enumerate(paras):
        # a share bar goes wherever it is, and so does a menu the article's run was bridged over
        if i not in drop and (i not in inside or p.cls == "widget" or p.menu):
            drop[i] = "chrome"
    for i in keep:
        drop.pop(i, None)
    return drop


def prepare(ctx: Context) -> None:
    """Compile what the pass needs before the first document (``pipeline.prepare``)."""
    vocab(ctx.profile)
    for pattern in (_SENTENCE, _CAPITALISED, _HINT, _GluePoints._capital):
        pattern.text_pattern()


def chrome(doc: Document, ctx: Context) -> None:
    """Remove page chrome left in the body: menus, teaser runs, share widgets, footers, comment threads.

    Decided per document by shape (function-word share, glued words, capitals, sentences) around the
    article's densest run of prose; closing lists and tables after the article stay.
    """
    keep = {0} if doc.lead_first else set()
    for k, line in enumerate(doc.origins):
        if doc.lines[line].rstrip().endswith(":") and _next_label(doc, line) == "link":
            keep.add(k)  # "On the Net:" whose URL became a link: the article's closing list
    words = vocab(ctx.profile)
    drop = find_chrome(doc.paragraphs, words, frozenset(keep))
    cuts = {k: cut for k, para in enumerate(doc.paragraphs)
            if k not in drop and (cut := trailing_chrome(para, words)) is not None}
    doc.drop_paragraphs(drop, NAME, cuts)


def _next_label(doc: Document, i: int) -> str | None:
    """The label of the next non-blank line after line ``i``."""
    for j in range(i + 1, len(doc.lines)):
        if doc.labels[j] != BLANK:
            return doc.labels[j]
    return None
