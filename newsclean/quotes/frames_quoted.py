"""Stage 3a, quoted frames: a quotation and the words around it that attribute it.

The shapes (words from the pack): ``"…," SPEAKER CUE`` / ``"…," CUE SPEAKER`` after a quote that
opens a clause (later quotes joined by ``, "…"`` continue it; reported speech after the frame,
``…, adding that …``, is the same speaker's); ``SPEAKER CUE[,:] "…"`` before a quote that ends
the unit; a quote opening the unit, closed by a comma or followed by one or a dash, then a short
tail naming no known cue (``«…», — заявил … Андрей Воронцов.``): direct, in any language; a quote
signed with a dash and a name (``"…" ― Pamela Padilla``). Words before a quote that belong to the
statement make it mixed (``But when it comes to X, "…," he said``). A title in quotation marks
(``told ABC's "Good Morning America"``) is never a direct quote.
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

from .frames_clause import after_quote, before_quote, unit_frames
from .frames_reported import discourse, emit_reported, emit_reported_ctx, frames
from .grammar import SpeechAhead, match_holding, shared
from .marks import QuoteSpan
from .records import Context, Records, cue_text, group, is_title, trim
from .units import near, only_punct

if TYPE_CHECKING:
    from .grammar import Grammar

# A quote opens a clause when it follows `,` `:` `;` a dash or a bracket.
_CLAUSE_START_RE = shared(r"(?r)[,:;—–―(\[-]\s*\Z")
# What may join a continuation quote to its frame: `, "…"`, `. "…"`, or a short phrase ending in `,`/`:`.
_JOIN_RE = shared(r"\G(?:[\s,.;:—–―-]*|[^\"“”«»„\n]{0,60}[,:]\s*)\Z")
# `No name change, he said, "hides what it really is."`: a quote that continues the sentence.
_LOWER_START_RE = shared(r"\G[^\p{L}\n]{0,3}\p{Ll}")
# A frame in words that are not known cues, told by its shape: the quote ends in a comma or is
# followed by one or a dash, then a short tail ends the sentence.
_UNKNOWN_FRAME_RE = shared(r"\G(?:\s*,)?\s*[—–―-]{1,2}\s|\G\s*,\s")
_UNKNOWN_TAIL = 160
_NEXT_LINE_RE = shared(r"\s*")
# A signature: a dash and a capitalised name (initials with or without a period), then at most a
# descriptor after a comma (`― Carla Sanchez.`, `—President Obama, tweeting after the speech.`).
_DASH_SIGN_RE = shared(
    r"\G[\s,]*(?P<dash>[—–―]|--?)\s*(?P<spk>\p{Lu}[\p{L}\p{M}.'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}.'’-]*){0,5})"
    r"(?:,[^\n\"“”«»„]{0,120})?[\s.]*\Z")


def name_in_marks(text: str, q: QuoteSpan) -> bool:
    """A few words in marks with no punctuation, run on by a capitalised word: a name in the
    subject of the frame after it (`Эксперт компании «Морские стратегии» Ольга Гусева отметила`),
    not a statement."""
    inner = text[q.start: q.end]
    return len(inner.split()) <= 4 and inner.rstrip()[-1:].isalnum() and \
        _RUN_ON_NAME_RE.match(text, q.close_end) is not None


_RUN_ON_NAME_RE = shared(r"[ \t\u00a0]+\p{Lu}")


def post_framed(ex: Records, text: str, us: int, ue: int, qs: list[QuoteSpan],
                hits: list[int], speech: list[int]) -> Context | None:
    """`"…," he said` anywhere in the unit, for a quote that opens a clause.

    Later quotes joined to the frame by punctuation or a short phrase (`"…," he said on Fox,
    "…"`) continue the statement; reported speech after the frame (`…, adding that …`) is
    attributed to the same speaker.
    """
    g = ex.g
    ahead = SpeechAhead(g, text, ue)
    for i, q in enumerate(qs):
        if q.close_end == q.end or is_title(g, text, q.start, q.end):
            continue  # unclosed quote: no frame can follow it; a title is not a statement
        clause = q.open_start <= us or _CLAUSE_START_RE.match(text, max(us, q.open_start - 4), q.open_start)
        if not clause and (i or near(speech, us, q.open_start)):
            continue  # a quote inside a clause that has its own cue: left to the reported frames
        if not near(speech, q.close_end, q.close_end + 160):
            continue  # no speech verb close enough to frame this quote
        if g.v2:
            after = after_quote(g.clause, text, q.close_end, ue)
            if after is None:
                continue
            spk, spos, cue, frame_end = after
        else:
            m = g.post_quote_match(text, q.close_end, ue, ahead)
            if not m:
                continue
            spk, spos = group(m, "name2", "spk", "spk2", "spk3")
            cue = cue_text(m, "cue") or cue_text(m, "cue2") or cue_text(m, "cue3")
            frame_end = m.end()
        if not clause and name_in_marks(text, q):
            continue  # `Эксперт компании «Морские стратегии» Ольга Гусева отметила`: a name in marks
        lead = clause and i == 0 and not only_punct(text, us, q.open_start) and \
            not near(speech, us, q.open_start) and not g.lead_frame_re.match(text, us, q.open_start)
        if clause and not lead:
            new = ex.emit(q.start, q.end, "direct", spk, spos, cue)
        else:
            # `But "it is a better use of capital," he added, …`: words outside the marks belong
            # to the statement, so it is a mixed quote starting at the unit.
            new = ex.emit(*trim(g, text, us, q.close_end, strip_period=False), "mixed", spk, spos, cue)
        pos = frame_end
        for nxt in qs[i + 1:]:
            if not _JOIN_RE.match(text, pos, nxt.open_start):
                break
            # `…," he said, adding, "…"`: a verb right before the quote is its cue (not one with
            # an object: `…," Tester said, referring to the banks, "…"`)
            verb = None if g.v2 else g.join_cue_re.match(text, pos, nxt.open_start)
            if verb and new is not None:
                ex.emit_ctx(nxt.start, nxt.end, "direct", Context(
                    new.speaker, new.speaker_full, new.speaker_title, verb.group("cue"), new.kind))
            else:
                ex.emit_ctx(nxt.start, nxt.end, new.kind if new else "direct", new)
            pos = nxt.close_end
        # the cues after the quotes (a bisect: German reads the document's whole ``speech`` list,
        # which ``unit_frames`` narrows to the unit itself)
        cues = speech if g.v2 else hits
        first = bisect.bisect_left(cues, pos)
        if first < len(cues) and not only_punct(text, pos, ue):
            found = unit_frames(g.clause, text, pos, ue, qs, speech) if g.v2 else \
                frames(g, text, pos, ue, hits[first:], speech)
            for cs, ce, spk2, spos2, cue2 in found:
                if cs < 0:
                    continue
                if spk2 is None and new is not None:
                    emit_reported_ctx(ex, text, qs, cs, ce, cue2, new)
                else:
                    emit_reported(ex, text, qs, cs, ce, spk2, spos2, cue2, pos)
        return new
    return None


def pre_frame(g: Grammar, text: str, lo: int, end: int,
              speech: list[int]) -> tuple[int, str | None, int, str | None] | None:
    """(frame start, speaker, speaker offset, cue) of a frame that ends at ``end``."""
    if g.v2:
        return before_quote(g.clause, text, lo, end, speech)
    i = bisect.bisect_left(speech, end) - 1
    floor = max(lo, end - 90)
    while i >= 0 and speech[i] >= floor:
        h = speech[i]
        rest = g.pre_cue_rest_re.match(text, h, end)
        if rest:
            sb = g.speaker_before_pre(text, max(lo, h - 200), h)
            if sb:
                return sb.start(), sb.group("spk"), sb.start("spk"), cue_text(rest, "cue")
        i -= 1
    m = match_holding(g.pre_other_re, g.pre_other_needles, text, max(lo, end - 200), end)
    if m:
        spk, spos = group(m, "spk3", "spk4", "spk5")
        return m.start(), spk, spos, m.group("cue3") or m.group("cue5") or ":"
    return None


def direct_chain(g: Grammar, text: str, qs: list[QuoteSpan]) -> bool:
    """Quotes separated only by punctuation or a short frame count as one statement."""
    for a, b in itertools.pairwise(qs):
        if not only_punct(text, a.close_end, b.open_start) and not (
                after_quote(g.clause, text, a.close_end, b.open_start) if g.v2 else
                g.post_quote_match(text, a.close_end, b.open_start)):
            return False
    return True


def next_line_sign(text: str, ue: int):
    """`-President Obama, tweeting …` on the line after a bare quote."""
    if not text.startswith("\n", ue):
        return None
    nl = text.find("\n", _NEXT_LINE_RE.match(text, ue).end())
    return _DASH_SIGN_RE.match(text, ue, nl if nl > 0 else len(text))


def unknown_frame(g: Grammar, text: str, ue: int, qs: list[QuoteSpan]) -> bool:
    """Whether a unit opening with a quote reads as `quote, frame.` though no cue word is known."""
    q = qs[0]
    if q.close_end == q.end or ue - q.close_end > _UNKNOWN_TAIL or is_title(g, text, q.start, q.end):
        return False
    if not (text[q.start: q.end].rstrip().endswith(",") or _UNKNOWN_FRAME_RE.match(text, q.close_end, ue)):
        return False
    # Later quotes may only name things (`директор «Балтийского узла»`), not speak.
    return all(len(text[r.start: r.end].split()) <= 4 for r in qs[1:]) and \
        not only_punct(text, q.close_end, ue)


def emit_unknown_frame(ex: Records, text: str, ue: int, q: QuoteSpan,
                       speech: list[int], ctx: Context | None) -> Context | None:
    """The quote of an unknown frame, with a name opening (`Scott Pruitt, the …, said at …`) or
    closing the tail as speaker and the tail's last known cue word as cue, when there are.

    A tail with neither (`"…," which votes June 7.`, `"…" - increasing his name recognition`)
    is no frame: the quote continues the previous statement, as a bare quote would.
    """
    g = ex.g
    sign = _DASH_SIGN_RE.match(text, q.close_end, ue)
    if sign is not None:
        # `"…" ― Pamela Padilla`: a name after a dash, and no verb, signs the quote with the dash
        return ex.emit(q.start, q.end, "direct", sign.group("spk"), sign.start("spk"), sign.group("dash"))
    m = g.head_name_re.match(text, q.close_end, ue) or g.tail_name_re.search(text, q.close_end, ue) \
        or tail_pronoun(g, text, q.close_end, ue)  # (`— добавила она.`)
    spk, spos = (m.group("spk"), m.start("spk")) if m else (None, -1)
    # The last cue word: an apposition before it may hold nouns that look like verbs (`the states`).
    i = bisect.bisect_left(speech, ue) - 1
    verb = g.cue_hit_re.match(text, speech[i]) if i >= 0 and speech[i] > q.close_end else None
    cue = verb.group() if verb else None
    if ctx is not None and m is None and cue is None:
        ex.emit_ctx(q.start, q.end, ctx.kind, ctx)
        return ctx
    return ex.emit(q.start, q.end, "direct", spk, spos, cue)


def tail_pronoun(g: Grammar, text: str, start: int, end: int):
    """A pronoun of the pack closing ``text[start:end]`` (`— добавила она.`)."""
    p = g.tail_pronoun_re
    return p.search(text, start, end) if p is not None else None


def colon_cue(g: Grammar, text: str, start: int, end: int) -> str:
    """Cue of a frame `SUBJECT words:` — the words (PolNeAR marks the verb phrase), else `:`; a
    verb of saying right before the colon (`… confirmed that observation, reporting:`)."""
    verb = g.bare_cue_re.match(text, start, end)
    if verb is not None:
        return verb.group("cue")
    words = text[start:end].strip(" :,\n").split()
    return " ".join(words[:8]) if words else ":"


__all__ = ["colon_cue", "direct_chain", "discourse", "emit_unknown_frame", "next_line_sign", "post_framed",
           "pre_frame", "unknown_frame"]
