"""Word lists and regex fragments for attribution cues.

Kept as module-level data so that the vocabulary can be reviewed and extended
in one place; the extractor only combines these fragments.
"""

from __future__ import annotations

import re
from typing import Any

import regex

# Verbs of saying, in the stem forms we inflect below.  Regular ones get
# -s/-ed/-ing from _inflect; irregular forms are listed explicitly.
REGULAR_SPEECH_VERBS: tuple[str, ...] = (
    "add", "acknowledge", "admit", "affirm", "allege", "announce", "answer", "argue", "ask",
    "assert", "assure", "boast", "brag", "caution", "charge", "chant", "claim", "comment",
    "complain", "concede", "conclude", "confirm", "contend", "continue", "counter", "declare",
    "deny", "describe", "emphasize", "emphasise", "estimate", "exclaim", "explain", "fume",
    "insist", "joke", "lament", "maintain", "mention", "mock", "muse", "note", "object",
    "observe", "opine", "post", "predict", "proclaim", "promise", "protest",
    "quip", "recall", "recount", "reiterate", "remark", "remind", "repeat", "reply", "report",
    "respond", "retort", "reveal", "scoff", "scream", "shout", "snap", "state", "stress",
    "suggest", "tweet", "urge", "vow", "warn", "whisper", "wonder", "yell", "testify", "claim",
    "blast", "question", "accuse", "promise", "pledge", "insist", "reason", "sniff", "muse",
    "recall", "indicate", "acknowledge", "contend", "advise", "decry", "lament", "hint",
    "signal", "imply", "reckon", "guess", "worry", "fear", "believe", "hope", "predict",
    "demand", "beam", "plead", "gush", "marvel", "interject", "interrupt", "sigh", "laugh",
    "chuckle", "cry", "thunder", "roar", "shrug", "agree", "add", "caution", "concur",
)
IRREGULAR_SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "wrote", "writes",
    "write", "writing", "written", "thought", "thinks", "think", "spoke", "speaks", "put it",
    "puts it", "went on", "goes on", "read", "reads", "insisted", "felt", "feels", "knew",
    "knows", "forecast", "forecasts", "swore", "swears", "taught", "heard", "hears",
    "pointed out", "points out", "pointing out", "shot back", "shoots back", "went on to say",
    "goes on to say", "fired back", "fires back", "admitted", "admitting", "quipped", "quipping",
    "snapped", "shrugged", "referred", "regretted", "omitted", "committed", "submitted",
)
# Cues that introduce reported speech but are not verbs.
PREPOSITIONAL_CUES: tuple[str, ...] = (
    "according to", "in the words of", "as quoted by",
)
# Adverbs and auxiliaries that can sit between speaker and verb ("he also said").
CUE_MODIFIERS: tuple[str, ...] = (
    "also", "later", "then", "previously", "recently", "once", "repeatedly", "often", "has",
    "had", "have", "would", "will", "could", "later", "again", "further", "simply", "flatly",
    "publicly", "privately", "bluntly", "reportedly", "allegedly", "famously", "quickly",
    "first", "earlier", "separately", "frequently", "even", "never", "just", "only",
    "always", "has also", "had also", "has long", "had long", "has repeatedly",
    "however", "meanwhile", "though", "too", "now", "still", "yesterday", "today", "tonight",
    "last week", "last month", "last year", "this week", "earlier this week", "on Monday",
    "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    # negation: `did not say`, `has not endorsed`, `do not show`
    "not", "did", "does", "do", "didn't", "doesn't", "don't", "hasn't", "haven't", "hadn't",
    "won't", "wouldn't", "couldn't", "can't", "cannot",
    "did not", "does not", "do not", "has not", "have not", "had not", "would not", "will not",
    "could not",
)
# Objects kept in the cue after "told"/"tells" ("told Sputnik", "told reporters").
TELL_VERBS: tuple[str, ...] = ("told", "tells", "telling", "tell")
COMMON_TELL_OBJECTS: tuple[str, ...] = (
    "reporters", "supporters", "journalists", "the crowd", "the audience", "voters",
    "lawmakers", "the newspaper", "the paper", "the magazine", "the station", "listeners",
    "viewers", "an audience", "a crowd", "me", "us", "him", "her", "them",
)
# Sentence-level reported-speech verbs that are frequent enough to use for
# indirect speech without a quote mark.  A subset of the above that is reliable.
INDIRECT_VERBS: tuple[str, ...] = (
    # Chosen on PolNeAR train by how often the word is annotated as a cue when it
    # occurs at all; low-precision forms ("states", "continues", "felt", "knew") are left out,
    # and so are forms that are mostly nouns ("attacks": 19% right cues on train) and forms
    # whose clause is mostly annotated with another cue ("wanted", "believes", "thought",
    # "supporting": under 55% right cues on train).
    "said", "says", "say", "saying", "told", "tells", "telling", "added", "adds", "adding",
    "noted", "notes", "noting", "argued", "argues", "arguing", "argue", "claimed", "claims",
    "announced", "announces", "reported", "reports", "suggested", "suggests", "suggesting",
    "suggest", "acknowledged", "acknowledges", "acknowledge", "insisted", "insists", "insist",
    "explained", "explains", "explain", "warned", "warns", "warning", "predicted", "predicts",
    "believe", "believed", "think", "thinks", "stated", "asserted",
    "asserts", "contended", "contends", "conceded", "concedes", "admitted", "admits",
    "confirmed", "confirms", "denied", "denies", "tweeted", "asked", "asks", "asking",
    "promised", "promises", "vowed", "vows", "complained", "complains", "estimated",
    "estimates", "indicated", "indicates", "hinted", "stressed", "stresses", "emphasized",
    "recalled", "recalls", "fear", "fears", "feared", "worried", "hoped", "hopes", "hope",
    "know", "knows", "expect", "expects", "agree", "agrees", "agreed", "found", "show",
    "shows", "showed", "revealed", "reveals", "accused", "accuses", "accusing", "criticized",
    "criticizes", "criticizing", "blamed", "blames", "called", "calls", "calling",
    "described", "describes", "describing", "urged", "urges", "urging", "questioned",
    "questioning", "responded", "replied", "countered", "alleged", "alleges", "testified",
    "mentioned", "mention", "wondered", "wonders", "pointed out", "points out",
    "pointing out", "wants", "want", "recognized", "doubt", "doubts", "assured",
    "denounced", "denouncing", "decried", "praised", "praises", "praising", "mocked",
    "dubbed", "labeled", "branded", "hailed", "touted", "blasted", "slammed", "citing",
    "cited", "cites", "promising", "vowing", "concluded", "remarked", "recounted",
    "reiterated", "went on to say", "goes on to say", "cautioned", "boasted", "bragged",
    "joked", "quipped", "proclaimed", "threatened", "demanded", "demands", "endorsed",
    "endorse", "endorses", "endorsing", "declined", "declines", "seemed", "seems", "appeared",
    "appears", "expressed", "expresses", "defended", "defends", "defending", "refused",
    "refuses", "rejected", "rejects", "dismissed", "dismisses", "offered", "supported",
    "supports", "sought", "seeks", "proposed", "proposes", "opposed", "opposes",
    "oppose", "attacked", "talked", "discussed", "discuss", "referring", "referred",
    "ordered", "echoed", "voiced", "portrayed", "highlighted", "encouraged", "prefer",
    "prefers", "learned", "challenged", "requested",
)

