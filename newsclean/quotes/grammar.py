"""The regex building blocks of the frames, built from one language pack.

A :class:`Grammar` turns a pack's words into the fragments and patterns the stages match with
(speech verbs as a trie, speaker phrases, the frame around a quote…). Building the fragment
strings is cheap; each pattern is compiled on first use (:class:`LazyPattern`), so a run compiles
only the packs of the languages it meets, and of those only the patterns its text reaches (a
``regex`` pattern that a run before compiled is loaded from disk instead: :mod:`.pattern_cache`).
A word list a pack leaves empty gives a fragment that never matches, which switches the shapes
that need it off.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

import regex

from ..pattern_cache import compile_cached

if TYPE_CHECKING:
    from .clause_grammar import ClauseGrammar
    from .frames_words import WordPatterns
    from .pack import Pack

#: a fragment that never matches (the alternation of no words)
NEVER = r"(?!)"


class LazyPattern:
    """A pattern compiled on first use, so that building a grammar costs no compilation.

    The first attribute looked up (``match``, ``search``…) compiles the pattern and stores that
    attribute on the instance, so later calls reach the compiled pattern's bound method without
    going through ``__getattr__`` again.
    """

    def __init__(self, registry: list[LazyPattern], pattern: str, flags: int = 0,
                 engine: Any = regex) -> None:
        self._source = (pattern, flags, engine)
        self._compiled: Any = None
        registry.append(self)

    @property
    def pattern(self) -> str:
        """The pattern's source (no compilation)."""
        return self._source[0]

    def compile(self) -> Any:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            pattern, flags, engine = self._source
            # (a `regex` pattern loads from the on-disk cache when a run before compiled it)
            self._compiled = compile_cached(pattern, flags) if engine is regex else \
                engine.compile(pattern, flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compile(), name)
        setattr(self, name, value)
        return value


#: the language-free patterns of the stages (punctuation shapes), compiled on first use too
SHARED: list[LazyPattern] = []


def shared(pattern: str, flags: int = 0, engine: Any = regex) -> LazyPattern:
    """A language-free pattern, compiled on first use."""
    return LazyPattern(SHARED, pattern, flags, engine)


def alternation(words: list[str] | tuple[str, ...] | frozenset[str], reverse: bool = False) -> str:
    """Regex matching any of ``words``, factored as a trie (`(?!)` for no words).

    A flat ``said|says|saying|…`` alternation makes the engine retry every word at every
    position; the trie form (``sa(?:id|ys|ying)``) is several times faster on long texts and,
    being greedy, still prefers the longest word. Patterns run right to left (``(?r)``) get a
    suffix trie instead (``(?:sa|pa)id``), which is what helps a backwards match.
    """
    if not words:
        return NEVER
    # The trie is read off the sorted words (no tree is built: this runs at every start-up):
    # words under one node are a run of the sorted list sharing its first ``depth`` letters.
    keys = sorted({w[::-1] if reverse else w for w in words})

    def build(lo: int, hi: int, depth: int) -> str:
        """Regex for the words ``keys[lo:hi]`` past their common first ``depth`` letters."""
        branches = []
        terminal = len(keys[lo]) == depth  # (a word ending here sorts first)
        i = lo + terminal
        while i < hi:
            ch = keys[i][depth]
            j = i + 1
            while j < hi and keys[j][depth] == ch:
                j += 1
            # (a run of letters that no word ends inside nor branches from is one literal)
            lits = [_escape(ch)]
            d = depth + 1
            while len(keys[i]) > d and keys[i][d] == keys[j - 1][d]:
                lits.append(_escape(keys[i][d]))
                d += 1
            sub = build(i, j, d)
            branches.append(sub + "".join(reversed(lits)) if reverse else "".join(lits) + sub)
            i = j
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if terminal else body

    return f"(?:{build(0, len(keys), 0)})"


@cache
def _escape(ch: str) -> str:
    """One character of a word as a pattern (a space: any whitespace)."""
    return r"\s+" if ch == " " else regex.escape(ch)


def literal(words: tuple[str, ...] | list[str]) -> str:
    """A plain ``(?:a|b|c)`` of a few short words in the pack's order (`(?!)` for none); spaces
    inside a word match any whitespace."""
    if not words:
        return NEVER
    return "(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


def cased(words: tuple[str, ...] | list[str]) -> list[str]:
    """Each word as written and with a capital first letter (`according to`, `According to`)."""
    return sorted({f for w in words for f in (w, w[:1].upper() + w[1:])})


