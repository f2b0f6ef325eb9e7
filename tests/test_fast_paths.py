"""The cleaning passes' fast paths give the answers of the patterns they stand for.

The commonest questions (does this line end a sentence, where are a paragraph's glue points, how many
of its words are function words) are answered without running a regular expression over the whole
text: a line's end read from the end, words split from bytes, a pattern run only where what it needs
is present, the case skeleton's patterns run on the text itself beyond ASCII. Each fast path is
checked here against the plain pattern it replaces, on the samples' lines and on generated text that
mixes the characters the shortcuts treat apart (curly quotes, Cyrillic, capitals beyond ASCII and
beyond U+3000, combining marks, dotless i, the Kelvin sign, control characters).
"""

from __future__ import annotations

import importlib
import re

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsclean.context import Context
from newsclean.glue import (
    _DIGIT_CAPITAL,
    _NEEDLES,
    _NUMBER_THEN_WORD,
    _QUOTES_MEET,
    _casefold,
    _cjk_possible,
    _needle_starts,
    _numbers_then_words,
    glue_points,
)
from newsclean.jsonld import HTML, STRONG, WEAK, strong_leaf, strong_match, weak_leaf
from newsclean.passes.paragraphs import _WORD as PARAGRAPH_WORD
from newsclean.passes.paragraphs import _words, collapse_spaces
from newsclean.shapes import cache_short, ends_sentence

from .test_inputs_formats import DUMPS

chrome = importlib.import_module("newsclean.passes.chrome")  # the package exports the pass function
CTX = Context.build()
SHAPES = CTX.shapes
LINES = [line.strip() for p in DUMPS for line in p.read_text("utf-8", errors="replace").splitlines()]

# the patterns the fast paths replace, as they were written for the case skeleton
GLUE = re.compile(r"(?<=a)(?=A)|(?<=[.!?:;,)\]])(?=A)|(?<=[.!?:;,)\]][\"”’])(?=A)|\s*[|•·»›]\s*")
HINT = re.compile(r"[a.!?:;,)\]][\"”’]?A|[|•·»›]")
SENTENCE = re.compile(r"[a\d%)][.!?…][\"”’)]*(?:\s|$)")
#: the pattern ``ends_sentence`` reads from the line's end (the oracle it must agree with)
SENTENCE_END = regex.compile(r"[.!?…][\"”’»)]*$")
CAPITALISED = re.compile(r"(?:^|\s)[\"“‘'(\[]?A")
WORD = re.compile(r"(?:[^\W\d_]|['’])+")

PIECES = ["said.", "The", "the", " ", "  ", ".", "!", "?", "…", ",", ":", ";", ")", "]", "(", '"', "”", "“",
          "’", "'", "|", " | ", "•", "·", "»", "›", "©", "(c)", "Copyright", "all rights reserved", "%",
          "3", "٣", "²", "iPhone", "HomeNewsSport", "Жж", "Иван", "é", "É", "\u0301", "ǅ", "ª", "Ｔｈｅ", "ß",
          "ı", "İ", "K", "ſ", "\t", "\xa0", "\n", "\x01", "?", "_", "don’t", "it's", "and", "of", "und", "и"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)
LEAVES = ["JSON", "en-GB", "de_DE", "1920 1080", "600", "required", "name=", "search_term_string", "true",
          "FALSE", ".paywall", "#main", "P", "T1M", "1 Home 2 News", "staff writer", "Staff\x1fWriter",
          "&amp;", "<p>", " ", "x"]


def skeleton(text: str) -> str:
    """The case skeleton by its definition: every cased letter below U+3000 as ``A`` or ``a``."""
    return text.translate(chrome._CASE)


