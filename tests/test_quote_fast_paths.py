"""Exact tests of the quote engine's fast paths (issue 13): a pattern is left uncalled only where
it cannot match, which these tests check against the patterns themselves, on the samples and on
sentences of each pack's words, and on hand-made edge cases."""

from __future__ import annotations

import re

import pytest
import regex

from newsclean.quotes import Packs, default_packs
from newsclean.quotes.frames_reported import _tail_sep_in
from newsclean.quotes.grammar import Grammar, SpeechAhead, match_holding, required_literals

from .test_quote_prefilters import _grammars, _texts

_WORD_START = regex.compile(r"(?<![\p{L}\p{N}])[\p{L}\p{N}]")

# the separator's edge cases: a quotation mark after `,!?—` (the mark at the window's start, the
# `,` before it), dashes of every width, other whitespace, nothing before the speaker
_EDGES = [
    'It works," he said.', 'It works!" she said.', "Why?' they asked.", "Done—” he said.",
    "Prices rose — analysts said.", "Prices rose – analysts said.", "Prices rose ― analysts said.",
    "Prices rose,\u00a0officials said.", "Prices rose,\n\tthe ministry said.", "Prices rose officials said.",
    '"It works" he said.', "It works: he said.", "x, y said", ", said", "said",
]


def _tail_texts(g: Grammar) -> list[str]:
    w = g.pack.words
    made = [f"The plan failed, {d} ministry {v} on Monday." for d in w("tail_np_determiners")[:3]
            for v in w("speech_verbs")[:5]]
    return _texts(g) + _EDGES + made


@pytest.mark.parametrize(("code", "g"), _grammars(), ids=lambda x: x if isinstance(x, str) else "")
def test_no_tail_pattern_matches_without_its_separator(code: str, g: Grammar) -> None:
    skipped = matched = 0
    for text in _tail_texts(g):
        for h in [m.start() for m in _WORD_START.finditer(text)] + [len(text)]:
            for back, pattern in ((200, g.tail_spk_re), (80, g.tail_np_re), (10, g.tail_comma_re)):
                for lo in {max(0, h - back), max(0, h - 1), h}:
                    found = pattern.match(text, lo, h)
                    if not _tail_sep_in(g, text, lo, h):
                        skipped += 1
                        assert found is None, (code, text[lo:h])
                    elif found is not None:
                        matched += 1
    assert skipped and matched  # (not vacuous)


def test_the_separator_before_the_window_counts() -> None:
    g = default_packs().get("en").grammar
    text = 'It works," he said'
    quote, cue = text.index('"'), text.index("said")
    # the window opens on the quotation mark; the comma before it is read by the lookbehind
    assert g.tail_spk_re.match(text, quote, cue) is not None
    assert _tail_sep_in(g, text, quote, cue)
    assert not _tail_sep_in(g, "It works he said", 3, 12)


def _same_match(a: regex.Match[str] | None, b: regex.Match[str] | None) -> bool:
    """The same span and the same value of every group (a group the pattern lacks is None)."""
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and all(
        a.group(k) == (b.group(k) if k in b.re.groupindex else None) for k in a.re.groupindex)


# what may follow a quote: its frame with the speaker first or the verb first, separators of every
# kind, a `-` opening the speaker, verbs run on by digits or cut by the window, a verb in the speaker
_AFTER_QUOTE = [
    '"It works," he said.', '"It works," said Dr. Alicia Moreno, a chemist at the college.',
    '"It works" -- the minister told reporters.', '"Yes,"\u00a0;— officials said2 on Monday.',
    '"No," -the aides said', '"No," - - said aides', '"No,"\n\n  said the critic, who told us so.',
    '"No," said Ann, who said_ it', '"No," the said', '"No," I said', '"No," according to Lee.',
    '"No," Lee,  the says', '"No," ,', '"No,"', '"No," sai', '"No," x said-', '"Go" said',
]


@pytest.mark.parametrize(("code", "g"), _grammars(), ids=lambda x: x if isinstance(x, str) else "")
def test_a_post_quote_match_is_the_patterns(code: str, g: Grammar) -> None:
    w = g.pack.words
    made = [f'"Wir kommen", {v} {s} am Montag.' for v in w("speech_verbs")[:6]
            for s in (*w("subject_pronouns")[:2], "Anna Berg", "die Polizei")]
    made += [f'"Sí", {s} {v} Ana Paz.' for v in w("speech_verbs")[:6] for s in w("np_determiners")[:2]]
    compared = skipped = found = 0
    for text in _texts(g) + _AFTER_QUOTE + made:
        starts = [m.start() for m in _WORD_START.finditer(text)]
        starts += [i + 1 for i, c in enumerate(text) if c in "\"”»“'"]
        for end in {len(text), min(len(text), 120)}:
            ahead = SpeechAhead(g, text, end)
            for p in sorted({s for s in starts if s <= end}):
                want = g.post_quote_re.match(text, p, end)
                assert _same_match(want, g.post_quote_match(text, p, end)), (code, text[p:end])
                assert _same_match(want, g.post_quote_match(text, p, end, ahead)), (code, text[p:end])
                compared += 1
                found += want is not None
                skipped += not g.spaced_speech_re.search(text, p, end)  # (the branch is left out)
    assert compared and skipped and (found or not g.pack.words("speech_verbs"))
    assert g.post_quote_fast


