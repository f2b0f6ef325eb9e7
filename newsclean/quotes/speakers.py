"""Speaker mentions: how they look, their titles, and resolving them.

Resolution is deliberately shallow (same article, earlier mentions only):
``Alaudinov`` becomes the longest earlier name ending in ``Alaudinov``, and
``he``/``she`` the most recent earlier named person whose known gender does
not conflict.  That is what a reader does for news prose, and it needs no
model.
"""

from __future__ import annotations

import bisect

from .cues import alternation, lazy

# Titles that may precede a name; multi-word ones first so "Lt. Gen." wins over "Lt.".
TITLES: tuple[str, ...] = (
    "Lt. Gen.", "Maj. Gen.", "Brig. Gen.", "Lt. Col.", "Lt. Cmdr.", "Rear Adm.", "Vice Adm.",
    "Vice President", "Prime Minister", "Foreign Minister", "Defense Minister", "Defence Minister",
    "Secretary of State", "Attorney General", "House Speaker", "Senate Majority Leader",
    "Senate Minority Leader", "Chief Justice", "Lieutenant General", "Major General",
    "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Sen.", "Sens.", "Rep.", "Reps.", "Gov.",
    "Lt.", "Gen.", "Col.", "Capt.", "Cpt.", "Maj.", "Sgt.", "Adm.", "Cmdr.", "Rev.", "Gen",
    "Hon.", "Amb.", "Pres.", "Supt.", "Det.", "Insp.", "Atty.", "Sec.", "Secretary", "Senator",
    "Governor", "President", "Minister", "Chancellor", "Ambassador", "Judge", "Justice",
    "Mayor", "Speaker", "General", "Colonel", "Captain", "Admiral", "Sergeant", "Professor",
    "Pastor", "Bishop", "Pope", "King", "Queen", "Prince", "Princess", "Sheikh", "Rabbi",
    "Congressman", "Congresswoman", "Councilman", "Councilwoman", "Commissioner", "Director",
    "Chairman", "Chairwoman", "Chief", "Representative", "Sheriff", "Lord", "Lady", "Sir",
    "Dame", "Father", "Imam", "Ayatollah", "Premier", "Leader", "Chief Executive",
    "Chief Executive Officer", "Chief Financial Officer", "Chief Operating Officer", "Chief Economist",
    "Executive Director", "Managing Director", "Police Chief", "Fire Chief", "Spokesman",
    "Spokeswoman", "Spokesperson", "Superintendent", "Deputy", "Councilmember", "Council Member",
    "Assemblyman", "Assemblywoman", "Assemblymember", "Alderman", "Alderwoman",
    "Mr", "Mrs", "Ms", "Dr",  # British style, without the period
)
MALE_TITLES: frozenset[str] = frozenset({"Mr.", "Mr", "King", "Prince", "Sir", "Lord", "Father",
                                        "Congressman", "Councilman", "Chairman", "Pope", "Rabbi", "Imam",
                                        "Assemblyman", "Alderman"})
FEMALE_TITLES: frozenset[str] = frozenset({"Mrs.", "Ms.", "Mrs", "Ms", "Miss", "Queen", "Princess", "Lady",
                                          "Dame", "Congresswoman", "Councilwoman", "Chairwoman",
                                          "Assemblywoman", "Alderwoman"})
