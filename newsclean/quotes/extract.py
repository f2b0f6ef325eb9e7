"""Quote attribution for one article: the stages in order, over one language pack.

Why rules and not a model: the frames of news attribution are few and formulaic (``"…," he
said``, ``X said that …``, ``according to X``; ``„…“, sagte er``, ``laut X``), a rule can be read
and fixed, and it runs at tens of thousands of sentences per second. The rules are shapes; the
words of each language come from its pack (:mod:`.pack`).

1. marks (:mod:`.marks`): pair quotation marks into quoted spans;
2. units (:mod:`.units`): find every cue word with one scan and cut the text into sentence
   units, never inside a quotation;
3. frames, per unit, most specific first: a unit that is nothing but a quote continues the
   statement before it (or is signed on the next line); a quote and its frame
   (:mod:`.frames_quoted`); reported speech (:mod:`.frames_reported`); then, over the whole
   text, the clause frames most languages share (:mod:`.frames_clause`) where those found nothing;
4. speakers (:mod:`.speakers`): resolved against earlier mentions;
5. records (:mod:`.records`): sorted, bounded in nesting, sliced.

Every pattern is anchored on a cue word or a quotation mark and bounded in length, and per-unit
work uses bisection, so the pass is linear in the input.
"""

from __future__ import annotations

import bisect
import itertools
from typing import Any

from . import frames_quoted as fq
from .frames_clause import next_subject, previous_subject
from .frames_clause import reported as clause_reported
from .frames_reported import bare_frame, emit_reported, reported
from .marks import QuoteSpan, find_quote_spans
from .pack import DEFAULT, Pack, default_packs
from .records import Context, Records, trim
from .units import cue_hits, near, only_punct, units


def extract_quotes(text: str, pack: Pack | str | None = None) -> list[dict[str, Any]]:
    """Find quotations and reported speech in one article.

    Returns dicts with keys text, start, end, kind, speaker, speaker_full, speaker_title, cue
    (in that order), sorted by start; ``text[start:end]`` equals each record's ``text``. Never
    raises on odd or unbalanced marks. ``pack`` is the language's pack or its code (default:
    English); a code without a pack reads the text by shape only (the undetermined pack).
    """
    if not text:
        return []
    if not isinstance(pack, Pack):
        pack = default_packs().choose(pack or DEFAULT)
    g = pack.grammar
    quotes = find_quote_spans(text, pack.mark_pairs)
    ex = Records(text, g)
    speech, hits = cue_hits(g, text)
    spans = units(g, text, quotes, speech)
    if "quoted" in pack.frames or "reported" in pack.frames or g.v2:
        opens = [q.open_start for q in quotes]
        ctx: Context | None = None
        with_reported = "reported" in pack.frames or g.v2
        for k, (us, ue) in enumerate(spans):
            lo = bisect.bisect_left(opens, us)
            hi = bisect.bisect_left(opens, ue)
            first_hit = bisect.bisect_left(hits, us)
            end_hit = bisect.bisect_left(hits, ue)
            if lo == hi and first_hit == end_hit and text[ue - 1: ue] != ":":
                # plain prose: nothing to extract, and it ends any continuation, unless it is
                # reported speech in its mood (`Die Gefahr sei real.` goes on with the speaker)
                if ctx is None or not g.subjunctive_re or not g.subjunctive_re.search(text, us, ue):
                    ctx = None
                continue
            # the unit before, when in the same paragraph
            before = spans[k - 1] if k and "\n" not in text[spans[k - 1][1]: us] else None
            ctx = _unit(ex, text, us, ue, quotes[lo:hi], hits[first_hit:end_hit] if with_reported else [],
                        speech, ctx, with_reported, before, quotes)
    if "words" in pack.frames:
        _word_frames(ex, text, quotes, spans)
    return ex.finish()


def _word_frames(ex: Records, text: str, quotes: list[QuoteSpan], spans: list[tuple[int, int]]) -> None:
    """Reported speech in the word frames (`Ольга Гусева отметила, что …`, `Selon X, …`, `…,
    сообщили в …`), where the other frames found nothing."""
    found = ex.g.words.frames(text, spans)
    if not found:
        return
    taken = sorted((q.start, q.end) for q in ex.out)
    taken_starts = [a for a, _ in taken]
    reach = list(itertools.accumulate((b for _, b in taken), max))  # furthest end so far
    found.sort(key=lambda f: (f[0], f[1]))  # (stable; speakers may be None)
    last = -1
    for cs, ce, spk, spos, cue in found:
        i = bisect.bisect_left(taken_starts, ce)
        if cs < last or (i and reach[i - 1] > cs):
            continue  # another frame, or the frame before, already read these words
        j = bisect.bisect_right(spans, (cs, len(text)))
        emit_reported(ex, text, quotes, cs, ce, spk, spos, cue, spans[j - 1][0] if j else 0)
        last = ce


