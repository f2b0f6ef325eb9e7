"""The reading of one clause by the order of its words, for the clause frames (stage 3d).

In a language whose finite verb stands second in a main clause (German), what comes first tells
the speaker: a noun phrase speaks (`Der Minister sagte, …`); after an adverbial, a prepositional
phrase, an object or a whole subordinate clause the speaker follows the verb (`Am Montag sagte der
Minister, …`). :class:`ClauseGrammar` holds a pack's word classes for that and reads a clause's
tokens: noun phrases by their shape (a determiner, lower-case adjectives, capitalised nouns, a
genitive or `von` attribute, a name in apposition), the speaker of a verb, and the frame a cue
opens (its object, correlate and particle, then a comma or colon before what was said). Every
reading is bounded in tokens, so a clause costs a constant amount of work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import regex

from ..pattern_cache import compile_cached

if TYPE_CHECKING:
    from .pack import Pack

TOKEN_RE = regex.compile(
    r"[\p{L}\p{M}\p{N}]+(?:[-'’&/][\p{L}\p{M}\p{N}]+|\.(?=[\p{Ll}\p{N}])[\p{L}\p{M}\p{N}]+"
    r"|(?<=(?:^|[^\p{L}])\p{L})\.\p{L}+)*|[^\s\p{L}\p{M}\p{N}]")
QUOTE_CHARS = frozenset("\"“”„«»‚‘")
DASHES = frozenset("—–―-")
# How many tokens a frame clause may hold between its cue and its comma.
MIDDLE = 14
PREFIELD = 30
# Units longer than this (in characters) are read a window at a time.
WINDOW = 3000
# How many capitalised words a noun phrase may run to (a name with titles is a few).
NOUNS = 8


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
        self.noun_re = compile_cached(noun) if noun else None
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
        new = tuple.__new__  # (a NamedTuple's own constructor is a Python function: 3x slower)
        for m in TOKEN_RE.finditer(text, start, end):
            s = m.group()
            a, b = m.span()
            if s == "." and toks:
                last = toks[-1]
                if last.end == a and (last.text in self.abbreviations
                                      or (len(last.text) == 1 and last.text.isupper())):
                    toks[-1] = new(Tok, (last.start, b, last.text + "."))
                    continue
            toks.append(new(Tok, (a, b, s)))
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
        if k >= lim or toks[k].text not in QUOTE_CHARS:
            return -1
        close = next((m for m in range(k + 1, min(lim, k + 6)) if toks[m].text in QUOTE_CHARS), -1)
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
        stop = min(lim, j + NOUNS)
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
            for j in range(i + 1, min(lim, i + MIDDLE)):
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
        for j in range(k, min(lim, k + MIDDLE)):
            if toks[j].text in ",:":
                return Frame(spk[0], spk[1], cue, j + 1)
            if toks[j].text in QUOTE_CHARS or toks[j].text in ".;!?":
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
        if self.oblique_np(toks, i, end):
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
            if aux >= 0 and h - aux <= MIDDLE and not any(toks[j].text in ",:" for j in range(aux, h)):
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
        while k < min(lim, j + MIDDLE):
            t = toks[k].text
            if t in ",:":
                return Frame(spk[0], spk[1], cue, k + 1)
            if t in QUOTE_CHARS:
                # a name in marks may stand in the frame (`sagte der „Berliner Zeitung“, …`)
                close = next((m for m in range(k + 1, min(lim, k + 6)) if toks[m].text in QUOTE_CHARS), -1)
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
