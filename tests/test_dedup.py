"""Dedup: the library verdicts and the ``dedup`` command, on realistic news records."""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.cli_corpus import dedup_command, default_duplicates_path
from newsclean.corpus.dedup import Deduplicator, normalise, shingle_hashes

ECB = [
    "FRANKFURT, June 5 (Reuters) - The European Central Bank cut its key interest rate on Thursday for the "
    "eighth time in a year, bringing the deposit rate to 2.00% as inflation in the euro zone fell back below "
    "the bank's target and a trade war with the United States clouded the growth outlook.",
    "The decision was widely expected by markets, but policymakers were divided over what comes next, with "
    "several members of the Governing Council arguing that the easing cycle is now close to its end and that "
    "the bank should keep its options open for the summer meetings.",
    '"We are getting to the end of a monetary policy cycle that was responding to compounded shocks," ECB '
    "President Christine Lagarde told a news conference, adding that the bank was in a good position to "
    "navigate the uncertain conditions that lie ahead.",
    "New staff projections showed inflation averaging 2.0% this year and 1.6% in 2026, below the bank's "
    "goal, partly because of a stronger euro and cheaper energy. Growth was seen at 0.9% this year, "
    "unchanged from the March forecast, as a strong first quarter offset weaker prospects for exports.",
    "Economists polled last week expected one more cut by September. Investors trimmed their bets on further "
    "easing after the announcement, and the yield on two-year German government bonds rose four basis points "
    "to 1.86%, its highest level in more than a week.",
    "The euro firmed slightly against the dollar after Lagarde's remarks, trading at $1.1450 in late "
    "European trade, while bank shares in the STOXX 600 index rose nearly one percent on the day.",
]

GERASIMOV = [
    "Russian forces have taken control of more than 1,500 square kilometres in eastern Ukraine since the "
    "beginning of the year, Chief of the General Staff Valery Gerasimov said on Saturday during an "
    "inspection of troops involved in the special military operation.",
    "Speaking at a command post of the Centre group of forces, Gerasimov said that units were advancing "
    "along the entire line of contact and that the enemy was suffering heavy losses in personnel and "
    "equipment, particularly near Pokrovsk and Konstantinovka.",
    "Lt. Gen. Apti Alaudinov, deputy head of the military-political department, said that the offensive "
    "would continue regardless of the talks in Istanbul, which he described as a chance for Kiev to accept "
    "the reality on the ground before it lost even more territory.",
    "Western officials have disputed the Russian figures. NATO Secretary General Mark Rutte said this week "
    "that the alliance would keep supplying air defence systems and artillery ammunition to Ukraine and "
    "that member states were discussing a new target for defence spending.",
    "The Kremlin has said it is ready to continue negotiations, but spokesman Dmitry Peskov stressed that a "
    "settlement must take into account the situation that has developed on the front and the interests of "
    "people living in the regions that joined Russia.",
]

# Same topic and many of the same words as ECB, but written independently: must be kept.
ECB_OTHER = [
    "The European Central Bank lowered borrowing costs again on Thursday, its eighth reduction since last "
    "June, and signalled that it may now pause as price growth settles near two percent.",
    "Christine Lagarde said the bank was well placed to handle the uncertainty created by US tariffs, but "
    "she refused to commit to any particular path, repeating that decisions would be taken meeting by "
    "meeting on the basis of incoming data.",
    "Analysts at ING and Commerzbank said the message pointed to a summer pause, while a minority of "
    "economists still expect a final move in September if the economy weakens further.",
    "The bank's new forecasts put inflation at 1.6 percent next year, undershooting the target, which some "
    "policymakers see as a reason to keep easing while others blame temporary factors such as energy prices "
    "and the stronger currency.",
    "German bond yields rose after the decision and the euro gained against the dollar, as traders reduced "
    "their bets on additional cuts before the end of the year.",
]


