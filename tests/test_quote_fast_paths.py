"""Exact tests of the quote engine's fast paths (issue 13): a pattern is left uncalled only where
it cannot match, which these tests check against the patterns themselves, on the samples and on
sentences of each pack's words, and on hand-made edge cases."""

from __future__ import annotations

import pytest
import regex

from newsclean.quotes import default_packs
from newsclean.quotes.frames_reported import _tail_sep_in
from newsclean.quotes.grammar import Grammar

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
