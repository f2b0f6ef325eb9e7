"""The language pass: a leaked locale, else the language detected in the text, with a confidence."""

from __future__ import annotations

import importlib
import json
import warnings

import pytest

from newsclean.context import Context
from newsclean.document import Document
from newsclean.passes import PASSES
from newsclean.passes.language import SAMPLE_CHARS, Detection, code, sample
from newsclean.pipeline import clean_bytes, run

from .conftest import ROOT, SAMPLES

lang = importlib.import_module("newsclean.passes.language")  # the module: the package exports the function
needs_cld2 = pytest.mark.skipif(lang.DETECT is None,
                                reason="pycld2 is not installed: pip install 'newsclean[language]'")
CTX = Context.build()
DATA = ROOT.parent / "shared" / "data"

#: each sample's language as docs/samples.md describes it (004 Russian, 005 French, the rest English)
SAMPLE_LANGUAGES = {
    "000_b3080ccbe49157e2": "en", "001_harborledger": "en", "002_pacificdispatch": "en",
    "003_northerngazette": "en", "004_sevvestnik": "ru", "005_courrierrhodanien": "fr",
    "006_ledgerline": "en", "007_eastafricacourier": "en", "008_balticwire": "en",
}

GERMAN = (
    "Der Stadtrat von Lindenau hat am Dienstagabend mit großer Mehrheit beschlossen, die Sanierung der "
    "Hafenbrücke um zwei Jahre vorzuziehen. Die Kosten von rund 14 Millionen Euro sollen zur Hälfte aus "
    "Landesmitteln kommen, teilte die Verwaltung mit.\n\n"
    "Bürgermeisterin Anke Vogt sagte, der Zustand der Brücke lasse keinen weiteren Aufschub zu. Seit dem "
    "Frühjahr dürfen Lastwagen über 7,5 Tonnen die Brücke nicht mehr befahren, was zu langen Umwegen führt."
)
ENGLISH = (
    "The city council in Port Alder voted on Tuesday night to bring forward the repair of the harbour "
    "bridge by two years. About half of the cost of roughly 14 million dollars will come from the state, "
    "officials said.\n\n"
    "Mayor Anne Vogt said the state of the bridge allowed no further delay. Since the spring, lorries "
    "heavier than 7.5 tonnes have been barred from the bridge, forcing long detours."
)


def _dump(body: str, *trailer: str, title: str = "Harbour bridge repair brought forward") -> bytes:
    """A header-less dump: a title, the body lines, then metadata lines (a locale, say)."""
    lines = [title, *body.split("\n\n"), *trailer]
    return "\n\n".join(lines).encode("utf-8")


def _doc(paragraphs: list[str], locale: str | None = None, title: str | None = None) -> Document:
    doc = Document(source="-", id="t", paragraphs=paragraphs, title=title)
    doc.language = locale  # as the metadata pass leaves it after reading a locale line
    return doc


def test_registered_after_paragraphs_before_quotes() -> None:
    names = list(PASSES)
    assert names.index("paragraphs") < names.index("language") < names.index("quotes")


# --- every sample, as docs/samples.md gives its language ------------------------------------------

@needs_cld2
@pytest.mark.parametrize("stem", sorted(SAMPLE_LANGUAGES))
def test_sample_language(stem: str) -> None:
    record = clean_bytes((SAMPLES / f"{stem}.txt").read_bytes(), source=f"{stem}.txt")
    assert record["language"] == SAMPLE_LANGUAGES[stem]
    assert record["language_confidence"] == 1.0  # every one is monolingual; 002 has no locale


@needs_cld2
@pytest.mark.parametrize("stem", sorted(SAMPLE_LANGUAGES))
def test_clean_text_alone_gives_the_same_language(stem: str) -> None:
    # the text without its dump (no locale line left) is still read as the sample's language
    text = clean_bytes((SAMPLES / f"{stem}.txt").read_bytes(), source=f"{stem}.txt")["text"]
    record = clean_bytes(text.encode("utf-8"), source="again.txt")
    assert record["language"] == SAMPLE_LANGUAGES[stem]
    assert record["language_confidence"] == 1.0