def test_a_speaker_word_opening_with_a_separator_turns_the_fast_path_off() -> None:
    odd = Packs({"en": {"subject_pronouns": [" he"]}}).get("en").grammar
    assert not odd.post_quote_fast
    text = '"Yes,"  he said.'
    assert _same_match(odd.post_quote_re.match(text, 6), odd.post_quote_match(text, 6, len(text)))


def test_the_standard_engines_whitespace_holds_regexs() -> None:
    # (the test for a verb after whitespace and the separators run on the standard engine: a
    # character that `regex` reads as whitespace must be whitespace to it too)
    ours, theirs = re.compile(r"\s"), regex.compile(r"\s")
    assert not [i for i in range(0x110000) if theirs.match(chr(i)) and not ours.match(chr(i))]


@pytest.mark.parametrize(("code", "g"), _grammars(), ids=lambda x: x if isinstance(x, str) else "")
def test_a_frame_before_a_quote_holds_a_needle(code: str, g: Grammar) -> None:
    w = g.pack.words
    made = [f'{a} Anna Berg, "Ja." {a.replace(" ", chr(10))} the ministry: "No."' for a in w("according")]
    made += [f'{f} Ms. Lee, "Yes." {f} the aide: "No."' for f in w("fronted_cues")]
    made += ['Trump on Twitter: "Sad!" Lee:  "No." Lee - "x"', 'Anna Berg: "Ja."']
    skipped = found = 0
    for text in _texts(g) + made:
        quotes = [i for i, c in enumerate(text) if c == '"']
        for end in [m.start() for m in _WORD_START.finditer(text)] + quotes:
            for start in {max(0, end - 200), max(0, end - 12)}:
                want = g.pre_other_re.match(text, start, end)
                fast = match_holding(g.pre_other_re, g.pre_other_needles, text, start, end)
                assert _same_match(want, fast), (code, text[start:end])
                found += want is not None
                needles = g.pre_other_needles or ("",)
                skipped += not any(n in text[start:end] for n in needles)
    assert skipped and (found or code == "und")


# words before a cue: shares of every shape (digits, words, an `of` phrase), and speakers without one
_BEFORE_CUE = [
    "Half of the voters said", "52 percent said", "About 3.5% of those polled told", "one in 3 said",
    "Two-thirds of the members said", "a majority of them said", "Majorities said", "Three-quarters said",
    "officials said", "Lee, the mayor, said", "the 2024 vote said", "half said", "٣ percent said",
    "new sediment tests found", "the contractor was told", "he also said", "(officials) said",
]


@pytest.mark.parametrize(("pattern", "holds"), [
    (r"ab(c|d)e", (("ab",), False)), (r"(?:x)?\d+y", ((), True)),
    (r"[Hh]alf|quarter", (("Half", "half", "quarter"), False)), (r"(a|)b", (("b",), False)),
    (r"\p{L}+of", (("of",), False)), (r"x+(?:\d+|half)", (("half",), True)),
    (r"(?:\d+|half)+", (("half",), True)), (r"a*", None), (r"(?i)abc", None), (r"\\p{L}x", None),
    (r"(?!)", None), (r"['’]s\s+\w+", (("'s", "’s"), False)), (r"x[abcdefghijklmnopq]y", (("x",), False)),
])
def test_the_literals_a_pattern_requires(pattern: str, holds: tuple[tuple[str, ...], bool] | None) -> None:
    assert required_literals(pattern) == holds
    if holds is not None:
        # every match holds one: checked on strings the pattern matches
        compiled = regex.compile(pattern)
        for text in ("abce", "abde", "x12y", "12y", "Half", "quarter", "b", "ab", "éof", "xx7", "xhalf",
                     "7half"):
            m = compiled.search(text)
            if m:
                assert any(n in m.group() for n in holds[0]) or (holds[1] and regex.search(r"\d", m.group()))


_POSSESSIVE = [
    "Trump's campaign said", "the mayor’s office told", "Lee's two aides said", "officials said",
    "The cooperative said", "a young boy said", "Its 's said", "s campaign said",
]

_SPEAKERS_BEFORE = [  # (full pattern, fast call, what the left-out branch needs, window, texts of its own)
    ("spk_before_re", "speaker_before", "share_holds", 160, _BEFORE_CUE),
    ("pre_spk_re", "speaker_before_pre", "possessive_holds", 200, _BEFORE_CUE + _POSSESSIVE),
]


@pytest.mark.parametrize(("full", "fast", "holds", "window", "own"), _SPEAKERS_BEFORE,
                         ids=[f[0] for f in _SPEAKERS_BEFORE])
@pytest.mark.parametrize(("code", "g"), _grammars(), ids=lambda x: x if isinstance(x, str) else "")
def test_a_speaker_before_a_cue_is_the_patterns(code: str, g: Grammar, full: str, fast: str, holds: str,
                                               window: int, own: list[str]) -> None:
    compared = found = 0
    for text in _texts(g) + own:
        for h in [m.start() for m in _WORD_START.finditer(text)] + [len(text)]:
            for lo in {max(0, h - window), max(0, h - 8), h}:
                want = getattr(g, full).match(text, lo, h)
                assert _same_match(want, getattr(g, fast)(text, lo, h)), (code, text[lo:h])
                compared += 1
                found += want is not None
    assert compared and getattr(g, holds) is not None
    assert found or not g.pack.words("speech_verbs")