class Grammar:
    """Fragments and lazily compiled patterns of one pack. Attributes ending in ``_re`` are
    patterns; the others are fragments or word sets read by the stages."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._lazy: list[LazyPattern] = []
        w, ws, shape = pack.words, pack.wordset, pack.shape
        lazy, lazy_re = self._lazy_regex, self._lazy_std

        # --- words the stages test membership in --------------------------------------------
        self.speech_forms = ws("speech_verbs")
        self.abbreviations = ws("abbreviations")
        self.abbreviations_lower = frozenset(a.lower() for a in ws("abbreviations_any_case"))
        self.titles = ws("titles")
        self.title_first_words = frozenset(t.split()[0] for t in self.titles)
        self.name_suffixes = ws("name_suffixes")
        self.non_names = ws("non_names")
        self.org_words = ws("org_words")
        self.male_titles, self.female_titles = ws("male_titles"), ws("female_titles")
        self.male_names, self.female_names = ws("male_names"), ws("female_names")
        self.pronoun_genders: dict[str, str] = dict(pack.mapping("pronouns"))
        self.relatives = ws("relatives")
        self.antecedent_relatives = ws("antecedent_relatives")
        self.articles = ws("articles")
        self.articles_cap = frozenset(a.capitalize() for a in self.articles)
        self.leading_fillers = self.relatives | ws("leading_fillers")
        if "clause" in pack.frames:  # (where articles are relatives too: `die Polizei`)
            fillers = {*w("conjunctions"), *w("focus_particles")}
            self.leading_fillers = frozenset({*fillers, *(f.capitalize() for f in fillers)})
        #: the verb forms of reported speech's own mood (`sei`, `habe`, `könne`)
        self.subjunctive_re = lazy_re(rf"\b{alternation(sorted(w('subjunctives')))}\b") \
            if w("subjunctives") else None
        ordinal = shape("ordinal_dot")
        #: a number whose period does not end a sentence (`am 3. August`, `im 20. Jahrhundert`)
        self.ordinal_re = re.compile(ordinal) if ordinal else None
        self.naming_verbs = ws("naming_verbs")
        self.naming_prefixes = w("naming_prefixes")
        self.noun_first = ws("noun_first_cues")
        self.plural_heads = ws("plural_heads")
        self.title_small_words = ws("title_small_words")
        #: whether capitals tell a title in marks (`"Good Morning America"`); not where every noun
        #: is capitalised
        self.titles_by_case = not shape("noun")
        self.frame_words = ws("frame_words")
        # (the words opening a reported clause are clause words in every language: `que`, `что`)
        self.clause_words = ws("clause_words") | frozenset(t.lower() for t in w("that"))
        self.that_words = ws("that")
        self.locative_needles = tuple(f" {p} " for p in w("locative_prepositions"))
        self.plural_suffix = shape("plural_suffix") or ""
        self.participle_suffix = shape("participle_suffix") or ""
        self.according_opening = cased(w("according_opening"))
        self.according_lower = frozenset(a.lower() for a in w("according_opening"))
        # a first word cased both ways is how an opening phrase is found without IGNORECASE
        self.indirect_set = frozenset({*w("reported_verbs"), *self.according_opening})

        # --- verbs and cues ----------------------------------------------------------------------
        self.speech_verb = rf"(?:{alternation(sorted(self.speech_forms))})"
        self.speech_verb_r = rf"(?:{alternation(self.speech_forms, reverse=True)})"
        self.indirect_verb = rf"(?:{alternation(w('reported_verbs'))})"
        self.inverting_verb = rf"(?:{alternation(w('inverting_verbs'))})"
        adverb = rf"\p{{Ll}}{{2,}}{shape('adverb_suffix')}" if shape("adverb_suffix") else None
        adv = f"|{adverb}" if adverb else ""
        self.modifier = rf"(?:(?:{alternation(w('cue_modifiers'))}{adv})\s+){{0,2}}"
        self.modifier_r = rf"(?:(?:{alternation(w('cue_modifiers'), reverse=True)}{adv})\s+){{0,2}}"
        self.prep_cue = rf"(?:{alternation(w('according'))})"
        self.prep_cue_r = rf"(?:{alternation(w('according'), reverse=True)})"
        the = literal(w("definite_articles"))
        the_opt = rf"(?:{the}\s+)?"
        tell_object = (
            rf"(?:{alternation(w('tell_objects'))}|{literal(w('object_determiners'))}\s+\p{{Ll}}+"
            rf"|{the_opt}\p{{Lu}}[\p{{L}}'’&-]*(?:\s+\p{{Lu}}[\p{{L}}'’&-]*){{0,3}})"
        )
        tell = rf"(?:{alternation(w('tell_verbs'))})"
        self.obj = rf"(?:(?<={tell})\s+(?P<obj>{tell_object}))?"

        # --- speakers ---------------------------------------------------------------------------
        self.cap = r"\p{Lu}[\p{L}\p{M}'’.-]*[\p{L}\p{M}.]"
        particle = literal(w("name_particles"))
        self.particle = particle
        (self.title, self.name, self.pronoun, self.common_np, self.speaker) = self._speaker_fragments(False)
        (_, self.name_r, _, _, self.speaker_r) = self._speaker_fragments(True)
        self.share = shape("share") or NEVER
        self.title_prefix_re = lazy(rf"^(?P<title>(?:{self.title}\s+)+)")
        # Capitalised sequences (titles included, they are capitalised too); cheap enough to run
        # over a whole article once.
        self.mention_re = lazy(
            rf"(?<![\p{{L}}\p{{M}}.'’-])\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*"
            rf"(?:[ \t\u00a0]+(?:{particle}[ \t\u00a0]+)?\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*){{0,6}}"
        )
        self.word_end_re = lazy(r"(?P<word>\S+\.)\s+")

        # --- units --------------------------------------------------------------------------------
        closing = "".join(pack.closing_marks)
        opening = "".join(pack.opening_marks)
        # Sentence ends: the spaces after `.!?` (the mark matched, then dropped by \K, which is
        # several times faster than a lookbehind tried at every position), or a line break (the
        # spaces before it are given back to the boundary in ``units``).
        self.boundary_re = lazy(
            rf"[.!?…][{regex.escape(closing)})\]]{{0,3}}\K[ \t\u00a0]+"
            rf"(?=[{regex.escape(opening)}(\[\p{{Lu}}\d])|\n\s*")
        self.closing_marks = frozenset(closing.replace("’", ""))
        self.closing_strip = closing + ")]"
        #: the pack reads frames by the order of a clause's words (:mod:`.frames_clause`)
        self.v2 = "clause" in pack.frames
        # (its according-phrases and impersonal cues, which no verb scan finds: `Laut X …`, `X
        # zufolge`, `…, heißt es`)
        others = [*w("according"), *w("according_with_noun"), *w("according_after"), *w("tail_cues"),
                  *(p.split()[0] for p in w("impersonal_cues"))]
        self.frame_word_re = lazy_re(rf"\b{alternation(cased(sorted(set(others))))}\b") \
            if self.v2 and others else None
        separable = {p.split()[0] for p in w("separable_verbs")}
        cues = sorted({*w("reported_verbs"), *self.speech_forms, *self.according_opening, *separable})
        cue_trie = alternation(cues)  # (hundreds of words: built once for both patterns)
        self.cue_hit_re = lazy_re(r"\b" + cue_trie + r"\b(?!-)")
        #: ``cue_hit_re`` past the text's first character: a non-word character, then the cue (group
        #: 1). Where every cue starts and ends with a word character, `\b` before a cue is that
        #: character, never the end of the match before; a pattern starting with a character class
        #: scans faster than one starting with `\b` (None where some cue starts or ends otherwise)
        self.cue_scan_re = lazy_re(r"\W(" + cue_trie + r")\b(?!-)") \
            if all(_WORD_CHAR.match(c[0]) and _WORD_CHAR.match(c[-1]) for c in cues) else None
        past = shape("past_suffix")
        # Any past-tense verb with a `that` clause reports a statement or a belief (`Mr. Obama
        # learned that …`); a noun before `that` opens a relative clause.
        self.that_needles = tuple(f" {t} " for t in w("that"))
        self.word_before_re = lazy_re(rf"(?<![A-Za-z])[a-z]{{3,}}{past}\Z") if past else None

        # --- frames around a quote (frames_quoted) -------------------------------------------
        frame_gap = (r"(?:\s*\([^()\"“”\n]{1,40}\))?"
                     r"(?:\s*(?:,|--|—|–)(?:[^,\"“”«»„\n—–―]{1,12},)?[^,\"“”«»„\n—–―]{1,90}(?:,|--|—|–))?")
        clause_joint = rf"(?!{literal(w('clause_joints'))}\s)"
        not_head = rf"(?!{literal(w('not_heads'))}(?![\p{{L}}'’-]))"
        possessive = shape("possessive")
        not_possessive = rf"(?<!{possessive})" if possessive else ""
        any_np = (rf"(?:{literal(w('np_determiners'))}\s+"
                  rf"(?:{clause_joint}[\p{{L}}\p{{N}}&'’-]+\s+){{0,4}}{not_head}[\p{{L}}'’-]+{not_possessive})")
        described_name = rf"(?:{the_opt}(?:[\p{{L}}][\p{{L}}'’.-]*\s+){{1,5}}{self.name})"
        possessive_np = (rf"(?:{the_opt}{self.name}{possessive}\s+(?:[\p{{Ll}}-]+\s+){{0,2}}[\p{{Ll}}-]+)"
                         if possessive else NEVER)
        any_np_short = any_np.replace("{0,4}", "{0,4}?")
        direct_spk = rf"(?P<spk>{self.speaker}|{described_name}|{possessive_np}|{any_np_short})"
        described_name_r = rf"(?:{the_opt}(?:[\p{{L}}][\p{{L}}'’.-]*\s+){{1,5}}{self.name_r})"
        possessive_np_r = (rf"(?:{the_opt}{self.name_r}{possessive}\s+(?:[\p{{Ll}}-]+\s+){{0,2}}[\p{{Ll}}-]+)"
                           if possessive else NEVER)
        direct_spk_r = rf"(?P<spk>{self.speaker_r}|{described_name_r}|{possessive_np_r}|{any_np})"
        # (`«…», dijo el presidente de la Autoridad Portuaria, Gerardo Landaluce, tras …`: a name
        # in apposition after the speaker's descriptor)
        apposed = rf"(?:,\s+(?P<name2>{self.name})(?=\s*,))?" if pack.shape("apposed_names") else ""
        # 1. After a quote that opens the unit: `," he said` / `," said Geoff Garin` / `," according to X`.
        speaker_first = rf"""
        {direct_spk}{frame_gap},?\s+{self.modifier}(?P<cue>{self.speech_verb}){self.obj}
      |"""
        verb_then_speaker = \
            rf"(?P<cue2>{self.speech_verb})\s+(?P<spk2>{self.name}|{described_name}|{self.speaker}|{any_np}){apposed}"
        cue_first = rf""" {verb_then_speaker}
      | (?P<cue3>{self.prep_cue})\s+(?P<spk3>{self.speaker})
    )(?![\p{{L}}])"""
        self.post_quote_re = lazy(rf"\G[\s,;—–―-]*(?:{speaker_first}{cue_first}", regex.X)
        #: ``post_quote_re`` without its first branch (see :meth:`post_quote_match`)
        self.post_quote_cue_first_re = lazy(rf"\G[\s,;—–―-]*(?:{cue_first}", regex.X)
        #: a verb of saying after whitespace (the standard engine: its `\s` holds every character
        #: that `regex`'s does, so where this finds nothing, neither could the first branch)
        self.spaced_speech_re = lazy_re(rf"\s{self.speech_verb}")
        # The first branch's speaker opens with a letter, `'`, `’`, `-` or a word of these lists
        # (its alternatives' first items); where none of them is empty nor opens with what the
        # separators skip, the speaker starts past the separators and holds a character.
        openers = [*w("titles"), *w("name_particles"), *w("determiners"), *w("speaker_nouns"),
                   *w("subject_pronouns"), *w("definite_articles"), *w("np_determiners")]
        self.post_quote_fast = all(o[:1] and not _SEPARATORS.fullmatch(o[:1]) for o in openers)
        # 2. Before a quote that ends the unit: `He said: "` / `Mr. Garin added, ''`. Matched around
        # the last speech verb before the quote: the verb and what follows it forwards, the speaker
        # backwards (two anchored matches are much cheaper than one reverse match).
        frame_prep = alternation(w("frame_prepositions"))
        self.pre_cue_rest_re = lazy(
            rf"""\G(?P<cue>{self.speech_verb}){self.obj}(?:\s+{adverb or NEVER})?
        (?:\s+(?:{frame_prep})\s[^"“”«»„:,.;\n]{{0,50}}?(?=\s*[,:—–―]))?
        \s*[,:—–―-]?\s*\Z""",
            regex.X,
        )
        self.pre_spk_re = lazy(rf"(?r)(?:^|\G|(?<=[\s(])){direct_spk_r}{frame_gap}\s+{self.modifier_r}\Z")
        #: ``pre_spk_re`` without its possessive speaker (`Trump's campaign`), and the literals one
        #: of which that speaker's possessive holds (see :meth:`speaker_before_pre`)
        no_possessive = rf"(?P<spk>{self.speaker_r}|{described_name_r}|{any_np})"
        self.pre_spk_no_possessive_re = lazy(
            rf"(?r)(?:^|\G|(?<=[\s(])){no_possessive}{frame_gap}\s+{self.modifier_r}\Z")
        self.possessive_holds = ((), False) if possessive_np_r == NEVER else required_literals(possessive)
        # Frames without a speech verb: `according to X, "`, `Trump on Twitter: "`, `Said Comey, "`.
        self.pre_other_re = lazy(
            rf"""(?r)(?:^|\G|(?<=[\s(]))(?:
        (?P<cue3>{self.prep_cue_r})\s+(?P<spk3>{self.speaker_r})
      | (?P<cue5>{"|".join(w("fronted_cues")) or NEVER})\s+
          (?P<spk5>{self.speaker_r}|{described_name_r})(?=\s*[,:])
      | (?P<spk4>{self.name_r})
          (?:\s+{literal(w("colon_frame_places"))})?(?=\s*:)
    )\s*[,:—–―-]?\s*\Z""",
            regex.X,
        )
        #: what every match of ``pre_other_re`` holds: the colon after a name, a fronted cue, or the
        #: longest word of an according-phrase (None where a fronted cue is not a plain word, which
        #: the pattern would not read literally)
        fronted = w("fronted_cues")
        self.pre_other_needles = (":", *fronted, *(max(a.split(" "), key=len) for a in w("according"))) \
            if all(f.isalnum() for f in fronted) else None
        # `…," he said, adding of Mr. Trump, "…"`: a cue between two quotes of one statement.
        join_prep = literal(w("join_prepositions"))
        self.join_cue_re = lazy(rf"""\G[\s,;—–―-]*(?:{join_prep}\s[^,"“”«»„\n]{{1,50}}?,?\s+)?
    (?:{literal(w('join_conjunctions'))}\s+)?(?P<cue>{self.speech_verb})
    (?:\s+{literal(w('join_topic_prepositions'))}\s+[^,"“”«»„\n]{{1,40}})?\s*[,:]?\s*\Z""", regex.X)
        # `… and said, "…"` / `…, saying: "…"`: a cue right before the quote, subject elsewhere.
        self.bare_cue_re = lazy(rf"(?r)(?<=\s)(?P<cue>{self.speech_verb_r})\s*[,:]\s*\Z")
        # A phrase before a quote that sets the scene rather than belonging to the statement
        # (`On Monday, "…," he said`); any other leading phrase (`But when it comes to Carrier,
        # "…," he said`) is part of the statement, which is then mixed.
        self.lead_frame_re = lazy(rf"\G\W*(?:{shape('scene_lead') or NEVER})\b")
        self.topic_lead_re = lazy(rf"\G\W*(?:{shape('topic_lead') or NEVER})\s")
        self.discourse_re = lazy(rf"{alternation(w('discourse_markers'))},")
        self.the_name_re = lazy(
            rf"\G{literal(cased(w('definite_articles')))}\s+(?P<spk>{self.name})(?![\p{{L}}])"
            if w("definite_articles") else NEVER)
        self.subject_re = lazy(
            rf"\G(?:{literal(w('subject_openers'))},?\s+)?(?P<spk>{self.speaker})(?![\p{{L}}])"
        )
        # A frame in words that are not known cues, told by its shape (`«…», — заявил директор
        # Андрей Воронцов.`); the speaker is a name closing the tail (before an apposition).
        self.tail_name_re = lazy(
            rf"(?<=\s)(?P<spk>{self.cap}(?:\s+{self.cap}){{1,2}})(?:,[^,\n]{{1,100}})?[\s.!?]*\Z")
        self.head_name_re = lazy(rf"\G[\s,—–―-]*(?P<spk>{self.name})(?=,)")

        # --- reported speech (frames_reported) ----------------------------------------------
        self.according_re = lazy(
            rf"\G(?P<cue3>{literal(self.according_opening)})\s+(?P<spk3>{self.speaker})[^,\n]{{0,80}}?,\s+"
            if self.according_opening else NEVER)
        # Words opening an adverbial between a cue and `that` (`said earlier on Friday that …`).
        say_adverbial = alternation(w("say_adverbials"))
        that = literal(w("that"))
        self.spk_before_re = lazy(
            rf"(?r)(?:^|(?<=[\s(]))(?P<spk>{self.share}|{self.speaker_r}){frame_gap},?\s+{self.modifier_r}\Z"
        )
        #: ``spk_before_re`` without the share for speaker, and what a share holds (see
        #: :meth:`speaker_before`; None: not known, the full pattern is always asked)
        self.spk_before_no_share_re = lazy(
            rf"(?r)(?:^|(?<=[\s(]))(?P<spk>{self.speaker_r}){frame_gap},?\s+{self.modifier_r}\Z")
        self.share_holds = ((), False) if self.share == NEVER else required_literals(self.share)
        # `Viliami Tupou, chief executive of Moana Cable Ltd, told …`: the name before an apposition.
        self.apposed_spk_re = lazy(
            rf"(?r)(?:^|(?<=[\s(]))(?P<spk>{self.name_r}),\s+(?:{_spaced(w('articles'))}|\p{{Ll}})"
            rf"(?:[^,\"“”«»„\n]|(?<=\d),(?=\d)){{1,120}},\s+{self.modifier_r}\Z"
        )
        that_verb = rf"\p{{Ll}}{{3,}}{past}(?=\s{that}\s)" if past else NEVER
        self.say_rest_re = lazy(
            rf"""\G(?P<cue>{self.indirect_verb}|{self.speech_verb}(?=\s{that}\s)|{that_verb}){self.obj}
        (?:\s+{literal(w("addressee_prepositions"))}\s+{self.name})?
        (?:\s+{literal(w("say_time_words"))}\s+[^,"“”\n]{{1,40}}?,
          |(?=\s[^,"“”\n]{{1,60}}?\s{that}\s)\s+(?:{say_adverbial})[^,"“”\n]{{0,60}}?(?=\s{that}\s))?
        \s*[,:]?\s+(?=[\p{{L}}\p{{N}}"“«„'‘])""",
            regex.X,
        )
        # 3b. Reported speech with the frame last: `…, the ministry said.` / `…, said Garin, an aide.`
        self.tail_cue_re = lazy(
            rf"\G(?P<cue>{self.speech_verb}|{self.indirect_verb}){self.obj}(?![\p{{L}}])[^\"“”«»„\n]{{0,60}}\Z"
        )
        # Not when an adverbial follows the cue or `that` comes soon after (`told Reuters that …`).
        self.tail_inverted_re = lazy(
            rf"""\G(?:
        (?P<cue2>{self.inverting_verb})\s+(?!(?:{say_adverbial})\s)
          (?P<spk2>{self.name}|{described_name}|{self.common_np}|{literal(w("inverted_pronouns"))}(?=\s*[.,;]))
      | (?P<cue3>{self.prep_cue})\s+(?P<spk3>{self.speaker})
    )(?![\p{{L}}])(?![^"“”«»„\n]{{0,60}}?\s{that}\s)[^"“”«»„\n]{{0,160}}\Z""",
            regex.X,
        )
        tail_sep = r"(?:[,—–―]|(?<=[,!?—])[\"”»'])"  # `…, X said` or `…," X said`
        #: a match of ``tail_sep`` is one of these characters or follows one: where a window (and
        #: the character before it, which the lookbehind reads) holds none, no pattern opening
        #: with ``tail_sep`` can match in it (pure literals: the standard engine)
        self.tail_sep_char_re = re.compile("[,—–―!?]")
        self.tail_spk_re = lazy(
            rf"(?r){tail_sep}\s+(?P<spk>{self.speaker_r}),?{frame_gap}\s+{self.modifier_r}\Z")
        # `…, the central bank said in a statement.`: a determiner phrase between the comma and a
        # cue that (nearly) ends the sentence is the speaker.
        self.tail_np_re = lazy(
            rf"(?r){tail_sep}\s+(?P<spk>{literal(w('tail_np_determiners'))}\s+[\p{{L}}'’-]+(?:\s+[\p{{L}}'’-]+){{0,3}})"
            rf",?\s+{self.modifier_r}\Z"
        )
        self.tail_comma_re = lazy(rf"(?r){tail_sep}\s+\Z")
        # `…, adding that …`: a participle cue whose speaker is the subject of the unit.
        self.participle_re = lazy(
            rf"(?r)(?:,[\"”'’]?\s+(?:{literal(w('participle_openers'))}\s+)?"
            rf"|\s{literal(w('participle_prepositions'))}\s+)\Z")
        # `X complained … and vowed to …`, `… but has said …`, `…, yet refuses to …`: the same subject.
        self.coordinated_re = lazy(
            rf"(?r)(?:[,;]?\s+{literal(w('coordinators'))}|,\s+{literal(w('comma_coordinators'))})"
            rf"\s+{self.modifier_r}\Z")
        # A trailing descriptor before a name-last frame: `…, the deputy head of X, Lt. Gen. Y, told Z`.
        self.descriptor_re = lazy(rf",\s+{literal(w('descriptor_openers'))}\s[^,\"“”\n]{{1,120}}\Z")
        self.pronoun_re = lazy(rf"\A{self.pronoun}\Z")
        self.full_name_re = lazy(rf"{self.name}\Z")
        self.antecedent_re = lazy(rf"(?r)(?<=\s|^)(?P<name>{self.name_r}),\s+\Z")
        # `Officials in Nuku'alofa said`, `A spokesperson for the Corps' New York District said`: the
        # name belongs to a phrase whose head comes first.
        plural = rf"\p{{L}}+{self.plural_suffix}|" if self.plural_suffix else ""
        self.locative_head_re = lazy(
            rf"""(?r)(?:^|(?<=\s))(?P<np>
        (?:(?:{alternation(w("determiners"), reverse=True)})\s+)?
        (?:{plural}{alternation(w("speaker_nouns"), reverse=True)})\s+{literal(w("locative_prepositions"))}\s+
        {the_opt}(?:\p{{Lu}}[\p{{L}}.-]*['’]s?\s+)?
    )\Z""",
            regex.X,
        )
        # `the Ministry of Communications said`: an institution's name; only for a short name after
        # `of`, since `Chief of the General Staff Valery Gerasimov` is a title before a person.
        of = literal(w("of"))
        self.of_head_re = lazy(
            rf"(?r)(?:^|(?<=\s))(?P<np>(?:{literal(cased(w('definite_articles')))}\s+)?(?:\p{{Lu}}[\p{{L}}.-]*\s+){{1,4}}"
            rf"{of}\s+{the_opt})\Z" if w("of") else NEVER)
        self.trailing_name_re = lazy(rf"(?<=\s)(?:{self.name})\Z")
        # The start of a content up to a nested frame's subject: a few words, no clause boundary.
        self.nested_re = lazy(rf"\G(?:{that}\s+)?(?:(?!{literal(w('nested_breakers'))}\s)"
                              r"[\p{L}\p{N}%$.'’-]+\s+){0,15}\Z")
        # Any past-tense or present verb right after the subject (`Mr. Trump assailed …`).
        self.any_verb_re = lazy(
            rf"\G\s+(?:(?:{'|'.join(w('subject_verb_adverbs'))}{adv})\s+)?"
            rf"(?P<verb>\p{{Ll}}{{2,}}{past})\b(?!['’])" if past else NEVER
        )
        self.dangling_re = lazy_re(rf"[\s,;]\b{literal(w('dangling'))}\Z")
        # `«…», — добавила она.`: a pronoun of the pack closing the tail of a quote
        forms = sorted({f for p in self.pronoun_genders for f in (p, p.capitalize())})
        self.tail_pronoun_re = lazy(rf"(?<=\s)(?P<spk>{alternation(forms)})[\s.!?…]*\Z") if forms else None

        # --- exact tests that spare a pattern call ---------------------------------------------
        # A pattern is called only where these say it can match: each is a necessary condition
        # read off the pattern (the literal its match must start with or hold), never a guess, so
        # the records stay the same. A word with a space (`\s+` in a pattern) gives its first part.
        #: what a match of ``according_re`` starts with, and of ``title_prefix_re``
        self.according_starts = _starts(self.according_opening)
        self.title_starts = _starts(w("titles"))
        #: a word of which a match of ``coordinated_re`` holds
        self.coordinator_needles = _starts((*w("coordinators"), *w("comma_coordinators")))
        #: what a match of ``dangling_re`` ends with (None: a word with a space, no test)
        self.dangling_ends = None if any(" " in d for d in w("dangling")) else tuple(w("dangling"))
        #: how far a match of ``tail_cue_re`` reaches past its start when its cue is one word and
        #: no object follows (the longest such cue, then at most 60 characters); a cue of several
        #: words (any whitespace between them) starts with one of ``tail_cue_multi``, and an object
        #: follows only a tell verb (``tell_verbs``, None: one holds a space, always possible)
        tail_forms = {*self.speech_forms, *w("reported_verbs")}
        self.tail_cue_reach = max((len(f) for f in tail_forms if " " not in f), default=0) + 60
        self.tail_cue_multi = _starts([f for f in tail_forms if " " in f])
        tells = w("tell_verbs")
        self.tell_verbs = None if any(" " in t for t in tells) else tuple(tells)
        self.tell_longest = max(map(len, tells), default=0)
        #: ``pronoun_re`` as a set (None when a pronoun holds a space)
        subjects = w("subject_pronouns")
        self.subject_pronouns = None if any(" " in p for p in subjects) else frozenset(subjects)

    def post_quote_match(self, text: str, pos: int, end: int, ahead: SpeechAhead | None = None) -> Any:
        """``post_quote_re.match(text, pos, end)``, faster where its costly first branch (a speaker,
        then the verb: `," the minister said`) cannot match: that branch's verb follows whitespace
        past the first character of the speaker, which starts after the separators; where no verb
        of saying does (`," said Dr. Alicia Moreno, an …`), the pattern without that branch gives
        the same match. ``ahead`` answers for several calls of one stretch (read once)."""
        if self.post_quote_fast:
            start = _SEPARATORS.match(text, pos, end).end() + 1
            verb = ahead.verb_from(start) if ahead is not None else \
                self.spaced_speech_re.search(text, start, end) is not None
            if not verb:
                return self.post_quote_cue_first_re.match(text, pos, end)
        return self.post_quote_re.match(text, pos, end)

    def speaker_before(self, text: str, lo: int, h: int) -> Any:
        """``spk_before_re.match(text, lo, h)``. Its share speaker (`52 percent of voters`, tried
        first, and over every way the rest can end: most of the pattern's cost) needs one of the
        share's required literals (or a digit) in the window."""
        return _branch_asked(self.share_holds, self.spk_before_re, self.spk_before_no_share_re, text, lo, h)

    def speaker_before_pre(self, text: str, lo: int, h: int) -> Any:
        """``pre_spk_re.match(text, lo, h)``; its possessive speaker needs the possessive (`'s`)."""
        return _branch_asked(self.possessive_holds, self.pre_spk_re, self.pre_spk_no_possessive_re,
                             text, lo, h)

    def is_subject_pronoun(self, spk: str) -> bool:
        """``pronoun_re.match(spk)``: ``spk`` is one of the pack's subject pronouns."""
        if self.subject_pronouns is not None:
            return spk in self.subject_pronouns
        return self.pronoun_re.match(spk) is not None

    @cached_property
    def words(self) -> WordPatterns:
        """The word frames' patterns (compiled when first asked for)."""
        from .frames_words import WordPatterns

        return WordPatterns(self.pack, self.name_r)

    @cached_property
    def clause(self) -> ClauseGrammar:
        """The clause frames' grammar (built when first asked for)."""
        from .clause_grammar import ClauseGrammar

        return ClauseGrammar(self.pack)

    # -----------------------------------------------------------------------------------------

    def _lazy_regex(self, pattern: str, flags: int = 0) -> LazyPattern:
        """A ``regex`` pattern compiled on first use."""
        return LazyPattern(self._lazy, pattern, flags)

    def _lazy_std(self, pattern: str, flags: int = 0) -> LazyPattern:
        """A standard-library ``re`` pattern compiled on first use (pure literal scans: several
        times faster than ``regex`` there)."""
        return LazyPattern(self._lazy, pattern, flags, re)

    def compile(self) -> None:
        """Compile every pattern of this grammar now (before forking workers that will use it)."""
        for pattern in self._lazy:
            pattern.compile()

    @property
    def compiled_count(self) -> tuple[int, int]:
        """(patterns compiled so far, patterns in all)."""
        return sum(p._compiled is not None for p in self._lazy), len(self._lazy)

    def _speaker_fragments(self, reverse: bool) -> tuple[str, str, str, str, str]:
        """(TITLE, NAME, PRONOUN, COMMON_NP, SPEAKER) regex fragments, for one matching direction."""
        w = self.pack.words
        title = rf"(?:{alternation(w('titles'), reverse)})"
        initial = r"\p{Lu}\."
        # A proper name: up to five capitalised words, initials and particles, with optional
        # titles; never starting with a capitalised determiner ("The" in "The White House").
        name = (
            rf"(?!{literal(w('name_articles'))}\b)(?:{title}\s+)*(?:(?:{self.cap}|{initial})(?:\s+|-))"
            rf"{{0,4}}(?:{self.particle}\s+)?(?:{self.cap}|\p{{Lu}}{{2,}})"
        )
        pronoun = rf"(?:{alternation(w('subject_pronouns'), reverse)})"
        nouns = sorted({*w("speaker_nouns"), *(n.capitalize() for n in w("speaker_nouns"))})
        determiners = w("determiners")
        # Frame verbs and subject pronouns end a subject rather than modify its noun (`She said
        # leaders had agreed …` is not spoken by `She said leaders`); the free words hold no
        # determiner, so that a phrase starts at its own.
        stops = alternation(w("speaker_stops"))
        common_np = (
            rf"(?:(?:{alternation(determiners, reverse)})\s+)?"
            rf"(?:(?!(?:{alternation(determiners)}|{stops})\s)[\p{{L}}'’-]+\s+){{0,3}}"
            rf"(?:{alternation(nouns, reverse)})(?![\p{{L}}])"
        )
        # Speaker alternatives; every part is bounded in length, which keeps matching linear.
        return title, name, pronoun, common_np, rf"(?:{name}|{common_np}|{pronoun})"


_WORD_CHAR = re.compile(r"\w")
#: a digit as `regex` reads `\d` (the engine of the patterns whose digits it stands for)
_DIGIT = regex.compile(r"\d")


def match_holding(pattern: Any, needles: tuple[str, ...] | None, text: str, lo: int, hi: int) -> Any:
    """``pattern.match(text, lo, hi)``, not tried where the window holds none of ``needles``, one of
    which every match of the pattern holds (None: not known, always tried)."""
    if needles is not None and not _holds(text[lo:hi], needles):
        return None
    return pattern.match(text, lo, hi)


def _holds(window: str, needles: tuple[str, ...]) -> bool:
    return any(n in window for n in needles)


def _branch_asked(holds: tuple[tuple[str, ...], bool] | None, full: Any, without: Any,
                  text: str, lo: int, h: int) -> Any:
    """``full.match(text, lo, h)``; where the window holds none of the literals ``holds`` names (nor a
    digit, when one may stand for them), the branch that needs them cannot match there, and the
    pattern ``without`` it gives the same match, cheaper (``holds`` None: not known, ``full``)."""
    if holds is not None:
        literals, digit = holds
        window = text[lo:h]
        if not _holds(window, literals) and not (digit and _DIGIT.search(window)):
            return without.match(text, lo, h)
    return full.match(text, lo, h)


def required_literals(pattern: str) -> tuple[tuple[str, ...], bool] | None:
    r"""Literals one of which every match of ``pattern`` holds, and whether a digit (`\d`) may
    stand for them: read off the pattern's parse by the standard library (`\p{…}` read as a
    class, which holds no literal). None where that is not known: a pattern the standard parser
    reads otherwise or not at all, case-insensitive parts, no required literal.

    In a sequence, the best of its items' sets counts (a run of literals is one literal); in an
    alternation, the union of its branches' sets (each branch must have one); a repeat at least
    once counts as its body, an optional part or any other item as nothing.
    """
    if "\\\\" in pattern or "(?" in pattern.replace("(?:", ""):
        return None  # (an escaped backslash or flags: not read here)
    try:
        parser, _ = _standard_parser()
        tree = parser.parse(regex.sub(r"\\[pP]\{[^}]*\}", r"\\w", pattern))
    except Exception:  # (any pattern the standard parser refuses: no test)
        return None
    if tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _sequence_literals(list(tree))
    return None if found is None else (tuple(sorted(n for n in found if n)), "" in found)


def _standard_parser() -> tuple[Any, Any]:
    """The standard library's regex parser and its constants (`re._parser` from 3.11, before it
    `sre_parse`)."""
    try:
        import re._constants as constants
        import re._parser as parser
    except ImportError:  # (Python 3.10)
        import sre_constants as constants  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]
    return parser, constants


def _sequence_literals(items: list[Any]) -> frozenset[str] | None:
    """The best set of a sequence's items ("" stands for a digit), or None (see above). A run of
    literals and of small classes of literals (`['’]s`) is one set of literals."""
    _, c = _standard_parser()
    sets: list[frozenset[str]] = []
    run = {""}
    for op, av in [*items, (None, None)]:
        chars = [chr(av)] if op is c.LITERAL else \
            [chr(x) for _, x in av] if op is c.IN and all(o is c.LITERAL for o, _ in av) else []
        if chars and len(run) * len(chars) <= 16:
            run = {r + ch for r in run for ch in chars}
            continue
        if run != {""}:
            sets.append(frozenset(run))
        run = {""}
        if chars:  # (a class too large to multiply the run by: it starts the next)
            run = set(chars)
            continue
        found: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            found = _sequence_literals(list(av[-1])) if not av[1] else None
        elif op is c.BRANCH:
            branches = [_sequence_literals(list(b)) for b in av[1]]
            found = None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)) and av[0] >= 1:
            found = _sequence_literals(list(av[2]))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            found = _sequence_literals(list(av))
        elif op is c.IN and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
            found = frozenset([""])
        if found is not None:
            sets.append(found)
    # (the set whose shortest literal is longest; a digit counts as three characters)
    return max(sets, key=lambda f: min(len(n) or 3 for n in f), default=None)


#: the separators before a frame after a quote, as ``post_quote_re`` skips them but for `-`,
#: which may open a speaker (the standard engine's `\s` holds every character of `regex`'s)
_SEPARATORS = re.compile(r"[\s,;—–―]*")


class SpeechAhead:
    """Whether a verb of saying follows whitespace in ``text[start:end]`` (``spaced_speech_re``),
    for calls at rising ``start`` over one stretch: the search is repeated only past the verb
    found last, so the stretch is read once however many quotes ask."""

    __slots__ = ("_at", "_end", "_from", "_pattern", "_text")

    def __init__(self, g: Grammar, text: str, end: int) -> None:
        self._pattern, self._text, self._end = g.spaced_speech_re, text, end
        self._from = end + 1  # (nothing searched yet)
        self._at = -1  # where the verb found from ``_from`` starts; -1: none before ``end``

    def verb_from(self, start: int) -> bool:
        """Whether ``spaced_speech_re`` matches wholly inside ``text[start:end]``."""
        if not (self._from <= start and (self._at < 0 or self._at >= start)):
            m = self._pattern.search(self._text, start, self._end)
            self._from, self._at = start, m.start() if m else -1
        return self._at >= start


def _starts(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    r"""The literal each word's pattern starts with: the word up to its first space (a space is
    `\s+` in a pattern)."""
    return tuple(sorted({w.split(" ", 1)[0] for w in words}))


def _spaced(words: tuple[str, ...]) -> str:
    """`the\\s|a\\s|an\\s`: words followed by one whitespace character."""
    return "|".join(rf"{regex.escape(x)}\s" for x in words) if words else NEVER