# A few very common first names give pronoun resolution a gender signal.
MALE_NAMES: frozenset[str] = frozenset((
    "Donald", "Bernie", "Ted", "Marco", "Jeb", "Ben", "John", "Chris", "Mike", "Barack", "Bill",
    "Paul", "Rand", "Joe", "Tim", "Mitt", "George", "Vladimir", "Sergei", "Dmitry", "Valery", "Apti",
    "Ramzan", "Volodymyr", "Jared", "Eric", "Rudy", "Newt", "Reince", "Corey", "Kellyanne", "James",
    "Robert", "Michael", "David", "Richard", "Thomas", "Charles", "Daniel", "Matthew", "Mark",
    "Steven", "Steve", "Jim", "Tom", "Scott", "Jeff", "Brian", "Kevin", "Jason", "Ryan", "Gary",
    "Larry", "Frank", "Peter", "Harry", "Jack", "Martin", "Carl", "Bob", "Dan", "Nick", "Lindsey",
    "Rick", "Jon", "Andrew", "Anthony", "Alan", "Jose", "Juan", "Luis", "Carlos", "Ahmed", "Mohammed",
    "Muhammad", "Ali", "Emmanuel", "Olaf", "Boris", "Xi", "Recep", "Benjamin", "Khizr", "Roger",
    "Sean", "Glenn", "Lou", "Stephen", "Tony", "Ron", "Dick",
))
FEMALE_NAMES: frozenset[str] = frozenset((
    "Hillary", "Chelsea", "Ivanka", "Melania", "Kellyanne", "Carly", "Nancy", "Elizabeth", "Michelle",
    "Sarah", "Hope", "Huma", "Donna", "Debbie", "Jennifer", "Gennifer", "Mary", "Patricia", "Linda",
    "Barbara", "Susan", "Jessica", "Karen", "Lisa", "Betty", "Helen", "Sandra", "Ashley", "Kimberly",
    "Emily", "Laura", "Amy", "Anna", "Angela", "Maria", "Marine", "Theresa", "Ursula", "Kamala",
    "Jill", "Megyn", "Katrina", "Kayleigh", "Maxine", "Dianne", "Tammy", "Kirsten", "Claire", "Heidi",
    "Kelly", "Sheryl", "Ann", "Anne", "Jane", "Julia", "Olga", "Irina", "Natalia", "Elena", "Ghazala",
    "Samantha", "Alicia", "Hannah", "Rachel", "Rebecca",
))
# Capitalised words of institutions, never part of a person's name; a speaker
# "General Staff Valery Gerasimov" is cut after them.
ORG_WORDS: frozenset[str] = frozenset((
    "Staff", "Committee", "Department", "Ministry", "Office", "House", "Senate", "Council", "Party",
    "Agency", "Court", "Army", "Forces", "Bank", "University", "News", "Post", "Times", "Journal",
    "Institute", "Foundation", "Campaign", "Administration", "Service", "Commission", "Bureau",
    "Board", "Center", "Centre", "Company", "Corporation", "Group", "Network", "Union", "Guard",
))
PRONOUNS_MALE: frozenset[str] = frozenset({"he", "He", "him", "his", "His"})
PRONOUNS_FEMALE: frozenset[str] = frozenset({"she", "She", "her", "Her"})
SUBJECT_PRONOUNS: tuple[str, ...] = (
    "he", "she", "they", "it", "I", "we", "you", "He", "She", "They", "It", "We", "You", "who", "Who",
)
# Common-noun heads that can speak ("the ministry said", "officials said").
SPEAKER_NOUNS: tuple[str, ...] = (
    "ministry", "spokesman", "spokeswoman", "spokesperson", "spokespeople", "statement",
    "report", "reports", "campaign", "officials", "official", "aides", "aide", "sources",
    "source", "analysts", "analyst", "experts", "expert", "critics", "supporters", "voters",
    "police", "government", "department", "agency", "office", "committee", "senator",
    "lawmakers", "lawmaker", "people", "residents", "observers", "study", "survey", "poll",
    "polls", "data", "document", "documents", "letter", "memo", "newspaper", "paper",
    "website", "site", "group", "organization", "company", "administration", "prosecutors",
    "investigators", "authorities", "leaders", "leader", "president", "candidate", "nominee",
    "governor", "senator", "congressman", "congresswoman", "secretary", "adviser", "advisers",
    "advisor", "strategist", "strategists", "pollster", "pollsters", "economist", "economists",
    "historian", "professor", "researchers", "scientists", "spokesmen", "representative",
    "witnesses", "witness", "friend", "friends", "member", "members", "democrats",
    "republicans", "team", "lawyer", "lawyers", "attorney", "attorneys", "judge", "court",
    "ruling", "release", "tweet", "post", "others", "many", "some", "most", "both", "all",
    "man", "woman", "men", "women", "father", "mother", "son", "daughter", "wife", "husband",
    "activists", "protesters", "organizers", "delegates", "donors", "staffers", "staff",
    "chairman", "chair", "director", "manager", "executive", "operative", "consultant",
    "justice", "host", "anchor", "moderator", "chief", "head", "founder", "owner", "worker",
    "workers", "employee", "employees", "resident", "voter", "student", "students", "veteran",
    "veterans", "respondents", "participants", "americans", "americans", "supporter", "opponent",
    "opponents", "rival", "rivals", "allies", "ally", "officer", "officers", "agent", "agents",
    "prosecutor", "investigator", "spokesperson", "correspondent", "reporter", "reporters",
    "journalist", "journalists", "columnist", "author", "authors", "writer", "scholar",
    "scholars", "lawmaker", "legislators", "legislator", "legislature", "board", "council",
    "commission", "panel", "agency", "bureau", "service", "network", "station", "magazine",
    "article", "book", "filing", "complaint", "lawsuit", "suit", "petition", "order", "opinion",
    "decision", "emails", "email", "message", "messages", "video", "ad", "advertisement",
    "polling", "analysis", "figures", "numbers", "estimates", "results", "records", "party",
    "parties", "campaigns", "organizers", "insiders", "sources", "citizens", "americans",
)
DETERMINERS: tuple[str, ...] = (
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "one", "another", "some", "many",
    "most", "several", "other", "two", "three", "both", "all", "these", "those", "this", "that",
    "The", "A", "An", "His", "Her", "Its", "Their", "Our", "One", "Another", "Some", "Many", "Most",
    "Several", "Other", "Two", "Three", "Both", "All", "These", "Those", "This",
)
# Capitalised words that start sentences or clauses and are never speakers on their own.
NON_NAMES: frozenset[str] = frozenset((
    "The", "A", "An", "And", "But", "Or", "So", "Yet", "If", "When", "While", "As", "After", "Before",
    "Since", "Because", "Although", "Though", "In", "On", "At", "For", "From", "With", "Without", "By",
    "To", "Of", "Then", "Now", "Still", "Also", "However", "Meanwhile", "This", "That", "These",
    "Those", "There", "Here", "It", "He", "She", "They", "We", "I", "You", "His", "Her", "Their",
    "Our", "My", "Its", "What", "Who", "Why", "How", "Where", "Which", "Asked", "Speaking", "Earlier",
    "Later", "Instead", "Indeed", "Yes", "No", "Not", "Some", "Many", "Most", "One", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Last", "Next", "Even", "Just",
    "Only", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
))