def text_of(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def record(doc_id: str, paragraphs: list[str] | str, domain: str = "reuters.com") -> dict[str, Any]:
    """A schema-2 record as ``newsclean clean`` writes it (fields the dedup ignores included)."""
    text = paragraphs if isinstance(paragraphs, str) else text_of(paragraphs)
    return {
        "schema": 2,
        "id": doc_id,
        "source": f"samples/{doc_id}.txt",
        "url": f"https://www.{domain}/world/{doc_id}.html",
        "domain": domain,
        "date": "2025-06-05",
        "published": "2025-06-05T12:15:00+00:00",
        "modified": None,
        "title": text.split(".")[0][:80],
        "site": None,
        "authors": [],
        "lead": text.split("\n\n")[0],
        "text": text,
        "tags": ["ecb", "interest rates"],
        "keywords": [],
        "images": [],
        "links": [],
        "publisher": None,
        "language": "en",
        "language_confidence": 1.0,
        "section": "Business",
        "quotes": [],
        "stats": {
            "lines_in": 40,
            "lines_kept": 6,
            "removed": {"metadata": 20, "boilerplate": 14},
            "split": 0,
        },
    }


def corpus() -> list[dict[str, Any]]:
    """Originals first, then an exact copy, three near duplicates and a different article."""
    byline = ["By Francesco Canepa and Balazs Koranyi", *ECB]
    footer = [
        *ECB,
        "Reporting by Francesco Canepa; Editing by Toby Chopra. Our Standards: The Thomson "
        "Reuters Trust Principles.",
    ]
    reordered = [ECB[0], ECB[3], ECB[1], ECB[2], ECB[5], ECB[4]]
    # same words, different typography and wrapping: quotes curled, a line break inside a paragraph
    retyped = (
        text_of(ECB).replace('"', "\u201c", 1).replace('"', "\u201d", 1).replace(" a year,", "\na year ,")
    )
    return [
        record("001_ecb", ECB),
        record("002_gerasimov", GERASIMOV, domain="sputnikglobe.com"),
        record("003_ecb_copy", retyped, domain="marketscreener.com"),
        record("004_ecb_byline", byline, domain="investing.com"),
        record("005_ecb_footer", footer, domain="uk.reuters.com"),
        record("006_ecb_reordered", reordered, domain="nasdaq.com"),
        record("007_ecb_other", ECB_OTHER, domain="apnews.com"),
    ]


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


# --- library -------------------------------------------------------------------------------------


def test_normalise_ignores_case_punctuation_and_spacing() -> None:
    assert normalise("  \u201cWe are\u201d getting to the END\u2014of a cycle.\n\nIt's") == (
        "we are getting to the end of a cycle it s"
    )
    assert normalise(text_of(ECB)) == normalise(text_of(ECB).upper().replace(" ", "   "))
    assert normalise("") == ""


def test_shingles_are_word_5grams_and_short_texts_get_one() -> None:
    text = "the bank cut its key rate on thursday"
    assert len(shingle_hashes(text)) == len(text.split()) - 4
    assert len(shingle_hashes("the bank cut")) == 1
    assert len(shingle_hashes("")) == 0
    # order matters inside a shingle: it is a 5-gram, not a bag of words
    assert set(shingle_hashes("the bank cut its key")) != set(shingle_hashes("key its cut bank the"))
    # a repeated 5-gram hashes alike, so the MinHash of the shingle *set* is what is computed
    repeated = shingle_hashes("a b c d e a b c d e")
    assert len(repeated) == 6 and len(set(repeated)) == 5
    dedup = Deduplicator()
    once, twice = dedup.signature("a b c d e"), dedup.signature("a b c d e a b c d e")
    assert once.jaccard(dedup.signature("a b c d e f")) < 1.0
    assert twice.jaccard(dedup.signature("a b c d e a b c d e a b c d e")) == 1.0


def test_library_verdicts_on_realistic_variants() -> None:
    dedup = Deduplicator()
    verdicts = {r["id"]: dedup.check(r) for r in corpus()}

    kept = [doc_id for doc_id, v in verdicts.items() if v is None]
    assert kept == ["001_ecb", "002_gerasimov", "007_ecb_other"]

    copy = verdicts["003_ecb_copy"]
    assert copy is not None and copy.kind == "exact" and copy.duplicate_of == "001_ecb"
    assert copy.similarity == 1.0
    for doc_id in ("004_ecb_byline", "005_ecb_footer", "006_ecb_reordered"):
        v = verdicts[doc_id]
        assert v is not None, doc_id
        assert (v.kind, v.duplicate_of, v.source) == ("near", "001_ecb", f"samples/{doc_id}.txt")
        assert 0.8 <= v.similarity < 1.0
    assert (dedup.summary.read, dedup.summary.kept, dedup.summary.exact, dedup.summary.near) == (7, 3, 1, 3)


def test_threshold_decides_how_close_a_near_duplicate_must_be() -> None:
    strict = Deduplicator(threshold=0.99)
    verdicts = [strict.check(r) for r in corpus()]
    assert [v.kind if v else None for v in verdicts] == [None, None, "exact", None, None, None, None]


def test_duplicate_points_at_the_kept_original_not_at_another_duplicate() -> None:
    footer_and_byline = [
        "By Francesco Canepa",
        *ECB,
        "Reporting by Francesco Canepa; Editing by Toby Chopra.",
    ]
    dedup = Deduplicator()
    first = dedup.check(record("a", ECB))
    second = dedup.check(record("b", [*ECB, "Editing by Toby Chopra."]))
    third = dedup.check(record("c", footer_and_byline))
    assert first is None
    assert second is not None and second.duplicate_of == "a"
    assert third is not None and third.duplicate_of == "a"


def test_signatures_are_found_across_storage_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsclean.corpus.dedup._CHUNK_ROWS", 1)  # every kept signature in its own block
    dedup = Deduplicator()
    assert dedup.check(record("ecb", ECB)) is None
    assert dedup.check(record("gerasimov", GERASIMOV)) is None
    late = dedup.check(record("gerasimov-footer", [*GERASIMOV, "Subscribe to Sputnik on Telegram."]))
    early = dedup.check(record("ecb-byline", ["By Francesco Canepa", *ECB]))
    assert late is not None and (late.kind, late.duplicate_of) == ("near", "gerasimov")
    assert early is not None and (early.kind, early.duplicate_of) == ("near", "ecb")


def test_exact_only_needs_no_minhash() -> None:
    dedup = Deduplicator(near=False)
    verdicts = [dedup.check(r) for r in corpus()]
    assert [v.kind if v else None for v in verdicts] == [None, None, "exact", None, None, None, None]


def _comparison_form(text: str) -> str:
    """The README's definition, written out independently of the module: casefold, punctuation (any
    Unicode P* category) out, whitespace runs as one space."""
    import unicodedata

    kept = "".join(" " if unicodedata.category(c).startswith("P") else c for c in text.casefold())
    return " ".join(kept.split())


#: Letters, digits, spaces and punctuation whose Unicode categories no recent version changed (so
#: Python's and the regex module's Unicode tables agree on them).
_STABLE = "aAbBzZéÉßſﬁıİдДЖж0129 \t\n\u00a0\u2009.,;:!?'\"“”„«»‘’—–-…()[]{}/\\@#%&*_¿¡·"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=_STABLE, max_size=60), min_size=1, max_size=15))
def test_exact_dedup_keeps_one_record_per_normalised_text(texts: list[str]) -> None:
    dedup = Deduplicator(near=False)
    records = [record(f"{i:03d}", t) for i, t in enumerate(texts + texts)]
    kept = [r["id"] for r in records if dedup.check(r) is None]
    assert len(kept) == len({_comparison_form(t) for t in texts})
    assert kept == sorted(kept) and all(int(k) < len(texts) for k in kept)  # the first copy wins