@needs_cld2
def test_sample_without_locale_is_detected() -> None:
    # 002 has no locale line: its language comes from the text alone
    data = (SAMPLES / "002_pacificdispatch.txt").read_bytes()
    assert not any(line.strip().endswith(("_US", "_GB", "-US")) for line in data.decode().splitlines())
    doc = run(Document(source="-", id="002", raw=data), CTX, stop_before="language")
    assert doc.language is None  # nothing before this pass set it
    lang.language(doc, CTX)
    assert (doc.language, doc.language_confidence) == ("en", 1.0)


# --- texts of our own -----------------------------------------------------------------------------

@needs_cld2
@pytest.mark.parametrize(("body", "expected"), [(GERMAN, "de"), (ENGLISH, "en")])
def test_detected_in_text(body: str, expected: str) -> None:
    record = clean_bytes(_dump(body))
    assert record["language"] == expected
    assert record["language_confidence"] == 1.0  # the whole text is in one language


@needs_cld2
def test_mixed_text_has_a_lower_confidence() -> None:
    # half German, half English: the larger part wins, with the share it holds
    doc = _doc([GERMAN.split("\n\n")[0], ENGLISH.split("\n\n")[0][:120]])
    lang.language(doc, CTX)
    assert doc.language == "de"
    assert doc.language_confidence is not None and 0.5 < doc.language_confidence < 1.0


@needs_cld2
@pytest.mark.parametrize("text", ["Angela Merkel", "OK", "12:30 | 45 | 2.31", "Photo: Reuters",
                                  "Live: Bayern 2, Dortmund 1 (Kane 34, 71; Brandt 88)."])
def test_short_or_ambiguous_text_has_no_language(text: str) -> None:
    # a name or a few words say nothing sure about a language (CLD2 reads the score line as Khasi,
    # and its best-effort mode the name as Tswana): no value rather than a wrong one
    doc = _doc([text])
    lang.language(doc, CTX)
    assert (doc.language, doc.language_confidence) == (None, None)


# --- the locale --------------------------------------------------------------------------------------

@needs_cld2
def test_locale_wins_over_an_unsure_detection() -> None:
    # the text alone reads as Khasi (CLD2) or nothing: the page's de_DE decides
    record = clean_bytes(_dump("Live: Bayern 2, Dortmund 1 (Kane 34, 71; Brandt 88).", "de_DE",
                               title="Bundesliga"))
    assert record["text"].startswith("Live: Bayern 2")
    assert (record["language"], record["language_confidence"]) == ("de", 1.0)


@needs_cld2
def test_the_locale_is_kept_even_against_the_text() -> None:
    # the page's own word decides, and the detector does not run: on realpages-dev no locale
    # disagrees with a detection, and skipping it saves its cost on every page that leaks one. A
    # CMS's default en_US over a German article stays en (bench/language_eval.py counts such cases)
    record = clean_bytes(_dump(GERMAN, "en_US"))
    assert (record["language"], record["language_confidence"]) == ("en", 1.0)


def test_no_detection_when_a_locale_leaked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(lang, "DETECT", lambda text: calls.append(text))
    record = clean_bytes(_dump(ENGLISH, "en_GB"))
    assert (record["language"], record["language_confidence"]) == ("en", 1.0)
    assert calls == []


@pytest.mark.parametrize(("value", "expected"), [
    ("en", "en"), ("pt-BR", "pt"), ("EN_us", "en"), ("zh-Hant", "zh"), ("iw", "he"), ("in", "id"),
    ("fil", "fil"), ("un", None), ("xx-Qaai", None), ("", None), (None, None),
])
def test_codes_are_plain_iso_639(value: str | None, expected: str | None) -> None:
    assert code(value) == expected