CAP = r"\p{Lu}[\p{L}\p{M}'’.-]*[\p{L}\p{M}.]"
_INITIAL = r"\p{Lu}\."
_PARTICLE = r"(?:de|del|da|van|von|der|bin|al|el|la|le|di|du|ibn|abu)"
# Capitalised determiners are never the first word of a name ("The" in "The White House").
_ARTICLE = r"(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our|My)"


# Frame verbs and subject pronouns end a subject rather than modify its noun (`She said leaders
# had agreed …` is not spoken by `She said leaders`).
_NOT_MODIFIERS = alternation(("said", "says", "told", "tells", "noted", "notes", "added", "adds", "wrote",
                              "writes", "He", "She", "They", "We", "he", "she", "they", "we"))


# A share of the people asked, in polls (`About 4 in 10 said …`, `59 percent of voters said …`,
# `Nearly half said …`).
SHARE = (
    r"(?:(?:[Aa]bout|[Nn]early|[Aa]lmost|[Jj]ust|[Oo]nly|[Ss]ome|[Oo]ver|[Mm]ore\s+than|[Ff]ewer\s+than"
    r"|[Ll]ess\s+than|[Rr]oughly)\s+)?"
    r"(?:\d[\d.,]*\s*(?:%|percent)|\d+\s+in\s+\d+|\d+\s+of\s+\d+|[Hh]alf|[Aa]\s+majority|[Mm]ajorities"
    r"|[Aa]\s+third|[Tt]wo-thirds|[Aa]\s+quarter|[Tt]hree-quarters)"
    r"(?:\s+of\s+(?:the\s+|those\s+)?(?:[\p{L}'’-]+\s+){0,3}[\p{L}'’-]+)?"
)


