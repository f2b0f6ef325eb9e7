"""Stage 3d, clause frames: attribution read from the order of a clause's words (verb second).

For languages whose finite verb stands second in a main clause (German) the speaker of a frame
is told by what comes first: a noun phrase (`Der Minister sagte, …`) is the speaker; an
adverbial, a prepositional phrase or a whole subordinate clause (`Am Montag sagte der Minister,
…`, `Nachdem …, sagte er`) puts the speaker right after the verb. The frame clause may hold an
object or an adverbial, a correlate (`wies darauf hin`) and the particle of a separable verb
(`teilte … mit`), then a comma or colon, then what was said, with or without the word that opens
a reported clause (`sagte, dass …`, `sagte, die Angreifer hätten …`).

The shapes (all words from the pack): ``NP CUE …, CONTENT`` and ``ADV CUE NP …, CONTENT``; the
same with an auxiliary (`hat … mitgeteilt`); ``CONTENT, CUE NP …`` and ``„…“, CUE NP`` (`…,
sagte er.`, `…, teilte die Polizei mit.`); ``CONTENT, so NP`` (`…, so der Sprecher.`); ``WIE NP
CUE, CONTENT`` and ``CONTENT, wie NP CUE``; ``CONTENT, heißt es in NP``; according-phrases before
or after their speaker, with or without a comma (`laut NP`, `nach Angaben NP`, `NP zufolge`,
`Seiner Meinung nach`); and words in marks as the object of a frame (`bezeichnete X als „…“`).

Noun phrases are read by shape (a determiner, lower-case adjectives, capitalised nouns, a genitive
or `von` attribute, an apposition between commas), which is what capitalised nouns allow. Work
is per unit, over its tokens, and bounded per cue, so it stays linear in the text.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from .clause_grammar import DASHES, PREFIELD, QUOTE_CHARS, WINDOW, ClauseGrammar, Tok
from .marks import QuoteSpan
from .records import Context, Records

_FRAME_ONLY = -2


class Found(NamedTuple):
    """A frame located in a unit: content (start, end), speaker text and offset, cue."""

    cs: int
    ce: int
    spk: str | None
    spos: int
    cue: str | None


def _speaker_text(text: str, toks: list[Tok], i: int, j: int) -> tuple[str | None, int]:
    if j <= i:
        return None, -1
    return text[toks[i].start: toks[j - 1].end], toks[i].start


def after_quote(cg: ClauseGrammar, text: str, pos: int, ue: int) -> tuple[str | None, int, str, int] | None:
    """A frame right after a quote (`„…“, sagte er.`, `…“, so der Sprecher.`, `…“, wie X sagte`,
    `…“, heißt es in X`, `…“, teilte die Polizei mit`): (speaker, offset, cue, end)."""
    toks = cg.tokens(text, pos, min(ue, pos + 400))
    i = 0
    while i < len(toks) and (toks[i].text in "," or toks[i].text in DASHES):
        i += 1
    if i >= len(toks):
        return None
    return _tail_at(cg, text, toks, i, len(toks))


def _tail_at(cg: ClauseGrammar, text: str, toks: list[Tok], i: int,
             lim: int) -> tuple[str | None, int, str, int] | None:
    """A frame starting at token ``i`` that closes a statement: (speaker, offset, cue, end offset)."""
    word = toks[i].text
    low = word.lower()
    if low in cg.tail_cues:
        end = cg.np(toks, i + 1, lim)
        if end < 0 and i + 2 < lim and toks[i + 1].text[:1].islower() and (
                toks[i + 1].text in cg.cues or toks[i + 2].text.lower() in cg.object_pronouns):
            # `„…“, so charakterisierte ihn der Funktionär`: `so`, a verb, the speaker after it
            k = i + 2
            while k < lim and toks[k].text.lower() in cg.object_pronouns:
                k += 1
            end = cg.np(toks, k, lim)
            if end < 0:
                return None
            spk, spos = _speaker_text(text, toks, k, end)
            return spk, spos, f"{word} {toks[i + 1].text}", toks[end - 1].end
        if end < 0:
            return None
        spk, spos = _speaker_text(text, toks, i + 1, end)
        return spk, spos, word, toks[end - 1].end
    if low in cg.as_words:
        end = cg.np(toks, i + 1, lim)
        if end < 0 or end >= lim:
            return None
        k = end
        while k < lim and k - end < 6 and toks[k].text not in ",.;:!?" and cg.is_cue(toks, k, lim) is None \
                and toks[k].text not in cg.cues:
            k += 1
        if k < lim and (toks[k].text in cg.cues or cg.is_cue(toks, k, lim)):
            spk, spos = _speaker_text(text, toks, i + 1, end)
            return spk, spos, f"{word} {toks[k].text}", toks[k].end
        return None
    if i + 1 < lim and (word, toks[i + 1].text) in cg.impersonal:
        k = i + 2
        while k < lim and k - i < 6 and (toks[k].text.lower() in cg.adverbs
                                         or toks[k].text.lower() in cg.correlates):
            k += 1
        if k < lim and toks[k].text.lower() in cg.impersonal_preps:
            end = cg.np(toks, k + 1, lim, appositions=False)
            if end > 0:
                spk, spos = _speaker_text(text, toks, k + 1, end)
                return spk, spos, f"{word} {toks[i + 1].text}", toks[end - 1].end
        return None, -1, f"{word} {toks[i + 1].text}", toks[i + 1].end
    if low in cg.aux:
        spk_i, spk_j = cg.after_verb(toks, i, lim)
        k = spk_j
        while spk_j > spk_i and k < lim and k - spk_j < 4 and toks[k].text[:1].isalpha() \
                and toks[k].text not in cg.cues:
            k += 1
        if spk_j <= spk_i or k >= lim or toks[k].text not in cg.cues:
            return None
        spk, spos = _speaker_text(text, toks, spk_i, spk_j)
        return spk, spos, f"{word} {toks[k].text}", toks[k].end
    got = cg.is_cue(toks, i, lim)
    if got is None:
        return None
    cue, after = got
    spk_i, spk_j = cg.after_verb(toks, i, lim)
    if spk_j <= spk_i or cg.oblique_np(toks, spk_i, spk_j):
        return None  # (`…, bezeichnete den Zeitplan als …`: an object, no speaker)
    if word in cg.quoting:
        # `…“, zitiert Welt-Online den Minister`: the one quoted is the object
        obj = cg.np(toks, spk_j, lim)
        if obj > spk_j:
            spk_i, spk_j = spk_j, obj
    spk, spos = _speaker_text(text, toks, spk_i, spk_j)
    end = toks[max(after, spk_j) - 1].end
    return spk, spos, cue, end


def before_quote(cg: ClauseGrammar, text: str, us: int, end: int,
                 speech: list[int]) -> tuple[int, str | None, int, str | None] | None:
    """A frame right before a quote that ends the unit (`Der Minister sagte: „`, `Am Montag sagte
    der Minister: „`, `Merkel wurde deutlich: „`): (frame start, speaker, offset, cue)."""
    lo = max(us, end - 300)
    toks = cg.tokens(text, lo, end)
    while toks and (toks[-1].text in QUOTE_CHARS or toks[-1].text in DASHES):
        toks.pop()
    if not toks or toks[-1].text not in ",:":
        return None
    lim = len(toks) - 1
    c = _clause_start(cg, toks, lim)
    i = bisect.bisect_left(speech, toks[c].start) if c < lim else len(speech)
    for h_pos in speech[i: bisect.bisect_left(speech, toks[lim].start)]:
        h = next((k for k in range(c, lim) if toks[k].start == h_pos), -1)
        if h < 0:
            continue
        frame = cg.clause_frame(toks, c, h, len(toks))
        if frame is not None and frame.content == lim + 1:
            spk, spos = _speaker_text(text, toks, frame.spk_i, frame.spk_j)
            return toks[c].start, spk, spos, frame.cue
    if toks[lim].text != ":" or lim - c > 16:
        return None
    # `Der Trainer zeigte sich zufrieden:`: no known cue, the speaker is the subject; the words
    # after it are the cue.
    v = _finite_after_first(cg, toks, c, lim)
    if v < 0:
        return None
    spk_i, spk_j = cg.speaker(toks, c, v, lim)
    if spk_j <= spk_i:
        return None
    spk, spos = _speaker_text(text, toks, spk_i, spk_j)
    rest = [t.text for t in toks[v:lim] if not (spk_i <= toks.index(t) < spk_j)]
    return toks[c].start, spk, spos, " ".join(rest[:6]) or ":"


def _finite_after_first(cg: ClauseGrammar, toks: list[Tok], c: int, lim: int) -> int:
    """The finite verb of a verb-second clause: an auxiliary or a cue right after a clause
    (`Um … zu gewinnen, will Oettinger …`), else the word after the first constituent; -1."""
    for k in range(c + 1, min(lim, c + PREFIELD)):
        low = toks[k].text.lower()
        if toks[k - 1].text == "," and (low in cg.aux or toks[k].text in cg.cues):
            return k
        if toks[k].text in ".;:!?":
            break
    i = c
    while i < lim and (toks[i].text.lower() in cg.conj or toks[i].text.lower() in cg.focus):
        i += 1
    if i >= lim:
        return -1
    first = toks[i].text.lower()
    if first in cg.adverbs:
        return i + 1 if i + 1 < lim and toks[i + 1].text[:1].islower() else -1
    if first in cg.preps:
        end = cg.np(toks, i + 1, lim, appositions=False)
        return end if 0 < end < lim and toks[end].text[:1].islower() else -1
    end = cg.np(toks, i, lim)
    return end if 0 < end < lim and toks[end].text[:1].islower() else -1


def _clause_start(cg: ClauseGrammar, toks: list[Tok], lim: int) -> int:
    """Where the clause ending at ``lim`` starts: after the last quote mark, semicolon, dash
    before a capital, or period glued to a capital (`Struck.Gleichzeitig`); commas are kept (an
    apposition or a subordinate clause may stand before the verb)."""
    k = lim - 1
    floor = max(0, lim - 2 * PREFIELD)  # (bounded: a clause start further back is no frame's)
    while k >= floor:
        t = toks[k].text
        capital = k + 1 < lim and toks[k + 1].text[:1].isupper()
        if t in QUOTE_CHARS:
            opening = next((m for m in range(k - 1, max(-1, k - 6), -1) if toks[m].text in QUOTE_CHARS), -1)
            if opening >= 0 and toks[opening + 1].text[:1].isupper() and \
                    not any(toks[m].text in ".!?," for m in range(opening, k)):
                k = opening - 1  # `wird von der „Netzeitung“ zitiert`: a name in marks
                continue
            return k + 1
        glued = t == "." and capital and toks[k + 1].start == toks[k].end
        if t == ";" or (t in DASHES and capital) or glued:
            return k + 1
        k -= 1
    return floor


def previous_subject(ex: Records, text: str, us: int) -> Context | None:
    """The subject of the sentence right before ``us`` (in the same or the previous paragraph),
    as the speaker of a quote that follows it with no frame; None when it has no noun-phrase
    subject (or only `es`)."""
    cg = ex.g.clause
    end = us
    while end > 0 and text[end - 1] in " \t\n":
        end -= 1
    if end == 0 or text.count("\n", end, us) > 2:
        return None
    lo = max(0, end - 400)  # (a bounded look back: a sentence longer than that has no subject here)
    start = max(lo - 1, text.rfind("\n", lo, end),
                *(text.rfind(p, lo, end - 1) for p in (". ", "! ", "? ", ": "))) + 1
    toks = cg.tokens(text, start, end)
    if not toks or any(t.text in QUOTE_CHARS for t in toks):
        return None
    lim = len(toks)
    v = _finite_after_first(cg, toks, 0, lim)
    if v < 0:
        return None
    i, j = cg.speaker(toks, 0, v, lim)
    if j <= i or (j == i + 1 and toks[i].text.lower() not in cg.nominatives and not cg.is_noun(toks[i].text)):
        return None
    return ex.context(text[toks[i].start: toks[j - 1].end], toks[i].start, None)


def next_subject(ex: Records, text: str, ue: int) -> Context | None:
    """The subject of the sentence right after ``ue`` when it opens with a demonstrative that
    points back at the quote (`Das musste Bundesfinanzminister Peer Steinbrück einräumen.`, `Das
    ist die zentrale Aussage einer Studie`), with its verb as cue; None otherwise."""
    cg = ex.g.clause
    start = ue
    while start < len(text) and text[start] in " \t":
        start += 1
    if start >= len(text) or text[start] == "\n":
        return None
    stop = min(len(text), start + 300)
    end = min((i for i in (text.find(p, start, stop) for p in (". ", "\n")) if i >= 0), default=stop)
    toks = cg.tokens(text, start, end)
    if len(toks) < 3 or toks[0].text.lower() not in cg.demonstratives or toks[1].text[:1].isupper():
        return None
    i, j = cg.after_verb(toks, 1, len(toks))
    if j <= i:
        return None
    return ex.context(text[toks[i].start: toks[j - 1].end], toks[i].start, toks[1].text)


def reported(ex: Records, text: str, us: int, ue: int, qs: list[QuoteSpan],
             speech: list[int], before: tuple[int, int] | None = None,
             quotes: list[QuoteSpan] | None = None) -> Context | None:
    """Reported speech (and words in marks that a frame attributes) in one unit; emits the
    records and returns the context of the last one, None when no frame is found. ``before`` is
    the unit before it in its paragraph, whose words a frame pointing back may report (`… wird
    verlängert. Das teilte die Stadtverwaltung mit.`); ``quotes`` all the text's quotes."""
    from .frames_reported import emit_reported

    cg = ex.g.clause
    found = unit_frames(cg, text, us, ue, qs, speech)
    last: Context | None = None
    for f in found:
        if f.cs == _FRAME_ONLY:  # `X verurteilte die Haltung der Regierung.` before a quote of X's
            last = ex.context(f.spk, f.spos, f.cue)
            words = text[us: us + 40].split(None, 2)
            if before is not None and len(words) > 1 and words[0].lower() in cg.demonstratives and \
                    words[1][:1].islower() and not any(r.end > before[0] for r in ex.out[-3:]):
                # (`Das teilte …`: the demonstrative stands alone before the verb)
                emit_reported(ex, text, quotes or [], before[0], before[1], f.spk, f.spos, f.cue, before[0])
            continue
        if f.cs < 0:  # words in marks, attributed as a direct quote
            q = qs[f.ce]
            last = ex.emit(q.start, q.end, cg.quoted_object or "mixed", f.spk, f.spos, f.cue) or last
            continue
        last = emit_reported(ex, text, qs, f.cs, f.ce, f.spk, f.spos, f.cue, us) or last
    return last


