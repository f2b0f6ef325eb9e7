"""Stage 3b, reported frames: speech without (or with only some) quotation marks.

The shapes (words from the pack): ``SPEAKER CUE (that) …`` (the speaker found backwards from
the cue, the rest forwards), ``…, SPEAKER CUE.`` and ``…, CUE SPEAKER.`` closing the sentence,
``ACCORDING SPEAKER, …``, a second verb of the same subject (``…, adding that …``, ``… and vowed
to …``), and a frame that opens another's content (``X says that Y called …``: both stand, the
inner one nested in the outer). Content holding quoted words is mixed, else indirect. Every
pattern is anchored on a cue word and bounded in length, so a unit costs time linear in its size.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import regex

from .grammar import match_holding
from .marks import QuoteSpan
from .records import MAX_DEPTH, Context, Records, cue_text, group, trim
from .units import HAS_WORD_RE, only_punct

if TYPE_CHECKING:
    from .grammar import Grammar

Frame = tuple[int, int, "str | None", int, "str | None"]
_TAIL_NP_REST = 40


def open_start(q: QuoteSpan) -> int:
    """Bisection key: where a quote's opening mark starts."""
    return q.open_start


def close_end(q: QuoteSpan) -> int:
    """Bisection key: where a quote's closing mark ends."""
    return q.close_end


def discourse(g: Grammar, text: str, pos: int) -> bool:
    """True when a discourse marker opens the unit at ``pos``. The match is bounded: ``regex``
    first looks for the pattern's required `,` in the rest of the text, so an unbounded match on
    a text without commas costs a scan to its end at every call (quadratic)."""
    return g.discourse_re.match(text, pos, min(len(text), pos + 40)) is not None