# Verbs that invert with their speaker after the content (`…, said Geoff Garin.`, `…, wrote
# the author`): verbs of saying only; `…, supported Clinton.` or `…, called Trump` are not frames.
INVERTING_VERBS: tuple[str, ...] = (
    "said", "says", "added", "adds", "wrote", "writes", "asked", "asks", "explained", "explains",
    "noted", "notes", "argued", "argues", "recalled", "recalls", "continued", "continues",
    "replied", "replies", "responded", "countered", "insisted", "insists", "warned", "warns",
    "observed", "remarked", "declared", "announced", "stated", "tweeted", "complained",
    "acknowledged", "conceded", "cautioned", "suggested", "suggests", "predicted", "predicts",
    "reported", "reports", "told", "tells", "claimed", "claims", "concluded", "emphasized",
    "stressed", "confirmed", "admitted", "recounted", "reiterated", "testified", "quipped",
    "joked", "boasted", "mused", "proclaimed", "exclaimed", "shouted", "wondered", "agreed",
)

_LAZY: list[LazyPattern] = []


class LazyPattern:
    """A pattern compiled on first use, so that importing the package costs no compilation.

    The patterns of this package are large (word tries, speaker phrases) and take about a
    second to compile; most ``newsclean`` commands never extract quotes.  The first
    attribute looked up (``match``, ``search``…) compiles the pattern and stores that
    attribute on the instance, so later calls reach the compiled pattern's bound method
    without going through ``__getattr__`` again.  :func:`compile_all` compiles every
    pattern at once (call it before forking workers so that they inherit the result).
    """

    def __init__(self, pattern: str, flags: int = 0, engine: Any = regex) -> None:
        self._source = (pattern, flags, engine)
        self._compiled: Any = None
        _LAZY.append(self)

    def compile(self) -> Any:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            pattern, flags, engine = self._source
            self._compiled = engine.compile(pattern, flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compile(), name)
        setattr(self, name, value)
        return value


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A ``regex`` pattern compiled on first use."""
    return LazyPattern(pattern, flags)


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    """A standard-library ``re`` pattern compiled on first use."""
    return LazyPattern(pattern, flags, re)


def compile_all() -> None:
    """Compile every pattern of the package now (about a second, once per process)."""
    for pattern in _LAZY:
        pattern.compile()


def _inflect(stem: str) -> list[str]:
    """Return past, 3rd-person and -ing forms of a regular verb stem."""
    if stem.endswith("e"):
        return [stem, stem + "s", stem + "d", stem[:-1] + "ing"]
    if stem.endswith("y") and stem[-2] not in "aeiou":
        return [stem, stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"]
    if regex.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", stem) and stem not in ("post",):
        return [stem, stem + "s", stem + stem[-1] + "ed", stem + stem[-1] + "ing"]
    return [stem, stem + "s", stem + "ed", stem + "ing"]


def alternation(words: list[str] | tuple[str, ...] | frozenset[str], reverse: bool = False) -> str:
    """Regex matching any of ``words``, factored as a trie.

    A flat ``said|says|saying|…`` alternation makes the engine retry every
    word at every position; the trie form (``sa(?:id|ys|ying)``) is several
    times faster on long texts and, being greedy, still prefers the longest
    word.  Patterns run right to left (``(?r)``) get a suffix trie instead
    (``(?:sa|pa)id``), which is what helps a backwards match.
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in reversed(word) if reverse else word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        """Regex for the words below ``node``."""
        branches = []
        for ch, sub in sorted(node.items()):
            if ch:
                lit = r"\s+" if ch == " " else regex.escape(ch)
                branches.append(build(sub) + lit if reverse else lit + build(sub))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return f"(?:{build(root)})"