# --- command -------------------------------------------------------------------------------------


def test_dedup_command_writes_kept_records_and_side_file(tmp_path: Path) -> None:
    src = tmp_path / "clean.jsonl"
    src.write_bytes(jsonl(corpus()))
    out = tmp_path / "dedup.jsonl"

    result = CliRunner().invoke(dedup_command, [str(src), "-o", str(out)])

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "read 7, kept 3, exact duplicates 1, near duplicates 3" in result.stderr
    kept = read_jsonl(out)
    assert [r["id"] for r in kept] == ["001_ecb", "002_gerasimov", "007_ecb_other"]
    assert kept[0] == corpus()[0]  # records pass through untouched
    dups = read_jsonl(tmp_path / "dedup.duplicates.jsonl")
    assert [(d["id"], d["kind"], d["duplicate_of"]) for d in dups] == [
        ("003_ecb_copy", "exact", "001_ecb"),
        ("004_ecb_byline", "near", "001_ecb"),
        ("005_ecb_footer", "near", "001_ecb"),
        ("006_ecb_reordered", "near", "001_ecb"),
    ]
    assert set(dups[0]) == {"id", "source", "duplicate_of", "kind", "similarity"}
    assert all(0.8 <= d["similarity"] <= 1.0 for d in dups)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "clean.jsonl",
        "dedup.duplicates.jsonl",
        "dedup.jsonl",
    ]


def test_dedup_stdin_to_stdout(tmp_path: Path) -> None:
    dups = tmp_path / "d.jsonl"
    result = CliRunner().invoke(
        dedup_command, ["-", "-o", "-", "--duplicates", str(dups)], input=jsonl(corpus())
    )
    assert result.exit_code == 0, result.stderr
    assert [orjson.loads(line)["id"] for line in result.stdout.splitlines()] == [
        "001_ecb",
        "002_gerasimov",
        "007_ecb_other",
    ]
    assert "kept 3" in result.stderr
    assert len(read_jsonl(dups)) == 4