def _speaker_fragments(reverse: bool) -> tuple[str, str, str, str, str]:
    """(TITLE, NAME, PRONOUN, COMMON_NP, SPEAKER) regex fragments, for one matching direction."""
    title = rf"(?:{alternation(TITLES, reverse)})"
    # A proper name: up to five capitalised words, initials and particles, with optional titles.
    name = (
        rf"(?!{_ARTICLE}\b)(?:{title}\s+)*(?:(?:{CAP}|{_INITIAL})(?:\s+|-))"
        rf"{{0,4}}(?:{_PARTICLE}\s+)?(?:{CAP}|\p{{Lu}}{{2,}})"
    )
    pronoun = rf"(?:{alternation(SUBJECT_PRONOUNS, reverse)})"
    nouns = sorted({*SPEAKER_NOUNS, *(n.capitalize() for n in SPEAKER_NOUNS)})
    # The free words hold no determiner, so that a phrase starts at its own (`received an error
    # message` is `an error message`).
    common_np = (
        rf"(?:(?:{alternation(DETERMINERS, reverse)})\s+)?"
        rf"(?:(?!(?:{alternation(DETERMINERS)}|{_NOT_MODIFIERS})\s)[\p{{L}}'’-]+\s+){{0,3}}"
        rf"(?:{alternation(nouns, reverse)})(?![\p{{L}}])"
    )
    # Speaker alternatives; every part is bounded in length, which keeps matching linear.
    return title, name, pronoun, common_np, rf"(?:{name}|{common_np}|{pronoun})"


TITLE, NAME, PRONOUN, COMMON_NP, SPEAKER = _speaker_fragments(reverse=False)
# For patterns matched right to left (``(?r)``): suffix-trie word lists.
_, NAME_R, _, COMMON_NP_R, SPEAKER_R = _speaker_fragments(reverse=True)

_TITLE_FIRST_WORDS: frozenset[str] = frozenset(t.split()[0] for t in TITLES)
_TITLE_PREFIX_RE = lazy(rf"^(?P<title>(?:{TITLE}\s+)+)")
# Capitalised sequences (titles included, they are capitalised too); cheap enough
# to run over a whole article once.
_MENTION_RE = lazy(
    rf"(?<![\p{{L}}\p{{M}}.'’-])\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*"
    rf"(?:[ \t\u00a0]+(?:{_PARTICLE}[ \t\u00a0]+)?\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*){{0,6}}"
)


def split_title(mention: str) -> tuple[str | None, str]:
    """Split ``Lt. Gen. Apti Alaudinov`` into (``Lt. Gen.``, ``Apti Alaudinov``)."""
    m = _TITLE_PREFIX_RE.match(mention)
    if not m or m.end() >= len(mention):
        return None, mention
    return " ".join(m.group("title").split()), mention[m.end():]


def head(mention: str) -> str:
    """Last word of a mention (the family name for people)."""
    parts = mention.split()
    return parts[-1].rstrip(".,") if parts else mention


def _gender(title: str | None, first: str) -> str | None:
    """Best-effort gender from title or first name; None when unknown."""
    if title in MALE_TITLES:
        return "m"
    if title in FEMALE_TITLES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    return None


_TITLE_SET = frozenset(TITLES)


def _sentences(start: int, mention: str) -> list[tuple[int, str]]:
    """Cut a capitalised run where a sentence ends inside it (`… Margaret Dunmore. Ms Lindqvist`);
    an initial, a title (`Prof.`) or a suffix (`Jr.`) does not end one."""
    parts: list[tuple[int, str]] = []
    begin = 0
    for m in _WORD_END_RE.finditer(mention):
        word = m.group("word")
        if len(word) > 4 and word not in _TITLE_SET and word not in _NAME_SUFFIXES:
            parts.append((start + begin, mention[begin: m.end("word")]))
            begin = m.end()
    parts.append((start + begin, mention[begin:]))
    return parts


_WORD_END_RE = lazy(r"(?P<word>\S+\.)\s+")