def unit_frames(cg: ClauseGrammar, text: str, us: int, ue: int, qs: list[QuoteSpan],
                speech: list[int]) -> list[Found]:
    """The frames of one unit, first to last (see the module docstring for the shapes).

    A unit longer than :data:`WINDOW` characters (no sentence is) is read a window at a time,
    so that its tokens never all stand in memory at once; each frame's content still runs to the
    unit's end.
    """
    if ue - us <= WINDOW:
        return _frames_in(cg, text, us, ue, ue, qs, speech, first=True, last=True)
    ws = us
    while ws < ue:
        we = min(ue, ws + WINDOW)
        while we < ue and not text[we].isspace() and we - ws < 2 * WINDOW:
            we += 1
        found = _frames_in(cg, text, ws, we, ue, qs, speech, first=ws == us, last=we == ue)
        if found:
            return found
        ws = we
    return []


def _frames_in(cg: ClauseGrammar, text: str, ws: int, we: int, ue: int, qs: list[QuoteSpan],
               speech: list[int], first: bool, last: bool) -> list[Found]:
    """The frames of the window ``[ws, we)`` of a unit ending at ``ue``; ``first`` and ``last``
    say whether the window opens or closes the unit."""
    toks = cg.tokens(text, ws, we)
    n = len(toks)
    if n < 3:
        return []
    found: list[Found] = []
    taken = 0  # tokens before this index belong to a frame or a content already found
    # according-phrases: `Laut X …`, `Nach Angaben X …`, `X zufolge …`, `Seiner Meinung nach …`
    acc = _according(cg, text, toks, n, ue) if first else None
    if acc is not None:
        found.append(acc)
        taken = n
    # `Wie X mitteilte, …`
    if not found and first and toks[0].text.lower() in cg.as_words:
        tail = _tail_at(cg, text, toks, 0, n)
        if tail is not None:
            k = next((j for j in range(n) if toks[j].end >= tail[3]), n - 1)
            if k + 1 < n and toks[k + 1].text == ",":
                found.append(Found(toks[k + 1].end, ue, tail[0], tail[1], tail[2]))
                taken = n
    # `…, sagte X.` / `…, so X.` / `…, wie X sagte.` / `…, heißt es.` closing the unit
    if not found and last:
        tail = _closing_tail(cg, text, toks, n)
        if tail is not None:
            found.append(tail)
            taken = n
    if not found:
        hits = speech[bisect.bisect_left(speech, ws): bisect.bisect_left(speech, we)]
        index = {t.start: k for k, t in enumerate(toks)}
        for h_pos in hits:
            h = index.get(h_pos, -1)
            if h < taken or h < 0:
                continue
            c = _clause_start(cg, toks, h)
            frame = cg.clause_frame(toks, c, h, n)
            if frame is None:
                continue
            spk, spos = _speaker_text(text, toks, frame.spk_i, frame.spk_j)
            if spk is None and c > 0 and toks[c - 1].text in ",":
                # `…, teilten jedoch mit, …`: a second verb of the unit's subject
                end = cg.np(toks, 0, c)
                spk, spos = _speaker_text(text, toks, 0, end) if end > 0 else (None, -1)
            content = frame.content
            if 0 < content < n and _clause_follows(cg, toks, content, n):
                found.append(Found(toks[content].start, ue, spk, spos, frame.cue))
                taken = n
                break
            if 0 < content < n:
                content = -1  # (a relative clause, an apposition: the object runs on)
            if spk and not qs and content < 0 and not found:
                found.append(Found(_FRAME_ONLY, ue, spk, spos, frame.cue))
                taken = n
                break
            if cg.quoted_object and spk:
                # `bezeichnete den Einsatz als „…“`: words in marks after the cue are what the
                # speaker said
                cue_end = toks[h].end
                for qi, q in enumerate(qs):
                    if q.open_start >= cue_end and (content < 0 or q.open_start < toks[content - 1].start):
                        found.append(Found(-1, qi, spk, spos, frame.cue))
                if found:
                    taken = n
                    break
    return found


