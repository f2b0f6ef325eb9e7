"""quotes: quotations and reported speech, with speaker, cue and offsets into the text."""

from __future__ import annotations

from functools import lru_cache

from ..context import Context
from ..document import Document
from ..profile import Profile
from ..quotes import Pack, Packs, extract_quotes


def quotes(doc: Document, ctx: Context) -> None:
    """Extract direct, mixed and indirect quotes with their speakers from the clean text.

    Runs on the final text, so ``start``/``end`` index the record's ``text`` field. The language
    pack is ``--quote-language`` when given, else the record's ``language``, else the language
    whose stop words the text holds most (else frames by shape only).
    """
    doc.quotes = extract_quotes(doc.text, pack_for(doc, ctx))


def pack_for(doc: Document, ctx: Context) -> Pack:
    """The pack the text of ``doc`` is read with (see :func:`quotes`)."""
    packs = quote_packs(ctx.profile)
    code = ctx.options.quote_language or doc.language or packs.guess(doc.text)
    return packs.choose(code)


@lru_cache(maxsize=8)
def quote_packs(profile: Profile) -> Packs:
    """The packs of a profile (its ``quote_packs``, and its quote words for every language), one
    instance per profile so that each language's patterns compile once per process."""
    everywhere = {
        "speech_verbs": list(profile.quote_cues), "that": list(profile.quote_that),
        "according": list(profile.quote_according), "pronouns": dict(profile.quote_pronouns),
        "abbreviations_any_case": list(profile.quote_abbreviations),
    }
    return Packs(profile.quote_packs, {k: v for k, v in everywhere.items() if v})


def check_quote_language(profile: Profile, code: str | None) -> str | None:
    """``code`` normalised (`DE` -> `de`) when a pack reads it, None for none; raises ValueError
    naming the languages that have a pack otherwise (a usage error)."""
    if not code:
        return None
    packs = quote_packs(profile)
    pack = packs.get(code)
    if pack is None:
        raise ValueError(f"--quote-language {code}: no quote pack for it (packs: {', '.join(packs.codes)}; "
                         "a profile's quote_packs can add one)")
    return pack.code


def prepare(ctx: Context) -> None:
    """Compile, before workers fork, the pack a run names with ``--quote-language`` (the others
    compile in each worker on first use of their language)."""
    if ctx.options.quote_language:
        quote_packs(ctx.profile).choose(ctx.options.quote_language).grammar.compile()