class MentionIndex:
    """Earlier name mentions of one article, for speaker resolution.

    Built lazily: one regex pass collects capitalised sequences; a per-head
    table of "fullest name so far" is only computed for heads that some
    speaker actually uses.  Each lookup is then a binary search, so long
    adversarial inputs stay near-linear.
    """

    # How far back a pronoun looks for its person (in mentions).
    PERSON_LOOKBACK = 60

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._strings: list[str] = []
        self._heads: dict[str, tuple[list[int], list[tuple[str, str | None]]]] = {}
        self._by_last: dict[str, list[int]] = {}

    def _scan(self) -> list[int]:
        """Collect capitalised sequences once, indexed by their last word."""
        if self._starts is None:
            found: list[tuple[int, str]] = []
            for m in _MENTION_RE.finditer(self.text):
                g = m.group()
                if ". " in g:
                    found.extend(_sentences(m.start(), g))
                else:
                    found.append((m.start(), g))
            self._starts = [f[0] for f in found]
            self._strings = [f[1] for f in found]
            by_last: dict[str, list[int]] = {}
            for i, s in enumerate(self._strings):
                by_last.setdefault(s.rsplit(None, 1)[-1].rstrip("."), []).append(i)
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
                title, name = _clean_mention(self._strings[i])
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
        title, bare = split_title(mention)
        pos, best = self._head_table(head(bare))
        i = bisect.bisect_right(pos, before)
        if i:
            name, known_title = best[i - 1]
            if len(name) >= len(bare):
                return name, title or known_title
        return bare, title

    def recent_person(self, before: int, gender: str | None) -> tuple[str, str | None] | None:
        """Most recent named person before ``before`` whose gender fits.

        A name of the pronoun's known gender wins over a nearer name of unknown
        gender (often a place: "in Des Moines"); a conflicting gender never fits.
        """
        starts = self._scan()
        i = bisect.bisect_left(starts, before)
        fallback: int = -1
        for j in range(i - 1, max(-1, i - 1 - self.PERSON_LOOKBACK), -1):
            title, name = _clean_mention(self._strings[j])
            if not name:
                continue
            if " " not in name and title is None:
                # A bare surname counts once its full form was seen ("Trump" after "Donald Trump").
                full_name = self.fullest(name, starts[j])[0]
                if " " not in full_name:
                    continue
                name = full_name
            g = _gender(title, name.split()[0])
            if gender and g and g != gender:
                continue
            if g or not gender:
                full, full_title = self.fullest(name, starts[j])
                return full, title or full_title
            if fallback < 0:
                fallback = j
        if fallback < 0:
            return None
        title, name = _clean_mention(self._strings[fallback])
        full, full_title = self.fullest(name, starts[fallback])
        return full, title or full_title


def strip_org_words(name: str) -> tuple[str, bool]:
    """Keep the person after an institution word ("General Staff Valery Gerasimov" ->
    "Valery Gerasimov"); the flag says whether anything was cut."""
    words = name.split()
    for i in range(len(words) - 2, -1, -1):
        if words[i] in ORG_WORDS:
            return " ".join(words[i + 1:]), True
    return name, False


def _clean_mention(mention: str) -> tuple[str | None, str]:
    """Title and name of a raw capitalised sequence, without leading function words."""
    words = mention.split()
    title = None
    if words[0] in _TITLE_FIRST_WORDS:
        title, rest = split_title(mention)
        words = rest.split()
    while words and words[0] in NON_NAMES:
        del words[0]
    name, cut = strip_org_words(drop_final_period(" ".join(words)))
    return (None if cut else title), name


_NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "St."})


def drop_final_period(mention: str) -> str:
    """``said Hester.`` ends a sentence: the period is not part of the name, unlike ``John F.``,
    ``Jr.`` or ``the U.S.`` (an abbreviation keeps its own period when it ends a sentence)."""
    last = mention.rsplit(None, 1)[-1] if mention else ""
    if last.endswith(".") and len(last) > 2 and "." not in last[:-1] and last not in _NAME_SUFFIXES:
        return mention[:-1]
    return mention


def person_gender(title: str | None, name: str) -> str | None:
    """Gender of a resolved person from title or first name; None when unknown."""
    return _gender(title, name.split()[0]) if name else None


def pronoun_gender(word: str) -> str | None:
    """'m' for he, 'f' for she, None otherwise."""
    if word in PRONOUNS_MALE:
        return "m"
    if word in PRONOUNS_FEMALE:
        return "f"
    return None
