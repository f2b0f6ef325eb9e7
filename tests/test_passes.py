"""Each pass on its own: line shapes, timestamps, glue points, and contracts every pass must keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.context import Context
from newsclean.document import BLANK, Document, Reject
from newsclean.passes import PASSES
from newsclean.passes.metadata import timestamp_value
from newsclean.pipeline import clean_bytes, clean_document

from .conftest import SAMPLES

CTX = Context.build()


@pytest.mark.parametrize(("line", "shape"), [
    ("2025-05-31T18:30+0000", "timestamp"),
    ("Updated: 31 May 2025, 18:30 GMT", "timestamp"),
    ("Published 12:04 PM EST, May 30, 2025", "timestamp"),
    ("30.05.2025 14:02", "timestamp"),
    ("Monday, June 2, 2025", "timestamp"),
    ("https://cdn.example.org/img/2025/photo_1920x0.jpg", "image"),
    ("https://media.example.net/a/b.webp?width=960&quality=80", "image"),
    ("https://example.org/news/2025/05/another-story.html", "link"),
    ("Read more: https://example.org/x", "link"),
    ("READ ALSO: Minister resigns over budget row", "related"),
    ("1920 1080 true", "size"),
    ("en_EN", "locale"),
    ("pt-BR", "locale"),
    ("2025", "year"),
    ("By Jane Smith and Omar Haddad | Reuters", "byline"),
    ("Author: Oleg Petrov", "byline"),
    ("Photo: Reuters/John Doe", "credit"),
    ("(Photo by Dana Whitfield/Getty Images)", "credit"),
    ("© AFP 2025", "credit"),
    ("Tags: Port Alder, Environment, City Council", "tags"),
    ("nato, ukraine, russia, kursk region", "keywords"),
    ("Keywords: dredging, lead contamination, Port Alder", "keywords"),
    ("Daily Planet news@dailyplanet.com +1 (212) 555-0100 Planet Media LLC 600 60", "publisher"),
    ("Advertisement", "boilerplate"),
    ("Share this article", "boilerplate"),
    ("military & intelligence", "tag"),
    ("ukrainian armed forces", "tag"),
    ("Politics", "section"),
])
def test_line_shapes(line: str, shape: str) -> None:
    got = CTX.shapes.classify(line)
    assert got is not None and got[0] == shape


@pytest.mark.parametrize("line", [
    "The council voted 6-1 on Thursday to suspend all dredging in the inner harbor, officials said.",
    "He said, however, that the plan would go ahead.",
    "What comes next",  # a subheading: section-shaped, but kept when it stands between paragraphs
])
def test_prose_is_not_metadata(line: str) -> None:
    got = CTX.shapes.classify(line)
    assert got is None or got[0] == "section"


@pytest.mark.parametrize(("stamp", "iso"), [
    ("2025-05-31T18:30+0000", "2025-05-31T18:30:00+00:00"),
    ("2025-05-31T18:30:00Z", "2025-05-31T18:30:00+00:00"),
    ("2025-05-30T09:15:00+03:00", "2025-05-30T09:15:00+03:00"),
    ("2025-05-30 14:02:11", "2025-05-30T14:02:11"),
    ("Updated: 31 May 2025, 18:30 GMT", "2025-05-31T18:30:00+00:00"),
    ("Published 12:04 PM EST, May 30, 2025", "2025-05-30T12:04:00-05:00"),
    ("Updated 3:41 PM EST, May 30, 2025", "2025-05-30T15:41:00-05:00"),
    ("30.05.2025 14:02", "2025-05-30T14:02:00"),
    ("May 30, 2025", "2025-05-30"),
    ("31 мая 2025, 10:00 MSK", "2025-05-31T10:00:00+03:00"),
    ("12:00 AM UTC, June 1, 2025", "2025-06-01T00:00:00+00:00"),
])
def test_timestamps(stamp: str, iso: str) -> None:
    got = CTX.shapes.classify(stamp)
    assert got is not None and got[0] == "timestamp"
    assert timestamp_value(got[1], CTX) == iso


def test_impossible_date_is_no_value() -> None:
    got = CTX.shapes.classify("31.02.2025 14:02")
    assert got is not None and timestamp_value(got[1], CTX) is None


# -- contracts every pass keeps ---------------------------------------------------------------------

def _decoded(text: str) -> Document:
    doc = Document(source="t.txt", id="t", raw=text.encode())
    PASSES["decode"](doc, CTX)
    return doc


@pytest.mark.parametrize("name", [n for n in PASSES if n != "decode"])
def test_every_pass_accepts_a_document_with_no_lines_left(name: str) -> None:
    """No line left to read: the pass neither fails nor makes anything up (no field, label or count)."""
    import dataclasses

    doc = _decoded("Officials said the storm cut the cable.\n\nRead more: https://example.com/a")
    doc.labels = [BLANK] * len(doc.lines)
    before = dataclasses.asdict(doc)
    PASSES[name](doc, CTX)
    assert dataclasses.asdict(doc) == before


def test_decode_rejects_empty_and_whitespace() -> None:
    for raw in (b"", b"  \n\t\n"):
        with pytest.raises(Reject) as exc:
            clean_bytes(raw)
        assert exc.value.reason == "empty"


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_line_is_accounted_for(sample) -> None:
    doc = clean_document(sample.read_bytes(), str(sample))
    stats = doc.stats()
    assert stats["lines_in"] == stats["lines_kept"] + sum(stats["removed"].values())
    assert all(lab is None or by is not None for lab, by in zip(doc.labels, doc.deciders, strict=True)
               if lab != BLANK)


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_cleaning_is_idempotent(sample) -> None:
    """The clean text, cleaned again, comes back unchanged: no pass mistakes article text for debris."""
    text = clean_bytes(sample.read_bytes(), str(sample))["text"]
    assert clean_bytes(text.encode(), "again.txt")["text"] == text


LINES = st.sampled_from([
    "2025-05-31T18:30+0000", "russia", "kursk region", "https://cdn.example.org/a.jpg", "1920 1080 true",
    "en_EN", "2025", "News", "Sputnik International feedback@sputniknews.com +74956456601",
    "By Jane Smith", "nato, ukraine, russia",
    "Read more:", "\"Quoted,\" he said.The next one.", "U.S. prices rose 3.5 percent.",
    "Officials said the cable would be repaired within two weeks.", "", " ", "«Мы довольны», сказал он.",
])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=40))
def test_any_mix_of_lines_is_a_record_or_a_reject(lines: list[str]) -> None:
    raw = "\n\n".join(lines).encode("utf-8", "replace")
    try:
        rec = clean_bytes(raw, "h.txt")
    except Reject as rej:
        assert rej.reason in {"empty", "no-text", "binary"}
        return
    assert rec["text"] and rec["text"] == rec["text"].strip()
    assert "\n\n\n" not in rec["text"]
    assert all(p.strip() == p and p for p in rec["text"].split("\n\n"))
    for q in rec["quotes"]:
        assert rec["text"][q["start"]:q["end"]] == q["text"]


def test_title_with_outlet_suffix_only_once() -> None:
    dump = ("Storm closes the coastal road for a third day | Daily Planet\n\n"
            "The coastal road between the two towns stayed closed on Monday, officials said.\n")
    rec = clean_bytes(dump.encode(), "d.txt")
    assert rec["title"] == "Storm closes the coastal road for a third day"
    assert rec["site"] == "Daily Planet"
    assert rec["text"].startswith("The coastal road")


def test_profile_names_the_site(tmp_path) -> None:
    from newsclean.context import Options

    prof = tmp_path / "p.json"
    prof.write_text('{"sites": {"sputnikglobe.com": {"site": "Sputnik (profile)"}}}')
    rec = clean_bytes((SAMPLES / "000_b3080ccbe49157e2.txt").read_bytes(), "s.txt",
                      Options(profiles=(str(prof),)))
    assert rec["site"] == "Sputnik (profile)"
    assert "Sputnik International" not in rec["text"]


def test_site_matching_a_multi_part_domain() -> None:
    dump = (" date 2025-06-01 https://www.bbc.co.uk/news/articles/c0000\n\n"
            "Floods hit the north of England\n\nBBC\n\n"
            "Rivers burst their banks across the north of England overnight, the agency said.\n")
    rec = clean_bytes(dump.encode(), "b.txt")
    assert rec["domain"] == "bbc.co.uk"
    assert (rec["site"], rec["title"]) == ("BBC", "Floods hit the north of England")


def test_run_reports_the_time_of_each_pass_it_ran(seed_path: Path) -> None:
    """bench.py reads the time by pass from the pipeline's own loop, not from a copy of it."""
    import time

    from newsclean.context import Options
    from newsclean.pipeline import prepare, run

    real = PASSES["header"]

    def busy_header(doc: Document, ctx: object) -> None:  # 20 ms of CPU, then the real pass
        start = time.process_time()
        while time.process_time() - start < 0.02:
            pass
        real(doc, ctx)  # type: ignore[arg-type]

    timings: dict[str, float] = {}
    ctx = prepare(Options(skip=("boilerplate",)))
    cpu = time.process_time()
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(PASSES, "header", busy_header)
        doc = run(Document(source=str(seed_path), id="seed", raw=seed_path.read_bytes()), ctx,
                  timings=timings)
    cpu = time.process_time() - cpu
    assert doc.paragraphs
    assert list(timings) == [name for name in PASSES if name != "boilerplate"]
    assert timings["header"] >= 0.02  # the busy pass is charged its own time …
    assert max(secs for name, secs in timings.items() if name != "header") < timings["header"]  # … alone
    assert sum(timings.values()) <= cpu + 1e-3  # and no pass is counted twice
