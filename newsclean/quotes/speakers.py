"""Stage 4, speakers: what a speaker mention is, its title, and whom it stands for.

Resolution is deliberately shallow (same article, earlier mentions only): ``Alaudinov`` becomes
the longest earlier name ending in ``Alaudinov``, and a pronoun (the pack's ``pronouns``, with
their gender) the last named speaker nearby or the most recent earlier named person whose known
gender does not conflict. That is what a reader does for news prose, and it needs no model. The
words (titles, first names with a gender, institution words) come from the pack.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from .grammar import Grammar

# How far back (characters) a pronoun may refer to the last named speaker.
PRONOUN_SPEAKER_WINDOW = 800
# Strings read per process and grammar: the same names and pronouns come back in article after
# article, and reading one (its title, its name, whether it is a pronoun) depends on nothing else.
_MEMO = 1 << 15


@lru_cache(maxsize=_MEMO)
def split_title(g: Grammar, mention: str) -> tuple[str | None, str]:
    """Split ``Lt. Gen. Apti Alaudinov`` into (``Lt. Gen.``, ``Apti Alaudinov``)."""
    m = g.title_prefix_re.match(mention) if mention.startswith(g.title_starts) else None
    if not m or m.end() >= len(mention):
        return None, mention
    return " ".join(m.group("title").split()), mention[m.end():]


def head(mention: str) -> str:
    """Last word of a mention (the family name for people)."""
    parts = mention.split()
    return parts[-1].rstrip(".,") if parts else mention


def gender_of(g: Grammar, title: str | None, first: str) -> str | None:
    """Best-effort gender from title or first name; None when unknown."""
    if title in g.male_titles:
        return "m"
    if title in g.female_titles:
        return "f"
    if first in g.male_names:
        return "m"
    if first in g.female_names:
        return "f"
    return None


def person_gender(g: Grammar, title: str | None, name: str) -> str | None:
    """Gender of a resolved person from title or first name; None when unknown."""
    return gender_of(g, title, name.split()[0]) if name else None


def strip_org_words(g: Grammar, name: str) -> tuple[str, bool]:
    """Keep the person after an institution word ("General Staff Valery Gerasimov" -> "Valery
    Gerasimov"); the flag says whether anything was cut."""
    words = name.split()
    for i in range(len(words) - 2, -1, -1):
        if words[i] in g.org_words:
            return " ".join(words[i + 1:]), True
    return name, False


def drop_final_period(g: Grammar, mention: str) -> str:
    """``said Hester.`` ends a sentence: the period is not part of the name, unlike ``John F.``,
    ``Jr.`` or ``the U.S.`` (an abbreviation keeps its own period when it ends a sentence)."""
    last = mention.rsplit(None, 1)[-1] if mention else ""
    if last.endswith(".") and len(last) > 2 and "." not in last[:-1] and last not in g.name_suffixes:
        return mention[:-1]
    return mention


@lru_cache(maxsize=_MEMO)
def clean_mention(g: Grammar, mention: str) -> tuple[str | None, str]:
    """Title and name of a raw capitalised sequence, without leading function words."""
    words = mention.split()
    title = None
    if words[0] in g.title_first_words:
        title, rest = split_title(g, mention)
        words = rest.split()
    while words and words[0] in g.non_names:
        del words[0]
    name, cut = strip_org_words(g, drop_final_period(g, " ".join(words)))
    return (None if cut else title), name


def _sentences(g: Grammar, start: int, mention: str) -> list[tuple[int, str]]:
    """Cut a capitalised run where a sentence ends inside it (`… Margaret Dunmore. Ms Lindqvist`);
    an initial, a title (`Prof.`) or a suffix (`Jr.`) does not end one."""
    parts: list[tuple[int, str]] = []
    begin = 0
    for m in g.word_end_re.finditer(mention):
        word = m.group("word")
        if len(word) > 4 and word not in g.titles and word not in g.name_suffixes:
            parts.append((start + begin, mention[begin: m.end("word")]))
            begin = m.end()
    parts.append((start + begin, mention[begin:]))
    return parts


_START = regex.Match.start
_GROUP = regex.Match.group


def _split_sentences(g: Grammar, starts: list[int], strings: list[str]) -> tuple[list[int], list[str]]:
    """The mentions with those that run over a sentence end cut there (see :func:`_sentences`)."""
    out_starts: list[int] = []
    out_strings: list[str] = []
    for start, s in zip(starts, strings, strict=True):
        if ". " in s:
            for at, part in _sentences(g, start, s):
                out_starts.append(at)
                out_strings.append(part)
        else:
            out_starts.append(start)
            out_strings.append(s)
    return out_starts, out_strings


class MentionIndex:
    """Earlier name mentions of one article, for speaker resolution.

    Built lazily: one regex pass collects capitalised sequences; a per-head table of "fullest
    name so far" is only computed for heads that some speaker actually uses. Each lookup is then
    a binary search, so long adversarial inputs stay near-linear.
    """

    # How far back a pronoun looks for its person (in mentions).
    PERSON_LOOKBACK = 60

    def __init__(self, text: str, g: Grammar) -> None:
        self.text = text
        self.g = g
        self._starts: list[int] | None = None
        self._strings: list[str] = []
        self._heads: dict[str, tuple[list[int], list[tuple[str, str | None]]]] = {}
        self._by_last: dict[str, list[int]] = {}

    def _scan(self) -> list[int]:
        """Collect capitalised sequences once, indexed by their last word (the matches' offsets
        and strings read off in one go: per-match Python was as dear as the scan itself)."""
        if self._starts is None:
            found = list(self.g.mention_re.finditer(self.text))
            starts = list(map(_START, found))
            strings = list(map(_GROUP, found))
            if ". " in "\n".join(strings):  # (a mention holds no line break)
                starts, strings = _split_sentences(self.g, starts, strings)
            self._starts, self._strings = starts, strings
            by_last: dict[str, list[int]] = {}
            for i, last in enumerate([s.rsplit(None, 1)[-1].rstrip(".") for s in strings]):
                at = by_last.get(last)
                if at is None:
                    by_last[last] = [i]
                else:
                    at.append(i)
            self._by_last = by_last
        return self._starts

    def _head_table(self, key: str) -> tuple[list[int], list[tuple[str, str | None]]]:
        """Positions of mentions ending in ``key`` and the fullest name seen up to each."""
        table = self._heads.get(key)
        if table is None:
            starts = self._scan()
            pos: list[int] = []
            best: list[tuple[str, str | None]] = []
            cur: tuple[str, str | None] = ("", None)
            for i in self._by_last.get(key, ()):
                title, name = clean_mention(self.g, self._strings[i])
                if not name:
                    continue
                if len(name) > len(cur[0]):
                    cur = (name, title or cur[1])
                elif cur[1] is None and title:
                    cur = (cur[0], title)
                pos.append(starts[i])
                best.append(cur)
            table = (pos, best)
            self._heads[key] = table
        return table

    def fullest(self, mention: str, before: int) -> tuple[str, str | None]:
        """Longest earlier name sharing the head word of ``mention``, with its title."""
        title, bare = split_title(self.g, mention)
        pos, best = self._head_table(head(bare))
        i = bisect.bisect_right(pos, before)
        if i:
            name, known_title = best[i - 1]
            if len(name) >= len(bare):
                return name, title or known_title
        return bare, title

    def recent_person(self, before: int, gender: str | None) -> tuple[str, str | None] | None:
        """Most recent named person before ``before`` whose gender fits.

        A name of the pronoun's known gender wins over a nearer name of unknown gender (often a
        place: "in Des Moines"); a conflicting gender never fits.
        """
        g = self.g
        starts = self._scan()
        i = bisect.bisect_left(starts, before)
        fallback: int = -1
        for j in range(i - 1, max(-1, i - 1 - self.PERSON_LOOKBACK), -1):
            title, name = clean_mention(g, self._strings[j])
            if not name:
                continue
            if " " not in name and title is None:
                # A bare surname counts once its full form was seen ("Trump" after "Donald Trump").
                full_name = self.fullest(name, starts[j])[0]
                if " " not in full_name:
                    continue
                name = full_name
            found = gender_of(g, title, name.split()[0])
            if gender and found and found != gender:
                continue
            if found or not gender:
                full, full_title = self.fullest(name, starts[j])
                return full, title or full_title
            if fallback < 0:
                fallback = j
        if fallback < 0:
            return None
        title, name = clean_mention(g, self._strings[fallback])
        full, full_title = self.fullest(name, starts[fallback])
        return full, title or full_title


class Speakers:
    """Speaker resolution for one article: parses a speaker string once, keeps the last named
    speaker for pronouns, and looks names up in the article's :class:`MentionIndex`."""

    def __init__(self, text: str, g: Grammar) -> None:
        self.text = text
        self.g = g
        self._mentions: MentionIndex | None = None
        # (offset, full name, title, gender) of the last named speaker, for pronouns.
        self._last_named: tuple[int, str, str | None, str | None] | None = None

    @property
    def mentions(self) -> MentionIndex:
        """Name index, built on first use (many articles need none)."""
        if self._mentions is None:
            self._mentions = MentionIndex(self.text, self.g)
        return self._mentions

    def _gender(self, pronoun: str) -> tuple[bool, str | None]:
        """(whether ``pronoun`` stands for a person, its gender) from the pack's pronouns."""
        genders = self.g.pronoun_genders
        gender = genders.get(pronoun)
        if gender is None:
            gender = genders.get(pronoun.lower())
        return gender is not None, gender or None

    def info(self, spk: str | None, pos: int) -> tuple[str | None, str | None, str | None]:
        """Return (speaker, speaker_full, speaker_title) for a mention at ``pos``."""
        if not spk:
            return None, None, None
        g = self.g
        kind, spk, offset = parse_speaker(g, spk)
        if spk in g.antecedent_relatives and pos >= 0:
            # `the critic J.R. Ashworth, who called …`: the relative stands for the name before it.
            ante = g.antecedent_re.match(self.text, max(0, pos - 80), pos)
            if ante:
                _, full, title = self.info(ante.group("name"), ante.start("name"))
                return spk, full, title
        if kind == "pronoun":
            person, gender = self._gender(spk)
            if person:
                last = self._last_named
                # News prose continues with its last speaker ("Gerasimov reported … He noted …"),
                # so a recent named speaker of fitting gender wins over a nearer name in an object
                # position.
                if last and pos - last[0] < PRONOUN_SPEAKER_WINDOW and (
                        last[3] is None or gender is None or last[3] == gender):
                    return spk, last[1], last[2]
                found = self.mentions.recent_person(pos, gender)
                if found:
                    return spk, found[0], found[1]
            return spk, None, None
        if kind == "name" and pos >= 0:
            at = pos + offset
            window = self.text[max(0, at - 60): at]
            loc = None
            if any(n in window for n in g.locative_needles):  # a cheap test first
                loc = g.locative_head_re.match(self.text, max(0, at - 60), at) or (
                    g.of_head_re.match(self.text, max(0, at - 60), at) if spk.count(" ") < 2 else None)
            if loc:
                return loc.group("np") + spk, None, None
        if kind == "name":
            title, bare = split_title(g, spk)
            bare, cut = strip_org_words(g, bare)
            title = None if cut else title
            full, known_title = self.mentions.fullest(bare, pos + offset)
            self._last_named = (pos, full, title or known_title, person_gender(g, title or known_title, full))
            return bare, full, title or known_title
        return spk, None, None


def is_pronoun(g: Grammar, spk: str) -> bool:
    """Whether ``spk`` is a subject pronoun or one of the pack's pronouns with a gender."""
    return g.is_subject_pronoun(spk) or spk.lower() in g.pronoun_genders or spk in g.pronoun_genders


@lru_cache(maxsize=_MEMO)
def parse_speaker(g: Grammar, raw: str) -> tuple[str, str, int]:
    """Classify a speaker string once per process: ("pronoun"|"name"|"other", text, offset).

    For "former governor Jeb Bush" the name part and its offset in ``raw`` are kept.
    """
    spk = drop_final_period(g, " ".join(raw.split()).strip(" ,"))
    first, _, rest = spk.partition(" ")
    if rest and first in g.leading_fillers:
        spk = rest  # `But Megan Hester`, `which city officials`
    offset = raw.find(spk[:1]) if spk else 0
    if is_pronoun(g, spk):
        return ("pronoun", spk, offset)
    # (a name after lower-case words: `chief executive Lowell McAdam`; looked for only when there
    # are such words; German nouns are capitalised)
    lower = not g.v2 and any(w.islower() and w not in g.articles for w in spk.split())
    tail = g.trailing_name_re.search(spk) if lower else None
    if tail and any(w.islower() and w not in g.articles for w in spk[: tail.start()].split()):
        spk, offset = tail.group(), offset + tail.start()
    if spk[:1].isupper() and spk.split()[0] not in g.articles_cap and g.full_name_re.match(spk):
        return ("name", spk, offset)
    return ("other", spk, offset)