def check_chrome(text: str) -> None:
    skel = skeleton(text)
    assert list(chrome._GLUE.spans(text)) == [m.span() for m in GLUE.finditer(skel)]
    assert chrome._GLUE.split(text) == _split(text, skel)
    for pos in {0, 1, len(text) // 2, max(0, len(text) - 160), len(text)}:
        assert chrome._GLUE.search(text, pos) == (GLUE.search(skel, pos) is not None)
    assert chrome._hinted(text) == (HINT.search(skel) is not None)
    assert chrome._has_sentence(text) == (SENTENCE.search(skel) is not None)
    assert len(chrome._CAPITALISED.findall(text)) == len(CAPITALISED.findall(skel))
    rights = chrome._RIGHTS.search(text)
    assert chrome._rights_at(text) == (None if rights is None else rights.start())
    function_words = CTX.profile.function_words | {"don’t", "it’s"}
    tokens = WORD.findall(text.lower())
    assert chrome._word_counts(text, function_words) == (sum(1 for t in tokens if t in function_words),
                                                          len(tokens))


def _split(text: str, skel: str) -> list[str]:
    out, pos = [], 0
    for m in GLUE.finditer(skel):
        out.append(text[pos:m.start()])
        pos = m.end()
    return [*out, text[pos:]]


def check_lines(line: str) -> None:
    assert ends_sentence(line) == (SENTENCE_END.search(line) is not None)
    assert SHAPES.is_prose(line) == (line.count(" ") + 1 >= 25 or (
        line.count(" ") + 1 >= 5 and SENTENCE_END.search(line) is not None))
    assert _words(line) == PARAGRAPH_WORD.findall(line.casefold())
    assert collapse_spaces(line) == " ".join(line.split())
    assert strong_match(line) == (STRONG.fullmatch(line) is not None)
    assert strong_leaf(line) == (STRONG.fullmatch(line) is not None or HTML.search(line) is not None)
    assert weak_leaf(line) == (WEAK.fullmatch(line) is not None)
    if line.isascii():
        role = SHAPES.role_hint.search(line) is not None
        assert (SHAPES.role_hint_ascii.search(line.lower()) is not None) == role


def test_the_samples_lines_get_the_patterns_answers() -> None:
    for line in LINES:
        check_lines(line)
        if line:
            check_chrome(line)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_generated_text_gets_the_patterns_answers(text: str) -> None:
    check_lines(text)
    check_chrome(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LEAVES), max_size=8).map("".join))
def test_generated_leaves_and_roles_get_the_patterns_answers(line: str) -> None:
    check_lines(line)


def test_the_glue_needles_are_found_by_one_scan() -> None:
    def by_find(classes: bytes) -> list[int]:
        out = []
        for needle in _NEEDLES:
            i = classes.find(needle)
            while i >= 0:
                out.append(i)
                i = classes.find(needle, i + 1)
        return sorted(out)

    alphabet = b'aA9.:)("  '
    cases = [bytes([a, b, c]) for a in alphabet for b in alphabet for c in alphabet]
    for classes in [*cases, b'9(: :")(:', b'.A.9.("A"9"()A)9:A:9:(']:
        assert _needle_starts(classes) == by_find(classes)


def test_a_page_folds_the_same_slice_by_slice() -> None:
    text = "Straße ΣΑΣ İstanbul ﬁne K ŉ " * 7
    for step in (1, 2, 3, 5, 64):
        assert _casefold(text, step) == text.casefold()


def test_a_long_string_is_answered_but_not_kept() -> None:
    calls = []

    @cache_short(10, 8)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    assert length("short") == 5 and length("short") == 5
    assert length("x" * 50) == 50 and length("x" * 50) == 50
    assert calls == ["short", "x" * 50, "x" * 50]  # the short one once, the long one each time
    assert length.cache_info().currsize == 1  # type: ignore[attr-defined]


def test_the_text_patterns_beyond_ascii_are_the_skeleton_patterns() -> None:
    # a capital beyond U+3000 is no capital of the skeleton: "ｔＨ" glues nothing, "tH" does
    assert chrome._GLUE.spans("ｔＨｅ") == ()
    assert chrome._GLUE.spans("tHe") == ((1, 1),)
    assert chrome._GLUE.spans("жЖ") == ((1, 1),)
    assert regex.compile(chrome._on_text("A")).fullmatch("Ж") is not None


def test_the_one_byte_tables_are_the_word_pattern_on_every_byte() -> None:
    """Each byte of each codec's table: its lowered character when ``_WORD`` can hold that, else a space."""
    for codec, table in chrome._ONE_BYTE_LETTERS.items():
        for byte, char in _codec_chars(codec):
            if char is not None and WORD.fullmatch(char.lower()):
                assert bytes([table[byte]]).decode(codec) == char.lower()
            else:
                assert table[byte] == 32