def frame_only(g: Grammar, text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is empty or a short adverbial ending in `,`/`:`
    (`said Thursday on Twitter, "…"`), i.e. not part of the statement."""
    if only_punct(text, start, end):
        return True
    words = text[start:end].split()
    return len(words) <= 12 and words[-1][-1] in ",:" and not any(w in g.that_words for w in words) and (
        len(words) <= 2 or words[0].lower().strip(",") in g.frame_words)


def adverbial_only(g: Grammar, text: str, start: int, end: int) -> bool:
    """`… said in a statement on Monday.`: what follows the cue is where or when, not what
    (`said on Monday it would resign` has a clause: a subject or an auxiliary; `refused to
    answer` an infinitive)."""
    if end - start > 80:  # six words at most; and never split a long unit (quadratic)
        return False
    words = text[start:end].lower().split()
    return not words or (len(words) <= 6 and words[0] in g.frame_words and words[0] != "to"
                         and not any(w.strip(".,;!?") in g.clause_words for w in words))


def has_clause(g: Grammar, text: str, start: int, end: int) -> bool:
    """Whether a short stretch holds a subject pronoun or an auxiliary."""
    return any(w.strip(".,;!?\"”’") in g.clause_words for w in text[start:end].lower().split())


def tail_rest_ok(g: Grammar, text: str, m: regex.Match[str], ue: int) -> bool:
    """What may follow the cue of a frame that ends its sentence: no clause (`…, but Republicans
    said the plan would …`), and after a verb that is not one of saying (`supported`), no object
    either (`…, 42 percent of those asked, supported Clinton.` is a plain clause)."""
    rest = max(m.end("cue"), m.end("obj"))
    if has_clause(g, text, rest, ue):
        return False
    return m.group("cue") in g.speech_forms or adverbial_only(g, text, rest, trim(g, text, rest, ue)[1])


def apposed(g: Grammar, text: str, us: int, h: int) -> regex.Match[str] | None:
    """`NAME, apposition, CUE` ending at ``h`` (two commas first: a string count is cheap)."""
    lo = max(us, h - 200)
    return g.apposed_spk_re.match(text, lo, h) if text.count(",", lo, h) >= 2 else None


def plural(g: Grammar, speaker: str) -> bool:
    """`polls`, `the figures`, `they`: a subject for `show`; not `a Sunday talk`, `ABC's TV`."""
    last = speaker.rsplit(None, 1)[-1]
    suffix = g.plural_suffix
    return last in g.plural_heads or (bool(suffix) and last.endswith(suffix)
                                      and not last.endswith(("'s", "’s", suffix + suffix)))


def emit_reported(ex: Records, text: str, qs: list[QuoteSpan], cs: int, ce: int,
                  spk: str | None, spos: int, cue: str | None, unit_start: int) -> Context | None:
    """Classify one reported content span as indirect/mixed (or direct) and emit it."""
    g = ex.g
    cs, ce = trim(g, text, cs, ce)
    # Only the quotes around the content matter; found by bisection so that a huge unit with
    # many quotes and many cues stays linear.
    lo = max(0, bisect.bisect_right(qs, cs, key=close_end) - 1)
    hi = bisect.bisect_left(qs, ce + 2, key=open_start)
    near_qs = qs[lo:hi]
    # A content edge inside a quotation extends to include its mark.
    for q in near_qs:
        if q.start < ce <= q.end < q.close_end:
            ce = q.close_end
        if q.open_start < cs <= q.start:
            cs = q.open_start
    if ce - cs < 8 or text.find(" ", cs, ce) < 0:
        return None
    quoted = any(q.start < ce and q.end > cs and HAS_WORD_RE.search(text, max(q.start, cs), min(q.end, ce))
                 for q in near_qs)
    kind = "indirect"
    if quoted:
        # Content that is exactly one quotation is direct after all (`said on Monday: "…"`).
        inside = [q for q in near_qs if q.open_start >= cs - 1 and q.close_end <= ce + 1]
        if len(inside) == 1 and frame_only(g, text, cs, inside[0].open_start) and \
                only_punct(text, inside[0].close_end, ce) and not discourse(g, text, unit_start):
            cs, ce = inside[0].start, inside[0].end
            kind = "direct"
        else:
            kind = "mixed"
    if cue and " ".join(cue.lower().split()) in g.according_lower:
        cue = " ".join(cue.lower().split())  # (`According to` opening a sentence is the same cue)
    new = ex.emit(cs, ce, kind, spk, spos, cue)
    if new is not None and kind == "indirect":
        new.kind = "direct"  # (a quote that follows reported speech is a direct quote of its speaker)
    return new


def emit_reported_ctx(ex: Records, text: str, qs: list[QuoteSpan], cs: int, ce: int,
                      cue: str | None, ctx: Context) -> None:
    """Reported content whose speaker is the one of the preceding frame (`…," he said, adding …`)."""
    before = len(ex.out)
    emit_reported(ex, text, qs, cs, ce, None, -1, cue, cs)
    for rec in ex.out[before:]:
        rec.speaker, rec.speaker_full, rec.speaker_title = ctx.speaker, ctx.speaker_full, ctx.speaker_title


def reported(ex: Records, text: str, us: int, ue: int, qs: list[QuoteSpan],
             hits: list[int], speech: list[int]) -> Context | None:
    """Indirect or mixed speech in one unit; None when no frame is found."""
    last: Context | None = None
    found = frames(ex.g, text, us, ue, hits, speech)
    if not found and qs:
        found = subject_frame(ex.g, text, us, ue, qs, speech)
    for cs, ce, spk, spos, cue in found:
        last = emit_reported(ex, text, qs, cs, ce, spk, spos, cue, us) or last
    return last


def subject_frame(g: Grammar, text: str, us: int, ue: int, qs: list[QuoteSpan],
                  speech: list[int]) -> list[Frame]:
    """`She declared “What a Super Tuesday!” and …`: a unit that opens with its speaker and a
    speech verb (any, not only the reported-speech ones) followed by quoted words."""
    subj = g.subject_re.match(text, us, ue)
    if subj is None:
        return []
    i = bisect.bisect_left(speech, subj.end())
    if i == len(speech) or speech[i] >= min(qs[0].open_start, subj.end() + 30):
        verb = g.any_verb_re.match(text, subj.end(), qs[0].open_start)
        if verb is None:
            return []
        return [(verb.end(), ue, subj.group("spk"), subj.start("spk"), verb.group("verb"))]
    h = speech[i]
    verb = g.cue_hit_re.match(text, h)
    if verb is None or any(c in text[subj.end(): h] for c in ',"“”«»„'):
        return []
    return [(verb.end(), ue, subj.group("spk"), subj.start("spk"), verb.group())]


def bare_frame(ex: Records, text: str, us: int, ue: int, speech: list[int]) -> Context | None:
    """`Sam Lau, the party's spokesman, said in a statement.` / `Dianne Bystrom agreed.`: a
    sentence that is only a frame introduces the quote that follows it."""
    g = ex.g
    j = bisect.bisect_left(speech, ue)
    if j == 0 or speech[j - 1] < us:
        return None
    h = speech[j - 1]
    verb = g.cue_hit_re.match(text, h)
    if verb is None or not adverbial_only(g, text, verb.end(), ue - 1):
        return None
    subj = g.subject_re.match(text, us, h)
    sb = apposed(g, text, us, h) or g.speaker_before(text, max(us, h - 160), h)
    if subj is None or sb is None or sb.start("spk") != subj.start("spk"):
        return None  # the speaker opens the sentence, before an apposition at most
    return ex.context(subj.group("spk"), subj.start("spk"), " ".join(text[h: verb.end()].split()))


def _tail_cue(g: Grammar, text: str, h: int, ue: int) -> regex.Match[str] | None:
    """``tail_cue_re`` at ``h``, not tried where no match can reach ``ue`` (most cues of a unit's
    last 240 characters are too far from its end for a frame that closes it)."""
    if ue - h > g.tail_cue_reach and not text.startswith(g.tail_cue_multi, h) and not _tell_near(g, text, h):
        return None
    return g.tail_cue_re.match(text, h, ue)


def _tell_near(g: Grammar, text: str, h: int) -> bool:
    """Whether a tell verb may end a one-word cue at ``h`` (and an object of any length follow)."""
    if g.tell_verbs is None:
        return True
    window = text[max(0, h - g.tell_longest): h + g.tail_cue_reach - 60]
    return any(t in window for t in g.tell_verbs)


def _tail_sep_in(g: Grammar, text: str, lo: int, h: int) -> bool:
    """Whether a pattern opening with the tail's separator (``tail_spk_re``, ``tail_np_re``,
    ``tail_comma_re``) can match in ``text[lo:h]``: its match starts with `,` or a dash, or with a
    quotation mark right after `,!?—` (the character before ``lo`` too, which a lookbehind reads)."""
    return g.tail_sep_char_re.search(text, max(0, lo - 1), h) is not None


def _depth(found: list[list], pos: int) -> int:
    """How many of the last frames nest around ``pos`` (counted up to :data:`MAX_DEPTH`)."""
    depth = 0
    for f in reversed(found):
        if not f[0] <= pos < f[1] or depth >= MAX_DEPTH:
            break
        depth += 1
    return depth


def frames(g: Grammar, text: str, us: int, ue: int, hits: list[int], speech: list[int]) -> list[Frame]:
    """Locate (content start, content end, speaker, speaker offset, cue) frames in a unit."""
    m = g.according_re.match(text, us, ue) if text.startswith(g.according_starts, us) else None
    if m:
        return [(m.end(), ue, m.group("spk3"), m.start("spk3"), m.group("cue3"))]
    appositions: dict[int, regex.Match[str] | None] = {}

    def apposed_at(h: int) -> regex.Match[str] | None:
        """:func:`apposed` before the cue at ``h``, read once (both loops below may ask)."""
        if h not in appositions:
            appositions[h] = apposed(g, text, us, h)
        return appositions[h]

    # Frames at the end of the unit may use any speech verb (`…," Sanders wrote.`).
    tail_hits = speech[bisect.bisect_left(speech, max(us, ue - 240)): bisect.bisect_left(speech, ue)]
    for h in reversed(tail_hits):
        m = _tail_cue(g, text, h, ue)
        if m and tail_rest_ok(g, text, m, ue):
            # (`…, but Republicans said the plan would raise taxes.`: a clause after the cue is
            # its content, and the frame is not a tail)
            lo = max(us, h - 200)
            sb = g.tail_spk_re.match(text, lo, h) if _tail_sep_in(g, text, lo, h) else None
            lo = max(us, h - 80)
            if sb is None and ue - m.end("cue") <= _TAIL_NP_REST and _tail_sep_in(g, text, lo, h):
                sb = g.tail_np_re.match(text, lo, h)
            # `…, which city officials had promised would …`: a relative clause, not a frame.
            # `In Samoa, the Ministry of Communications said …`: a leading adverbial is not content.
            if sb and sb.start() > us and sb.group("spk").split(None, 1)[0] not in g.relatives \
                    and not adverbial_only(g, text, us, sb.start()):
                ce = sb.start()
                if not g.is_subject_pronoun(sb.group("spk")):
                    # (a pronoun has no descriptor: `…, the islands will rely on …, he said`)
                    d = g.descriptor_re.search(text, max(us, ce - 200), ce)
                    if d:
                        ce = d.start()
                return [(us, ce, sb.group("spk"), sb.start("spk"), cue_text(m, "cue"))]
        lo = max(us, h - 10)
        sb = g.tail_comma_re.match(text, lo, h) if _tail_sep_in(g, text, lo, h) else None
        if sb and sb.start() > us and not apposed_at(h):
            # (`Niue, a self-governing island of …, said government offices …`: the speaker comes
            # before its apposition; `said government` is not an inverted frame)
            m = g.tail_inverted_re.match(text, h, ue)
            if m:
                spk, spos = group(m, "spk2", "spk3")
                return [(us, sb.start(), spk, spos, m.group("cue2") or m.group("cue3"))]
    found: list[list] = []
    for h in hits:
        if found and h < found[-1][0]:
            continue
        rest = g.say_rest_re.match(text, h, ue)
        if not rest or adverbial_only(g, text, rest.end(), ue):
            continue
        participle = (
            (g.participle_suffix and text[h: rest.end("cue")].endswith(g.participle_suffix)
             and g.participle_re.match(text, max(us, h - 12), h))
            # (called only when a coordinator is in the window)
            or match_holding(g.coordinated_re, g.coordinator_needles, text, max(us, h - 30), h))
        h_clause = participle.start() if participle else h
        sb = None
        if not (participle and found):
            sb = apposed_at(h) or g.speaker_before(text, max(us, h - 160), h)
            if sb is None:
                # Wider speakers ("chief executive Lowell McAdam", "a young boy"): measured on
                # PolNeAR train, this adds more right attributions than wrong ones.
                sb = g.speaker_before_pre(text, max(us, h - 160), h)
        if sb and rest.group("cue") in g.noun_first and not plural(g, sb.group("spk")):
            continue  # `ABC's TV show`, `an EU member state`: a noun, not `polls show`
        if sb:
            frame = [rest.end(), ue, sb.group("spk"), sb.start("spk"), cue_text(rest, "cue")]
            clause = sb.start("spk")
        elif participle:
            # `X said …, adding that …` / `X said …, and called him …`: a new statement of the
            # same speaker.
            if found:
                spk, spos = found[-1][2], found[-1][3]
            else:
                subj = g.subject_re.match(text, us, h)
                spk, spos = (subj.group("spk"), subj.start("spk")) if subj else (None, -1)
            frame = [rest.end(), ue, spk, spos, cue_text(rest, "cue")]
            clause = h_clause
        else:
            continue
        if found:
            if clause < found[-1][0]:
                if h <= found[-1][0] or clause > found[-1][3]:
                    continue
                # `John Kasich, a Republican who refused to endorse Mr. Trump, said …`: the
                # previous frame is a relative clause inside this one's subject; it ends there.
                found[-1][1] = h
            elif not g.nested_re.match(text, found[-1][0], clause):
                # `…, but he said …`: a second frame ends the contents before it; one opening a
                # content (`X says that Hillary Clinton called …`) is nested in what X says, and
                # both statements stand.
                for f in reversed(found):  # (only the last frame and those it is nested in)
                    if not f[0] < clause < f[1]:
                        break
                    f[1] = clause
                if adverbial_only(g, text, found[-1][0], trim(g, text, found[-1][0], clause)[1]):
                    found.pop()  # `Dean appeared on MSNBC and began by saying …`: no content
            elif frame[2] and g.is_subject_pronoun(frame[2]):
                continue  # `X said they want …`: the speaker's own attitude, part of the statement
            elif _depth(found, clause) >= MAX_DEPTH:
                continue  # (nested deeper than a record may be: `X says that Y says that …` forever)
        found.append(frame)
    return [tuple(f) for f in found]  # type: ignore[misc]

