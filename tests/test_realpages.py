"""Regression test on a fixed subset of real pages from sites no rule was written for (issue 10).

The pages stay in ``../shared/data/realpages-dev`` (research-use data, not copied here); the subset is
a list of ids in ``tests/data/realpages_subset.txt``. Figures are those ``bench/clean_eval.py
--ids tests/data/realpages_subset.txt`` reached when they were set, minus a small margin: a rule that
makes the cleaning worse on pages it was not written for fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "realpages-dev"
SUBSET = Path(__file__).resolve().parent / "data" / "realpages_subset.txt"

pytestmark = pytest.mark.skipif(
    not (DATA / "gold.jsonl").exists(),
    reason=f"realpages-dev not found at {DATA} (expected ../shared/data/realpages-dev)")


@pytest.fixture(scope="module")
def figures() -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import clean_eval
    finally:
        sys.path.pop(0)
    pages = clean_eval.evaluate(DATA, clean_eval.read_ids(SUBSET))
    return {src: clean_eval.summary([p for p in pages if p.source == src]) for src in ("l3s", "wcxb")}


def test_the_subset_is_what_the_figures_were_set_on(figures: dict) -> None:
    assert (figures["l3s"]["pages"], figures["wcxb"]["pages"]) == (77, 31)
    assert figures["l3s"]["rejects"] == {} and figures["wcxb"]["rejects"] == {}


@pytest.mark.parametrize(("source", "f1", "recall"), [("l3s", 0.92, 0.97), ("wcxb", 0.865, 0.85)])
def test_body_f1_and_recall(figures: dict, source: str, f1: float, recall: float) -> None:
    body = figures[source]["body"]
    assert body["f1"] >= f1 and body["r"] >= recall
    assert body["f1"] > figures[source]["baseline"]["f1"] + 0.04  # well above doing nothing


@pytest.mark.parametrize(("source", "most"), [("l3s", 0.08), ("wcxb", 0.15)])
def test_records_with_a_leak(figures: dict, source: str, most: float) -> None:
    assert figures[source]["leaks"]["any"] <= most


@pytest.mark.parametrize(("source", "loose"), [("l3s", 0.67), ("wcxb", 0.79)])
def test_titles(figures: dict, source: str, loose: float) -> None:
    title = figures[source]["title"]
    assert title["loose"] >= loose
    assert title["missing_with_title_line"] == 0


@pytest.mark.parametrize(("source", "final", "every", "inside"), [("l3s", 0.925, 0.69, 0.3),
                                                                  ("wcxb", 0.97, 0.77, 1.0)])
def test_glued_paragraph_boundaries(figures: dict, source: str, final: float, every: float,
                                    inside: float) -> None:
    bounds = figures[source]["boundaries_glued"]
    assert bounds["recall_final"] >= final and bounds["recall"] >= every
    assert bounds["inside_gold_paragraph_per_100"] <= inside


def test_every_record_has_a_language(figures: dict) -> None:
    assert figures["l3s"]["language"]["with_value"] == 1.0
    assert figures["wcxb"]["language"]["with_value"] == 1.0


def test_boundary_recall_after_sentence_final_punctuation_on_every_page() -> None:
    """Issue 10's target, on all 673 pages (the subset holds too few glued quotations to show it):
    a paragraph boundary after `.`, `?`, `!` or a closing mark is found at least 95 times in 100.
    It was 0.945 before the first-person reading of glued straight marks (0.952 when it was set)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import clean_eval
    finally:
        sys.path.pop(0)
    every = clean_eval.summary(clean_eval.evaluate(DATA, None))
    assert every["boundaries_glued"]["recall_final"] >= 0.95