def test_old_locale_code_becomes_iso_639_1() -> None:
    # Java-style locales still say iw_IL for Hebrew
    doc = _doc(["שלום"], locale="iw")  # too short to detect: the locale alone decides
    lang.language(doc, CTX)
    assert doc.language == "he"


# --- without pycld2 ----------------------------------------------------------------------------------

def test_without_a_detector_only_the_locale_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lang, "DETECT", None)
    monkeypatch.setattr(lang, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        located = _doc([GERMAN], locale="de")
        lang.language(located, CTX)
        plain = _doc([GERMAN])
        lang.language(plain, CTX)
        lang.language(_doc([ENGLISH]), CTX)
    assert (located.language, located.language_confidence) == ("de", 1.0)
    assert (plain.language, plain.language_confidence) == (None, None)
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1 and "newsclean[language]" in messages[0]  # once per process


def test_any_detector_with_the_same_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake(text: str) -> Detection | None:
        seen.append(text)
        return Detection("nl", 0.8333, len(text.encode()))

    monkeypatch.setattr(lang, "DETECT", fake)
    doc = _doc(["Een korte tekst over de gemeenteraad, die dinsdag de begroting aannam."])
    lang.language(doc, CTX)
    assert (doc.language, doc.language_confidence) == ("nl", 0.833)  # rounded to 3 places
    assert seen == [doc.text]
    short = _doc(["Een korte tekst."])
    lang.language(short, CTX)
    assert short.language is None  # under MIN_BYTES, whatever the detector says


# --- what the detector reads ------------------------------------------------------------------------

def test_sample_is_bounded_and_reads_start_and_middle() -> None:
    paragraphs = [f"Paragraph {i} " + "word " * 60 for i in range(40)]
    doc = _doc(paragraphs)
    got = sample(doc)
    assert len(got) <= SAMPLE_CHARS + 2
    assert got.startswith("Paragraph 0 ")
    assert "Paragraph 19 " in got or "Paragraph 20 " in got  # the middle of the text
    assert "Paragraph 39" not in got
    assert not got.endswith("wor")  # cut at a space


def test_short_text_is_read_whole_after_the_title() -> None:
    doc = _doc(["A brief."], title="The headline")
    assert sample(doc) == "The headline\n\nA brief."


@needs_cld2
def test_characters_cld2_refuses_do_not_lose_the_language() -> None:
    # CLD2 calls DEL and noncharacters invalid UTF-8; the pass drops them and reads the rest
    doc = _doc([ENGLISH.replace(". ", ".\x7f ", 1).replace("bridge", "bridge\uffff", 1)])
    lang.language(doc, CTX)
    assert doc.language == "en"


# --- the shared data: documents whose language is known -----------------------------------------------

def _known(kind: str) -> list[tuple[str, bytes]]:
    if kind == "polnear":
        return [(p.stem, p.read_bytes()) for p in sorted((DATA / "polnear" / "dev" / "text").glob("*.txt"))]
    return [(p.stem, json.loads(p.read_text("utf-8"))["originalText"].encode("utf-8"))
            for p in sorted((DATA / "german-quotes" / "dev").glob("*.json"))]


@needs_cld2
@pytest.mark.skipif(not (DATA / "polnear").is_dir() or not (DATA / "german-quotes").is_dir(),
                    reason="needs ../shared/data (PolNeAR and german-quotes dev) beside the repo")
@pytest.mark.parametrize(("kind", "expected"), [("polnear", "en"), ("german", "de")])
def test_known_language_documents(kind: str, expected: str) -> None:
    docs = _known(kind)
    assert len(docs) >= 80
    wrong = [doc_id for doc_id, data in docs if clean_bytes(data, source=doc_id)["language"] != expected]
    # bench/language_eval.py: every one of train + dev is right; leave room for none to go wrong here
    assert wrong == []