def _clause_follows(cg: ClauseGrammar, toks: list[Tok], k: int, n: int) -> bool:
    """Whether what starts at token ``k`` reads as a reported clause (not a relative or an
    adverbial clause): `dass …`, `die Angreifer hätten …`, `er habe …`, `keine Hilfe … zu leisten`."""
    if n - k < 2:
        return False
    first = toks[k].text.lower()
    if first in cg.that:
        return True
    if first in cg.questions:
        return True
    return first not in cg.subordinators and not (first in cg.relatives and not cg.is_noun(toks[k + 1].text))


def _according(cg: ClauseGrammar, text: str, toks: list[Tok], n: int, ue: int) -> Found | None:
    """An according-phrase anywhere in the unit (`Laut Polizei wurden …`, `…, wie sie laut X …`,
    `X zufolge`, `nach Angaben X`, `Seiner Meinung nach`): the unit is its content (the rest after
    it when it opens the unit)."""
    for i, t in enumerate(toks):
        low = t.text.lower()
        spk_i = spk_j = -1
        if low in cg.according or (low in cg.according_with_noun and _noun_follows(cg, toks, i + 1, n)):
            end = cg.np(toks, i + 1, n)
            if end < 0:
                continue
            spk_i, spk_j, phrase_end = i + 1, end, end
        elif i > 0 and (low in cg.according_after or (i <= 3 and _circumposition(cg, toks, i, n))):
            # (`Seiner Meinung nach` only opening the unit: inside one it qualifies a word)
            spk_i = _np_back(cg, toks, i)
            if spk_i < 0:
                continue
            spk_j, phrase_end = i, i + 1
        else:
            continue
        spk, spos = _speaker_text(text, toks, spk_i, spk_j)
        start = min(spk_i, i)
        if start == 0 or (start == 1 and toks[0].text.lower() in cg.conj):
            k = phrase_end
            if k < n and toks[k].text == ",":
                k += 1
            if k >= n - 1:
                return None
            return Found(toks[k].start, ue, spk, spos, t.text)
        return Found(toks[0].start, ue, spk, spos, t.text)
    return None


