"""Each bundled sample against its expected record, written by hand from reading the dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean.passes.language import DETECT
from newsclean.pipeline import clean_bytes

from .conftest import GOLDEN, SAMPLES

CASES = sorted(GOLDEN.glob("*.expected.json"))
FIELDS = ("url", "domain", "date", "published", "modified", "title", "site", "authors", "lead", "tags",
          "keywords", "images", "links", "publisher", "language", "language_confidence", "section")
#: samples whose language is detected in the text (no locale line): needs pycld2 (a core dependency
#: only where PyPI has a wheel for it)
DETECTED = {"002_pacificdispatch"}


def _record(case: Path) -> tuple[dict, dict]:
    expected = json.loads(case.read_text("utf-8"))
    sample = SAMPLES / case.name.replace(".expected.json", ".txt")
    return expected, clean_bytes(sample.read_bytes(), source=str(sample))


def test_every_sample_has_a_golden() -> None:
    assert {p.stem for p in SAMPLES.glob("*.txt")} == {c.name.removesuffix(".expected.json") for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.split(".")[0])
@pytest.mark.parametrize("field", FIELDS)
def test_field(case: Path, field: str) -> None:
    if field.startswith("language") and DETECT is None and case.name.split(".")[0] in DETECTED:
        pytest.skip("pycld2 is not installed: pip install 'newsclean[language]'")
    expected, record = _record(case)
    assert field in expected, f"{case.name} has no expected {field!r}: every golden states every field"
    assert record[field] == expected[field]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.split(".")[0])
def test_text_is_the_expected_paragraphs(case: Path) -> None:
    expected, record = _record(case)
    assert record["text"].split("\n\n") == expected["paragraphs"]
