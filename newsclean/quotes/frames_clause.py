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
from typing import TYPE_CHECKING, NamedTuple

import regex

from .marks import QuoteSpan
from .records import Context, Records

if TYPE_CHECKING:
    from .pack import Pack

# (a period inside a word only before a small letter or a digit, or after one letter: `z.B.`,
# `C.Y.`, `3.5`; `Merkel.Als` is two glued sentences)
_TOKEN_RE = regex.compile(
    r"[\p{L}\p{M}\p{N}]+(?:[-'’&/][\p{L}\p{M}\p{N}]+|\.(?=[\p{Ll}\p{N}])[\p{L}\p{M}\p{N}]+"
    r"|(?<=(?:^|[^\p{L}])\p{L})\.\p{L}+)*|[^\s\p{L}\p{M}\p{N}]")
_QUOTE_CHARS = frozenset("\"“”„«»‚‘")
_DASHES = frozenset("—–―-")
# How many tokens a frame clause may hold between its cue and its comma.
_MIDDLE = 14
_PREFIELD = 30
# Units longer than this (in characters) are read a window at a time.
_WINDOW = 3000
# How many capitalised words a noun phrase may run to (a name with titles is a few).
_NOUNS = 8


class Tok(NamedTuple):
    """A word or a punctuation character of a unit."""

    start: int
    end: int
    text: str


class Frame(NamedTuple):
    """A frame found in a clause: the speaker's tokens (``spk_i``..``spk_j``, empty when none),
    the cue as written, and the token where its content starts (-1: none after it)."""

    spk_i: int
    spk_j: int
    cue: str
    content: int