def test_stdout_output_requires_an_explicit_duplicates_file() -> None:
    result = CliRunner().invoke(dedup_command, ["-", "-o", "-"], input=jsonl(corpus()))
    assert result.exit_code == 2
    assert "--duplicates" in result.stderr
    assert result.stdout == ""


def test_options_threshold_and_num_perm_reach_the_index(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(corpus()))
    out = tmp_path / "out.jsonl"
    runner = CliRunner()

    strict = runner.invoke(dedup_command, [str(src), "-o", str(out), "--threshold", "0.99"])
    assert strict.exit_code == 0, strict.stderr
    assert "exact duplicates 1, near duplicates 0" in strict.stderr
    assert len(read_jsonl(out)) == 6

    small = runner.invoke(dedup_command, [str(src), "-o", str(out), "--num-perm", "64"])
    assert small.exit_code == 0, small.stderr
    assert "kept 3, exact duplicates 1, near duplicates 3" in small.stderr

    # 64 permutations cannot be banded for 0.99: a usage error that says what to change
    impossible = runner.invoke(
        dedup_command, [str(src), "-o", str(out), "--threshold", "0.99", "--num-perm", "64"]
    )
    assert impossible.exit_code == 2
    assert "more permutations or a lower threshold" in impossible.stderr

    bad = runner.invoke(dedup_command, [str(src), "-o", str(out), "--threshold", "1.5"])
    assert bad.exit_code == 2 and "--threshold" in bad.stderr


def test_compressed_input_and_output(tmp_path: Path) -> None:
    src = tmp_path / "clean.jsonl.gz"
    src.write_bytes(gzip.compress(jsonl(corpus())))
    out = tmp_path / "dedup.jsonl.gz"
    result = CliRunner().invoke(dedup_command, [str(src), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:2] == b"\x1f\x8b"
    assert len(gzip.decompress(out.read_bytes()).splitlines()) == 3
    assert len(read_jsonl(tmp_path / "dedup.duplicates.jsonl")) == 4


def test_zstd_output_round_trips(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard", reason="the 'zstd' extra is not installed")
    src = tmp_path / "clean.jsonl"
    src.write_bytes(jsonl(corpus()))
    out = tmp_path / "dedup.jsonl.zst"
    result = CliRunner().invoke(dedup_command, [str(src), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    with zstandard.ZstdDecompressor().stream_reader(out.open("rb")) as reader:
        lines = reader.read().splitlines()
    assert [orjson.loads(line)["id"] for line in lines] == ["001_ecb", "002_gerasimov", "007_ecb_other"]


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "clean.jsonl"
    src.write_bytes(jsonl(corpus()))
    out = tmp_path / "no-such-dir" / "dedup.jsonl"
    result = CliRunner().invoke(dedup_command, [str(src), "-o", str(out)])
    assert result.exit_code == 2
    assert str(out) in result.stderr and "directory" in result.stderr
    assert result.stdout == ""


def test_bad_input_leaves_previous_output_untouched(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(corpus()[:3]) + b'{"id": "broken", "text": "unterminated\n' + jsonl(corpus()[3:]))
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n")

    result = CliRunner().invoke(dedup_command, [str(src), "-o", str(out)])

    assert result.exit_code == 1
    assert f"{src}:4" in result.stderr and "not valid JSON" in result.stderr
    assert out.read_text() == "previous run\n"
    assert not (tmp_path / "out.duplicates.jsonl").exists()
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "out.jsonl"]  # no temp files left behind


def test_missing_datasketch_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "datasketch", None)  # makes `import datasketch` fail
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(corpus()))

    result = CliRunner().invoke(dedup_command, [str(src), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert "newsclean[dedup]" in result.stderr and "--exact-only" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()

    exact = CliRunner().invoke(dedup_command, [str(src), "-o", str(tmp_path / "out.jsonl"), "--exact-only"])
    assert exact.exit_code == 0, exact.stderr
    assert "kept 6, exact duplicates 1, near duplicates 0" in exact.stderr


def test_rejects_file_is_not_a_corpus(tmp_path: Path) -> None:
    src = tmp_path / "rejects.jsonl"
    src.write_text('{"source": "samples/x.txt", "reason": "binary", "detail": "NUL bytes"}\n')
    result = CliRunner().invoke(dedup_command, [str(src), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "no 'text'" in result.stderr


def test_default_duplicates_path() -> None:
    assert default_duplicates_path("out/corpus.jsonl") == Path("out/corpus.duplicates.jsonl")
    assert default_duplicates_path("corpus.jsonl.zst") == Path("corpus.duplicates.jsonl")
    assert default_duplicates_path("corpus") == Path("corpus.duplicates.jsonl")