def _codec_chars(codec: str) -> list[tuple[int, str | None]]:
    """Each byte and the character ``codec`` reads it as (None: a byte the codec leaves undefined)."""
    out: list[tuple[int, str | None]] = []
    for byte in range(256):
        try:
            out.append((byte, bytes([byte]).decode(codec)))
        except UnicodeDecodeError:
            out.append((byte, None))
    return out


ONE_BYTE_PIECES = ["Le", "où", "über", "l’été", "L'", "¼", "²", "µ", "ª", "º", "ß", "ÿ", "Ÿ", "Œuvre", "š",
                   "Š", "для", "Для", "ЁЖ", "ё", "Ѓ", "ѓ", "Ї", "ў", "№", "«", "»", "„", "“", "”", "—", "–",
                   "…", "’", "‘", "\xa0", " ", "  ", ".", ",", "3", "_", "\x01", "€", "×", "÷", "→", "Σσς",
                   "İ", "😀"]

@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ONE_BYTE_PIECES), max_size=24).map("".join))
def test_text_a_one_byte_codec_encodes_gets_the_word_counts(text: str) -> None:
    function_words = CTX.profile.function_words | {"où", "über", "l’été", "для", "ё", "œuvre", "²"}
    tokens = WORD.findall(text.lower())
    assert chrome._word_counts.__wrapped__(text, function_words) == (
        sum(1 for t in tokens if t in function_words), len(tokens))


def test_the_one_byte_word_tables_are_the_word_pattern_on_every_byte() -> None:
    """Each byte of each codec's table for ``_words``: itself when its character is ``\\w``, else a space."""
    paragraphs = importlib.import_module("newsclean.passes.paragraphs")
    for codec, table in paragraphs._ONE_BYTE_WORD.items():
        for byte, char in _codec_chars(codec):
            assert table[byte] == (byte if char is not None and PARAGRAPH_WORD.fullmatch(char) else 32)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ONE_BYTE_PIECES), max_size=24).map("".join))
def test_text_a_one_byte_codec_encodes_gets_its_words(text: str) -> None:
    assert _words(text) == PARAGRAPH_WORD.findall(text.casefold())


NUMBER_PIECES = ["12", "2008", "$429.99", "12.89%", "(3)", "Chelsea", "Looking", "Mbps", "BitDo", "Blue",
                 "DAV", "4Pro", "Ab", "A", "x", " ", "(", ")", "%", "-", "/", ":", ",", ".", "#", "+", "[",
                 "Éte", "Жук", "٣", "”", "。", "」「"]

@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=16).map("".join))
@example("12.89%Chelsea (3)Looking x2008Chelsea $429.99Looking 85Mbps 3Blue1Brown")
def test_a_number_glued_to_a_word_is_found_where_the_pattern_finds_it(line: str) -> None:
    numbers = [m.start() for m in _NUMBER_THEN_WORD.finditer(line)] if _DIGIT_CAPITAL.search(line) else []
    assert _numbers_then_words(line, line.isascii()) == numbers
    quotes_meet = "。" in line or "！" in line or "？" in line or _QUOTES_MEET.search(line) is not None
    assert _cjk_possible(line) == quotes_meet


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=40))
def test_a_hint_in_a_paragraphs_head_is_one_in_the_paragraph(text: str, cut: int) -> None:
    """``_opens_thread`` tests the head only when the whole text is hinted."""
    assert not chrome._hinted(text[:cut]) or chrome._hinted(text)


def test_the_one_byte_codecs_are_read_as_str_encode_and_bytes_decode_read_them() -> None:
    from newsclean.shapes import ONE_BYTE_CODECS, one_byte_decoded, one_byte_encoded

    for codec in ONE_BYTE_CODECS:
        for byte in range(256):
            data = bytes([byte])
            try:
                char = data.decode(codec)
            except UnicodeDecodeError:
                continue
            assert one_byte_decoded(data, codec) == char
    for text in ("", "plain", "l’été « à »", "для ёжика", "für €5", "→", "Σ", "l’été для"):
        codec = next((c for c in ONE_BYTE_CODECS if _encodes(text, c)), None)
        assert one_byte_encoded(text) == (None if codec is None else (codec, text.encode(codec)))


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