class ClauseGrammar:
    """The word classes of one pack that the clause frames read (all lower-cased but nouns)."""

    def __init__(self, pack: Pack) -> None:
        def low(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in pack.words(key) if " " not in w)

        self.cues = frozenset(w for w in pack.words("speech_verbs") if " " not in w)
        self.separable: dict[str, frozenset[str]] = {}
        for phrase in pack.words("separable_verbs"):
            verb, _, particle = phrase.partition(" ")
            self.separable[verb] = self.separable.get(verb, frozenset()) | {particle}
        self.aux = low("auxiliaries")
        self.that = low("that")
        self.according = low("according")
        self.according_nouns = frozenset(pack.words("according_nouns"))
        self.according_after = low("according_after")
        self.as_words = low("as_words")
        self.tail_cues = low("tail_cues")
        self.impersonal = {tuple(p.split()) for p in pack.words("impersonal_cues")}
        self.impersonal_first = frozenset(p[0] for p in self.impersonal)
        self.impersonal_preps = low("impersonal_prepositions")
        self.determiners = low("determiners")
        self.pronouns = low("subject_pronouns")
        self.preps = low("prepositions")
        self.adverbs = low("adverbs")
        self.subordinators = low("subordinators")
        self.relatives = low("relatives")
        self.focus = low("focus_particles")
        self.conj = low("conjunctions")
        #: genitive articles and prepositions that attach a noun phrase to another (`der Sprecher
        #: der Polizei`, `ein Sprecher von Tesla`)
        self.np_prepositions = low("np_prepositions")
        self.linkers = low("genitive_articles") | self.np_prepositions
        self.particles = low("name_particles")
        #: words opening a reported question (`fragte, ob …`, `erklärte, wie …`)
        self.questions = low("question_words")
        #: pronouns that can only be subjects (`er`, `ich`, not `sie`), and word endings of adverbs
        self.nominatives = low("nominative_pronouns")
        #: determiners of a noun phrase that is no subject (`dem`, `den`), and those that are not
        #: before an adjective with this ending (`der … -en`: `der englischsprachigen Zeitung`)
        self.oblique = low("oblique_determiners")
        self.oblique_after = {d.split()[0].lower(): d.split()[1]
                              for d in pack.words("oblique_before_adjective")}
        self.object_pronouns = low("object_pronouns")
        #: pronouns that point back at what was just said (`Das sagte X`, `Dies erklärte X`)
        self.demonstratives = low("demonstratives")
        #: verbs whose object is the one quoted (`zitierte X mit den Worten`)
        self.quoting = frozenset(pack.words("quoting_verbs"))
        self.adverb_suffixes = tuple(w.lower() for w in pack.words("adverb_suffixes"))
        #: according-prepositions that need an according noun after them (`nach Angaben X`)
        self.according_with_noun = low("according_with_noun")
        self.correlates = low("correlates")
        self.reflexives = low("reflexives")
        self.abbreviations = frozenset(pack.words("abbreviations")) | frozenset(
            t.rstrip(".") for t in pack.words("titles") if t.endswith("."))
        noun = pack.shape("noun")
        self.noun_re = regex.compile(noun) if noun else None
        self.quoted_object = pack.shape("quoted_object")
        # words that are never an adjective or a noun of a noun phrase
        # (a capitalised word that is a verb form in lower case is a noun: `Angaben`, `Meldungen`)
        self.function = (self.aux | self.that | self.preps | self.adverbs | self.subordinators | self.conj
                         | self.correlates | self.reflexives | self.pronouns | self.focus | self.tail_cues
                         | self.according_after)
        self.verbs = frozenset(c.lower() for c in self.cues) | frozenset(self.separable)

    # --- tokens and noun phrases ------------------------------------------------------------------

    def tokens(self, text: str, start: int, end: int) -> list[Tok]:
        """The unit's words and punctuation; an abbreviation keeps its period (`Dr.`)."""
        toks: list[Tok] = []
        for m in _TOKEN_RE.finditer(text, start, end):
            s = m.group()
            last = toks[-1] if toks else None
            if s == "." and last and last.end == m.start() and (
                    last.text in self.abbreviations or (len(last.text) == 1 and last.text.isupper())):
                toks[-1] = Tok(last.start, m.end(), last.text + ".")
                continue
            toks.append(Tok(m.start(), m.end(), s))
        return toks

    def is_noun(self, word: str) -> bool:
        """A capitalised word that is not a function word (`Dabei` opening a sentence)."""
        return self.noun_re is not None and self.noun_re.fullmatch(word) is not None and \
            word.lower() not in self.function and word.lower() not in self.determiners

    def is_adjective(self, word: str) -> bool:
        """A lower-case word inside a noun phrase (`der deutsche Außenminister`, `37-jährige`)."""
        low = word.lower()
        return (word[:1].islower() or word[:1].isdigit()) and low not in self.function and \
            low not in self.verbs and low not in self.determiners and low not in self.relatives and \
            word[-1:].isalnum()

    def np(self, toks: list[Tok], i: int, lim: int, appositions: bool = True) -> int:
        """End (token index) of the noun phrase starting at ``i``, or -1 when none starts there."""
        if i >= lim:
            return -1
        word = toks[i].text
        if word.lower() in self.pronouns and (i + 1 >= lim or word.lower() not in self.determiners
                                              or not self.is_noun(toks[i + 1].text)):
            return i + 1
        k = self._core(toks, i, lim)
        if k < 0:
            return self._quoted_name(toks, i, lim)
        for _ in range(3):  # genitive or `von` attributes: `der Sprecher der Polizei von Berlin`
            if k < lim and toks[k].text.lower() in self.linkers:
                k2 = self._core(toks, k + 1, lim) if toks[k].text.lower() in self.np_prepositions else \
                    self._core(toks, k, lim)
                if k2 < 0:
                    break
                k = k2
        if k + 1 < lim and toks[k].text == "(":  # `Thomas de Maizière (CDU)`
            close = next((j for j in range(k + 1, min(lim, k + 8)) if toks[j].text == ")"), -1)
            if close > 0:
                k = close + 1
        if appositions and k + 1 < lim and toks[k].text == ",":
            # `der Direktor der Behörde, Bagus Puruhito,`: names between commas
            j = k + 1
            while j < lim and (self.is_noun(toks[j].text) or toks[j].text.lower() in self.particles):
                j += 1
            if j > k + 1 and j + 1 < lim and toks[j].text == "(":
                close = next((m for m in range(j + 1, min(lim, j + 6)) if toks[m].text == ")"), -1)
                j = close + 1 if close > 0 else j
            if j > k + 1 and (j == lim or toks[j].text in ",:"):
                k = j
        return k

    def _quoted_name(self, toks: list[Tok], i: int, lim: int) -> int:
        """`„Die Zeit“`, `die „Computerwoche“`: a name in marks (a determiner before it), or -1."""
        k = i + 1 if i < lim and toks[i].text.lower() in self.determiners else i
        if k >= lim or toks[k].text not in _QUOTE_CHARS:
            return -1
        close = next((m for m in range(k + 1, min(lim, k + 6)) if toks[m].text in _QUOTE_CHARS), -1)
        if close < k + 2 or not toks[k + 1].text[:1].isupper():
            return -1
        return close + 1

    def _core(self, toks: list[Tok], i: int, lim: int) -> int:
        """`(DET) (ADJ)* NOUN+`: end index, or -1."""
        k = i
        if k < lim and toks[k].text.lower() in self.determiners:
            k += 1
            nxt = toks[k].text.lower() if k < lim else ""
            if nxt in self.linkers and nxt not in self.np_prepositions and toks[i].text[:1].isupper():
                return k  # `Einer der Feuerwehrmänner`: the determiner is the head
        j = k
        while j < lim and j - k < 4 and (self.is_adjective(toks[j].text) or (
                k > i and toks[j].text.lower() in self.adverbs and j + 1 < lim
                and toks[j + 1].text[:1].islower())):
            j += 1
        if j >= lim or not self.is_noun(toks[j].text):
            return -1
        stop = min(lim, j + _NOUNS)
        while j < stop and self.is_noun(toks[j].text):
            j += 1
        return j

    # --- one clause ------------------------------------------------------------------------------

    def is_cue(self, toks: list[Tok], i: int, lim: int) -> tuple[str, int] | None:
        """(cue as written, token after its frame clause's particle or -1) when token ``i`` is a
        cue: a speech verb, or a separable one whose particle stands before the clause ends."""
        word = toks[i].text
        if word in self.cues:
            return word, -1
        particles = self.separable.get(word)
        if particles:
            for j in range(i + 1, min(lim, i + _MIDDLE)):
                t = toks[j].text
                if t in particles and (j + 1 >= lim or not toks[j + 1].text[:1].isalnum()
                                       or toks[j + 1].text.lower() in self.that):
                    return f"{word} {t}", j + 1
                if t in ",:;.!?":
                    break
        return None

    def _impersonal(self, toks: list[Tok], c: int, h: int, lim: int) -> Frame | None:
        """`In einer Erklärung heißt es, …` / `Heißt es in X: …`: the speaker is the noun phrase
        of the place where it is written, or none."""
        cue = f"{toks[h].text} {toks[h + 1].text}"
        spk = (h, h)
        i = c
        while i < h and toks[i].text.lower() in self.conj:
            i += 1
        if i < h and toks[i].text.lower() in self.impersonal_preps:
            end = self.np(toks, i + 1, h, appositions=False)
            if end > 0 and (end == h or toks[end].text in ",("):
                spk = (i + 1, end)  # (`Im letzten Satz der Anordnung, die …, heißt es`)
        k = h + 2
        while k < lim and k - h < 5 and (toks[k].text.lower() in self.adverbs
                                         or toks[k].text.lower() in self.correlates):
            k += 1
        if spk[1] <= spk[0] and k < lim and toks[k].text.lower() in self.impersonal_preps:
            end = self.np(toks, k + 1, lim, appositions=False)
            if end > 0:
                spk, k = (k + 1, end), end
        for j in range(k, min(lim, k + _MIDDLE)):
            if toks[j].text in ",:":
                return Frame(spk[0], spk[1], cue, j + 1)
            if toks[j].text in _QUOTE_CHARS or toks[j].text in ".;!?":
                break
        return Frame(spk[0], spk[1], cue, -1)

    def speaker(self, toks: list[Tok], c: int, v: int, lim: int) -> tuple[int, int]:
        """The speaker of the finite verb at ``v`` of a clause starting at ``c``: (i, j) tokens,
        (v, v) when there is none. The first constituent decides: a noun phrase speaks; after an
        adverbial, a prepositional phrase or a subordinate clause the speaker follows the verb."""
        i = c
        while i < v and (toks[i].text.lower() in self.conj or toks[i].text.lower() in self.focus):
            i += 1
        if i == v:
            return self.after_verb(toks, v, lim)
        first = toks[i].text.lower()
        relative = first in self.relatives and first not in self.determiners and \
            not self.is_noun(toks[min(i + 1, v)].text)
        if first in self.preps or first in self.adverbs or first in self.subordinators or first in self.that \
                or first in self.questions or relative:
            return self.after_verb(toks, v, lim)
        end = self.np(toks, i, v)
        if end < 0:
            # not a noun phrase first (`2008 erklärte er`): the subject follows the verb, or ends
            # the first constituent (`Die das Unglück überlebende Alice Kakamara, 30, beschrieb`)
            after = self.after_verb(toks, v, lim)
            return after if after[1] > after[0] else self._trailing_nouns(toks, i, v)
        later = self._np_before_verb(toks, end, v)
        if later is not None:
            return later
        if self._oblique(toks, i, end):
            # `Der englisch-sprachigen Zeitung sagte Filep Karma:`, `Dem Minister sagte er`
            after = self.after_verb(toks, v, lim)
            if after[1] > after[0]:
                return after
        if end == i + 1 and (self._adverb_shaped(toks[i].text)
                             or (v + 1 < lim and toks[v + 1].text.lower() in self.nominatives)):
            # `Relativierend fügt Gall hinzu`, `Deren Haltung bezeichnete er als …`: the first word
            # is an adverbial (or an object) and the subject follows the verb
            after = self.after_verb(toks, v, lim)
            if after[1] > after[0]:
                return after
        elif v + 1 < lim and toks[v + 1].text.lower() in self.nominatives:
            return v + 1, v + 2  # an object first: `Deren Haltung … bezeichnete er als`
        return i, end

    def _np_before_verb(self, toks: list[Tok], end: int, v: int) -> tuple[int, int] | None:
        """`X wies diese Behauptung zurück, die Sprecherin der Fraktion, Y, erklärte:`: when the
        first noun phrase ends well before the verb, a noun phrase after a comma that reaches the
        verb is its subject; None when there is none."""
        if v - end <= 2 or not any(toks[k].text == "," for k in range(end, v)):
            return None
        for s in range(end, v - 1):
            if toks[s].text != ",":
                continue
            e = self.np(toks, s + 1, v)
            if e > s + 1 and all(not toks[k].text[:1].isalnum() for k in range(e, v)):
                return s + 1, e
        return None

    def _trailing_nouns(self, toks: list[Tok], i: int, v: int) -> tuple[int, int]:
        """The capitalised words right before the verb at ``v`` (past an apposition between
        commas), as the speaker's name; (v, v) when there are none."""
        end = v
        if end - 1 > i and toks[end - 1].text == ",":
            comma = next((k for k in range(end - 2, max(i, end - 6), -1) if toks[k].text == ","), -1)
            if comma > i:
                end = comma
        start = end
        while start > i and self.is_noun(toks[start - 1].text):
            start -= 1
        return (start, end) if start < end else (v, v)

    def oblique_np(self, toks: list[Tok], i: int, end: int) -> bool:
        """Whether the noun phrase ``toks[i:end]`` cannot be a subject (see :meth:`_oblique`)."""
        return self._oblique(toks, i, end)

    def _oblique(self, toks: list[Tok], i: int, end: int) -> bool:
        """A noun phrase that cannot be a subject by its determiner (`dem`, `den`) or by its
        determiner and adjective ending (`der englischsprachigen Zeitung`)."""
        det = toks[i].text.lower()
        if det in self.oblique:
            return True
        ending = self.oblique_after.get(det)
        return bool(ending) and i + 1 < end and self.is_adjective(toks[i + 1].text) and \
            toks[i + 1].text.endswith(ending)

    def _adverb_shaped(self, word: str) -> bool:
        """A capitalised first word that is an adverb or adjective by its ending (`Relativierend`)."""
        low = word.lower()
        return low in self.adverbs or any(low.endswith(s) for s in self.adverb_suffixes)

    def after_verb(self, toks: list[Tok], v: int, lim: int) -> tuple[int, int]:
        """The noun phrase right after the verb at ``v`` (`sagte der Minister`, `äußerte sich er`)."""
        i = v + 1
        while i < lim and toks[i].text.lower() in self.reflexives:
            i += 1
        end = self.np(toks, i, lim)
        return (i, end) if end > 0 else (v, v)

    def clause_frame(self, toks: list[Tok], c: int, h: int, lim: int) -> Frame | None:
        """The frame whose cue is token ``h`` in a clause starting at ``c``, with its content after
        the next comma or colon (-1 when the clause runs to ``lim`` without one)."""
        if h + 1 < lim and (toks[h].text, toks[h + 1].text) in self.impersonal:
            return self._impersonal(toks, c, h, lim)
        got = self.is_cue(toks, h, lim)
        if got is None:
            return None
        cue, after = got
        v = h
        # A participle or an infinitive at the end of its clause, with its auxiliary in second
        # place: `hat … gesagt, …` (not a verb after a clause: `…, warnte der …`).
        if h > c and toks[h - 1].text != "," and (h + 1 >= lim or toks[h + 1].text in ",:"
                                                  or toks[h + 1].text.lower() in self.that):
            aux = next((j for j in range(c, h) if toks[j].text.lower() in self.aux), -1)
            if aux >= 0 and h - aux <= _MIDDLE and not any(toks[j].text in ",:" for j in range(aux, h)):
                v = aux
                cue = f"{toks[aux].text} {cue}"
        spk = self.speaker(toks, c, v, lim)
        if toks[h].text in self.quoting and v == h and spk[1] <= h:
            # `Ein Fernsehsender zitierte Papandreou mit den Worten: „…“`: the object is quoted
            obj = self.np(toks, h + 1, lim)
            if obj > h + 1:
                spk = (h + 1, obj)
        j = max(after, h + 1, spk[1])
        k = j
        while k < min(lim, j + _MIDDLE):
            t = toks[k].text
            if t in ",:":
                return Frame(spk[0], spk[1], cue, k + 1)
            if t in _QUOTE_CHARS:
                # a name in marks may stand in the frame (`sagte der „Berliner Zeitung“, …`)
                close = next((m for m in range(k + 1, min(lim, k + 6)) if toks[m].text in _QUOTE_CHARS), -1)
                if close < 0:
                    break
                k = close + 1
                continue
            if t in ".;!?":
                break
            if t.lower() in self.that:
                return Frame(spk[0], spk[1], cue, k)
            k += 1
        return Frame(spk[0], spk[1], cue, -1)


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
    while i < len(toks) and (toks[i].text in "," or toks[i].text in _DASHES):
        i += 1
    if i >= len(toks):
        return None
    found = _tail_at(cg, text, toks, i, len(toks))
    if found is None:
        return None
    spk, spos, cue, end = found
    return spk, spos, cue, end


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
    while toks and (toks[-1].text in _QUOTE_CHARS or toks[-1].text in _DASHES):
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
    for k in range(c + 1, min(lim, c + _PREFIELD)):
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
    floor = max(0, lim - 2 * _PREFIELD)  # (bounded: a clause start further back is no frame's)
    while k >= floor:
        t = toks[k].text
        capital = k + 1 < lim and toks[k + 1].text[:1].isupper()
        if t in _QUOTE_CHARS:
            opening = next((m for m in range(k - 1, max(-1, k - 6), -1) if toks[m].text in _QUOTE_CHARS), -1)
            if opening >= 0 and toks[opening + 1].text[:1].isupper() and \
                    not any(toks[m].text in ".!?," for m in range(opening, k)):
                k = opening - 1  # `wird von der „Netzeitung“ zitiert`: a name in marks
                continue
            return k + 1
        glued = t == "." and capital and toks[k + 1].start == toks[k].end
        if t == ";" or (t in _DASHES and capital) or glued:
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
    if not toks or any(t.text in _QUOTE_CHARS for t in toks):
        return None
    lim = len(toks)
    v = _finite_after_first(cg, toks, 0, lim)
    if v < 0:
        return None
    i, j = cg.speaker(toks, 0, v, lim)
    if j <= i or (j == i + 1 and toks[i].text.lower() not in cg.nominatives and not cg.is_noun(toks[i].text)):
        return None
    speaker, full, title = ex.speakers.info(text[toks[i].start: toks[j - 1].end], toks[i].start)
    return Context(speaker, full, title, None)


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
    speaker, full, title = ex.speakers.info(text[toks[i].start: toks[j - 1].end], toks[i].start)
    return Context(speaker, full, title, toks[1].text)


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
            speaker, full, title = ex.speakers.info(f.spk, f.spos)
            last = Context(speaker, full, title, f.cue)
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

    A unit longer than :data:`_WINDOW` characters (no sentence is) is read a window at a time,
    so that its tokens never all stand in memory at once; each frame's content still runs to the
    unit's end.
    """
    if ue - us <= _WINDOW:
        return _frames_in(cg, text, us, ue, ue, qs, speech, first=True, last=True)
    ws = us
    while ws < ue:
        we = min(ue, ws + _WINDOW)
        while we < ue and not text[we].isspace() and we - ws < 2 * _WINDOW:
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
