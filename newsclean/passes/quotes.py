"""quotes: quotations and reported speech, with speaker, cue and offsets into the text."""

from __future__ import annotations

from functools import lru_cache

from ..context import Context
from ..document import Document
from ..profile import Profile
from ..quotes import QuoteWords, extract_quotes


def quotes(doc: Document, ctx: Context) -> None:
    """Extract direct, mixed and indirect quotes with their speakers from the clean text.

    Runs on the final text, so ``start``/``end`` index the record's ``text`` field.
    """
    doc.quotes = extract_quotes(doc.text, quote_words(ctx.profile))


@lru_cache(maxsize=8)
def quote_words(profile: Profile) -> QuoteWords:
    """The profile's words for quotes, one instance per profile, so that their patterns compile once."""
    return QuoteWords(cues=profile.quote_cues, that=profile.quote_that, according=profile.quote_according,
                      pronouns=tuple(sorted(profile.quote_pronouns.items())),
                      abbreviations=profile.quote_abbreviations)