HEAD_PIECES = ["Home", " | ", "|", " » ", "»", " > ", ">", " › ", "1 ", "12 ", "٣ ", "Apple", "the", " - ",
               "-", " – ", "—", "News24", "Ünited", "\xa0", "\t", " ", "Daily Courier", ".", "2008"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=10).map("".join))
@example("1 Home 2 News")
@example("٣ Home ٤ News")
@example("Storm hits coast - Daily Courier")
def test_head_lines_skip_only_the_patterns_they_cannot_match(line: str) -> None:
    dedupe = importlib.import_module("newsclean.passes.dedupe_headers")
    assert dedupe._separated(line) == (dedupe._SEPARATED.search(line) is not None)
    ours, theirs = dedupe._suffixed(line), dedupe._SUFFIX.fullmatch(line)
    assert (ours is None) == (theirs is None)
    assert ours is None or ours.groupdict() == theirs.groupdict()


TITLE_PIECES = ["Storm", " hits ", "coast", " | ", "|", " :: ", ":", " : ", " - ", "-", "--", " – ",
                " — ", " > ", " » ", " › ", " / ", " • ", " · ", " ~ ", "_", "Daily", "news24.com", "é",
                "\xa0", " ", "A", "b"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TITLE_PIECES), max_size=10).map("".join))
@example("news_Today")
@example("Storm hits coast- Daily")
def test_a_title_with_no_separator_character_is_one_part(title: str) -> None:
    headline = importlib.import_module("newsclean.headline")
    parts = headline._SEP.split(title)
    assert headline._may_separate(title) or parts == [title]


WEAK_PIECES = ["600", "60", " ", "\xa0", "1600 900", "Site", "en-GB", "en_US", "de-", "x", "12", "3",
               "٣٤", ",", ".", ":", "/", "-", "Caption", "a" * 60]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WEAK_PIECES), max_size=12).map("".join))
@example("Economic Times 600 60")
@example("Site 60 60")
@example("123456789")
@example("٣٤ ٥٦")
def test_weak_leaves_skip_only_the_lines_the_pattern_cannot_match(line: str) -> None:
    assert weak_leaf(line) == (WEAK.fullmatch(line) is not None)


PREFIX_PIECES = ["AFP", ": ", ":", "...", "…", ". ", "..", " ", "France to boycott", "SFPD", "?", "!", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PREFIX_PIECES), max_size=8).map("".join))
@example("AFP: France to boycott the games")
@example("AdelaideNow... Heart surgeon saves a life")
@example("AdelaideNow… Heart surgeon saves a life")
def test_a_title_with_no_colon_or_ellipsis_has_no_prefix(title: str) -> None:
    headline = importlib.import_module("newsclean.headline")
    assert ":" in title or "…" in title or "..." in title or headline._PREFIX.fullmatch(title) is None
    assert headline._unprefixed(title, "example.com", {"afp"}) == (
        title if (m := headline._PREFIX.fullmatch(title)) is None or len(m["rest"].split()) < 3
        or not headline._site_like(m["prefix"].strip(), "example.com", {"afp"}) else m["rest"].strip())


GLUE_PIECES = ["said", "the", "October", "Example", "We", "I", "U", "S", "Mr", "x@y.com", "www.a.org", "3",
               ".", ".", "...", "?", "!", ":", ",", '"', '"', "'", "''", "(", ")", "[", "]", " ", " ", "-"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(GLUE_PIECES), max_size=16).map("".join))
@example('the way:"We')
@example("(0-2 WAC))White")
@example('(6.7")Medium')
@example("said.''The")
def test_an_ascii_line_has_the_glue_points_of_the_general_scan(line: str) -> None:
    """The byte-class needles of an ASCII line find what the general `re` hint finds on any line: the
    same line with a no-break space after it (which takes the general path, and adds no word) is cut
    alike."""
    wide = line + "\xa0"
    assert glue_points(line, CTX) == [c for c in glue_points(wide, CTX) if c < len(line)]