def _noun_follows(cg: ClauseGrammar, toks: list[Tok], j: int, n: int) -> bool:
    """An according noun after a few determiners or adjectives (`Angaben`, `eigenen Angaben`)."""
    k = j
    while k < n and k - j < 4 and (toks[k].text.lower() in cg.determiners or cg.is_adjective(toks[k].text)):
        k += 1
    return k < n and toks[k].text in cg.according_nouns


def _circumposition(cg: ClauseGrammar, toks: list[Tok], i: int, n: int) -> bool:
    """`Seiner Meinung nach`: an according-preposition after its according noun, ending the phrase."""
    nxt = toks[i + 1].text if i + 1 < n else ""
    return toks[i].text.lower() in cg.according_with_noun and toks[i - 1].text in cg.according_nouns and \
        not cg.is_noun(nxt) and nxt.lower() not in cg.determiners


def _np_back(cg: ClauseGrammar, toks: list[Tok], i: int) -> int:
    """Start of the noun phrase that ends right before token ``i`` (`Offiziellen Angaben`,
    `Ermittlungen der Polizei`, `Dem Bericht`), or -1."""
    for s in range(max(0, i - 10), i):
        if cg.np(toks, s, i, appositions=False) == i and (
                s == 0 or toks[s - 1].text in ",;:" or toks[s - 1].text.lower() in cg.conj
                or toks[s - 1].text.lower() in cg.preps or toks[s - 1].text.lower() in cg.adverbs
                or toks[s - 1].text.lower() in cg.aux or toks[s - 1].text.lower() in cg.cues
                or toks[s - 1].text[:1].islower()):
            return s
    return -1


def _closing_tail(cg: ClauseGrammar, text: str, toks: list[Tok], n: int) -> Found | None:
    """`CONTENT, sagte X …` (and `so X`, `wie X sagte`, `heißt es …`, `teilte X mit`) with at
    most a short adverbial after the frame."""
    for k in range(n - 2, 1, -1):
        if toks[k].text != ",":
            continue
        if n - k > 30:
            break
        if cg.np(toks, 0, k) == k:
            continue  # `Der Fraktionschef, Martin Kessler, bezeichnete …`: a subject, not content
        tail = _tail_at(cg, text, toks, k + 1, n)
        if tail is None:
            continue
        spk, spos, cue, end = tail
        rest = [t for t in toks if t.start >= end]
        if any(t.text in ",;:" for t in rest[:-1]) and not all(
                t.text in ",.!?" or t.text[:1].isalnum() for t in rest):
            continue
        if len([t for t in rest if t.text[:1].isalnum()]) > 10:
            continue
        return Found(toks[0].start, toks[k].start, spk, spos, cue)
    return None