def _reported(ex: Records, text: str, us: int, ue: int, qs: list[QuoteSpan], hits: list[int],
              speech: list[int], before: tuple[int, int] | None = None,
              quotes: list[QuoteSpan] | None = None) -> Context | None:
    """Reported speech of one unit, by the pack's reported frames."""
    if ex.g.v2:
        return clause_reported(ex, text, us, ue, qs, speech, before, quotes)
    return reported(ex, text, us, ue, qs, hits, speech)


def _unit(ex: Records, text: str, us: int, ue: int, qs: list[QuoteSpan], hits: list[int],
          speech: list[int], ctx: Context | None, with_reported: bool = True,
          before: tuple[int, int] | None = None, quotes: list[QuoteSpan] | None = None) -> Context | None:
    """Attribute one unit; returns the context for a following bare quote."""
    g = ex.g
    if qs:
        q1, ql = qs[0], qs[-1]
        starts_with_quote = only_punct(text, us, q1.open_start)
        ends_with_quote = only_punct(text, ql.close_end, ue)
        if starts_with_quote and ends_with_quote and len(qs) == 1:
            # bare quote: signed on the next line (`-President Obama, tweeting …`), continuation
            # of the previous statement, or no known speaker
            sign = fq.next_line_sign(text, ue)
            if sign is not None:
                return ex.emit(q1.start, q1.end, "direct", sign.group("spk"), sign.start("spk"),
                               sign.group("dash"))
            if ctx is None and g.v2:
                # a quote standing alone before a sentence that points back at it (`„…“ Das
                # musste Peer Steinbrück einräumen.`) or after one about someone (`… will
                # Oettinger die Naturwissenschaften straffen. „Nicht jede Formel …“`): theirs
                ctx = next_subject(ex, text, ue) or previous_subject(ex, text, us)
            ex.emit_ctx(q1.start, q1.end, ctx.kind if ctx else "direct", ctx)
            return ctx
        done = fq.post_framed(ex, text, us, ue, qs, hits, speech)
        if done is not None:
            return done
        if starts_with_quote and fq.unknown_frame(g, text, ue, qs):
            return fq.emit_unknown_frame(ex, text, ue, q1, speech, ctx)
        if ends_with_quote:
            m = fq.pre_frame(g, text, us, q1.open_start, speech)
            if m is None and not g.v2 and fq.direct_chain(g, text, qs):
                c = g.bare_cue_re.match(text, max(us, q1.open_start - 80), q1.open_start)
                subj = g.subject_re.match(text, us, q1.open_start)
                cue = c.group("cue") if c else None
                if c is None and subj and text[us: q1.open_start].rstrip().endswith(":"):
                    # `Trump went even further: "…"`: the words after the subject act as the cue.
                    cue = fq.colon_cue(g, text, subj.end(), q1.open_start)
                if cue:
                    spk, spos = (subj.group("spk"), subj.start("spk")) if subj else (None, -1)
                    new = None
                    for q in qs:
                        new = ex.emit(q.start, q.end, "direct", spk, spos, cue) or new
                    return new
            if m and fq.direct_chain(g, text, qs) and (
                    only_punct(text, us, m[0])
                    or (text[us: m[0]].rstrip().endswith((",", " -", "—", "–"))
                        and not fq.discourse(g, text, us))):
                _, spk, spos, cue = m
                kind = "direct"
                q0 = qs[0]
                if not only_punct(text, us, m[0]) and not near(speech, us, m[0]) and (
                        g.topic_lead_re.match(text, us, m[0])
                        or fq._LOWER_START_RE.match(text, q0.start, q0.end)):
                    # `Of the scrutiny, he said, "…"` / `No name change, he said, "hides …"`: the
                    # leading phrase is part of the statement (a discontinuous, mixed content).
                    kind = "mixed"
                    ex.emit(*trim(g, text, us, m[0]), kind, spk, spos, cue)
                new = None
                for q in qs:
                    c2 = ex.emit(q.start, q.end, kind, spk, spos, cue)
                    new = new or c2
                return new
    # `Trump said:` with the quote in the next paragraph.
    if text[ue - 1: ue] == ":" and not qs:
        m = fq.pre_frame(g, text, us, ue, speech)
        if m:
            _, spk, spos, cue = m
            return ex.context(spk, spos, cue)
        found = _reported(ex, text, us, ue, qs, hits, speech) if with_reported else None
        subj = g.subject_re.match(text, us, ue) or g.the_name_re.match(text, us, ue)
        if subj and (found is None or not ex.out or ex.out[-1].kind == "indirect"):
            # `He told his audience, to rowdy applause:` / `The Foundation describes itself this
            # way:`: the subject speaks, the words up to the colon are the cue (also after
            # reported speech: `The Times confirmed that observation, reporting:`).
            return ex.context(subj.group("spk"), subj.start("spk"), fq.colon_cue(g, text, subj.end(), ue))
        return found
    if not with_reported:
        return None
    found = _reported(ex, text, us, ue, qs, hits, speech, before, quotes)
    if found is None and not qs and text[ue - 1: ue] == "." and not g.v2:
        return bare_frame(ex, text, us, ue, speech)
    return found