SPEECH_VERB_FORMS: frozenset[str] = frozenset(
    [form for stem in REGULAR_SPEECH_VERBS for form in _inflect(stem)] + list(IRREGULAR_SPEECH_VERBS)
)
# Regex fragments (no groups) used by the extractor.
SPEECH_VERB = rf"(?:{alternation(sorted(SPEECH_VERB_FORMS))})"
INDIRECT_VERB = rf"(?:{alternation(INDIRECT_VERBS)})"
INVERTING_VERB = rf"(?:{alternation(INVERTING_VERBS)})"
MODIFIER = rf"(?:(?:{alternation(CUE_MODIFIERS)}|\p{{Ll}}{{2,}}ly)\s+){{0,2}}"
# The same fragments for patterns matched right to left.
SPEECH_VERB_R = rf"(?:{alternation(SPEECH_VERB_FORMS, reverse=True)})"
MODIFIER_R = rf"(?:(?:{alternation(CUE_MODIFIERS, reverse=True)}|\p{{Ll}}{{2,}}ly)\s+){{0,2}}"
PREP_CUE_R = rf"(?:{alternation(PREPOSITIONAL_CUES, reverse=True)})"
PREP_CUE = rf"(?:{alternation(PREPOSITIONAL_CUES)})"
TELL_OBJECT = (
    rf"(?:{alternation(COMMON_TELL_OBJECTS)}|(?:his|her|their|the|a)\s+\p{{Ll}}+"
    r"|(?:the\s+)?\p{Lu}[\p{L}'’&-]*(?:\s+\p{Lu}[\p{L}'’&-]*){0,3})"
)
TELL = rf"(?:{alternation(TELL_VERBS)})"
