"""The corpus report: counters, the ``stats`` command's three outputs, and the HTML in a browser."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from newsclean.cli_corpus import stats_command
from newsclean.corpus.html import render_html
from newsclean.corpus.stats import compute_report, length_bucket, percentile


def quote(text: str, speaker: str | None, full: str | None, title: str | None = None) -> dict[str, Any]:
    return {
        "text": text,
        "start": 0,
        "end": len(text),
        "kind": "direct",
        "speaker": speaker,
        "speaker_full": full,
        "speaker_title": title,
        "cue": "said",
    }


def rec(
    doc_id: str,
    *,
    domain: str | None,
    url: str | None = None,
    date: str | None = None,
    published: str | None = None,
    language: str | None = "en",
    tags: list[str] | None = None,
    quotes: list[dict[str, Any]] | None = None,
    text: str = "",
    removed: dict[str, int] | None = None,
    lines: tuple[int, int] = (0, 0),
) -> dict[str, Any]:
    return {
        "schema": 2,
        "id": doc_id,
        "source": f"samples/{doc_id}.txt",
        "url": url,
        "domain": domain,
        "date": date,
        "published": published,
        "modified": published,
        "title": None,
        "site": None,
        "authors": [],
        "lead": text.split("\n\n")[0] if text else None,
        "text": text,
        "tags": tags or [],
        "keywords": [],
        "images": [],
        "links": [],
        "publisher": None,
        "language": language,
        "language_confidence": None if language is None else 1.0,
        "section": None,
        "quotes": quotes or [],
        "stats": {"lines_in": lines[0], "lines_kept": lines[1], "removed": removed or {}, "split": 0},
    }


SPUTNIK_TEXT = (
    "Russian forces have liberated the village of Novoolenovka in the Donetsk People's Republic, the "
    "Defence Ministry said on Saturday.\n\n"
    "\u201cThe enemy is retreating along the whole line,\u201d Lt. Gen. Apti Alaudinov said, adding that "
    "Ukrainian units had lost more than 1,200 servicemen over the past day."
)
REUTERS_TEXT = (
    "FRANKFURT, June 5 (Reuters) - The European Central Bank cut interest rates again on Thursday.\n\n"
    '"We are getting to the end of a monetary policy cycle," ECB President Christine Lagarde told a news '
    "conference.\n\nLagarde said the bank was in a good position to navigate uncertain conditions."
)
TASS_TEXT = (
    "MOSCOW, March 3. /TASS/. Kremlin spokesman Dmitry Peskov said on Monday that Moscow was ready for "
    "contacts with Washington at any level. \u201cWe have always said so,\u201d Peskov told reporters."
)


def corpus() -> list[dict[str, Any]]:
    """Five records in the shapes `newsclean clean` produces, nulls and empties included."""
    return [
        rec(
            "000_b3080ccbe49157e2",
            domain="sputnikglobe.com",
            url="https://sputnikglobe.com/20250531/russian-forces-liberate-novoolenovka.html",
            date="2025-05-31",
            published="2025-05-31T18:30:00+00:00",
            tags=["russia", "Valery Gerasimov", "russia"],  # a repeated tag counts once per document
            quotes=[
                quote(
                    "The enemy is retreating along the whole line", "Alaudinov", "Apti Alaudinov", "Lt. Gen."
                ),
                quote("over the past day", "Alaudinov", "Apti Alaudinov"),
            ],
            text=SPUTNIK_TEXT,
            removed={"dedupe-headers": 9, "metadata": 23},
            lines=(35, 2),
        ),
        rec(
            "001_5a1f0c2e9d8b7a66",
            domain="reuters.com",
            url="https://www.reuters.com/business/finance/ecb-cuts-rates-2025-06-05/",
            date="2025-06-05",
            tags=["ECB", "interest rates"],
            quotes=[
                quote("We are getting to the end of a monetary policy cycle", "Lagarde", "Christine Lagarde")
            ],
            text=REUTERS_TEXT,
            removed={"metadata": 12, "boilerplate": 30},
            lines=(48, 3),
        ),
        rec(
            "002_77e1d2c3b4a59687",
            domain=None,  # derived from the URL, without www.
            url="https://www.reuters.com/markets/europe/euro-zone-bonds-2025-06-06/",
            date=None,
            published="2025-06-06T07:00:00+00:00",  # month taken from published when date is null
            language=None,
            tags=["ecb"],
            text="Euro zone bond yields rose on Friday.",
            removed={"boilerplate": 5},
            lines=(8, 1),
        ),
        rec(
            "003_0f9e8d7c6b5a4932",
            domain="tass.com",
            url="https://tass.com/politics/1923456",
            date="2025-03-03",
            language="EN",
            quotes=[quote("We have always said so", "Peskov", None)],  # no speaker_full: speaker is used
            text=TASS_TEXT,
            removed={"metadata": 4},
            lines=(10, 1),
        ),
        rec("004_deadbeefdeadbeef", domain=None, url=None, date="n/a", language="ru", text=""),
    ]


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


REJECTS = (
    b'{"source": "dump/0001.txt", "reason": "binary", "detail": "NUL bytes in the first 4 KiB"}\n'
    b'{"source": "dump/0002.txt", "reason": "empty", "detail": ""}\n'
    b'{"source": "dump/0003.txt", "reason": "binary", "detail": "PDF header"}\n'
)


def by_name(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {r["name"]: r["count"] for r in rows}


# --- the report ----------------------------------------------------------------------------------


def test_report_counts_every_section() -> None:
    data = compute_report(corpus()).to_dict()

    assert data["documents"] == 5
    assert by_name(data["domains"]) == {"reuters.com": 2, "sputnikglobe.com": 1, "tass.com": 1, "unknown": 1}
    # months in calendar order with the gap (April) filled, records without a usable date last
    assert data["months"] == [
        {"month": "2025-03", "count": 1},
        {"month": "2025-04", "count": 0},
        {"month": "2025-05", "count": 1},
        {"month": "2025-06", "count": 2},
        {"month": "unknown", "count": 1},
    ]
    assert by_name(data["languages"]) == {"en": 3, "unknown": 1, "ru": 1}
    assert data["tags"]["top"][0] == {"name": "ecb", "count": 2}  # "ECB" and "ecb" are one tag
    assert by_name(data["tags"]["top"])["russia"] == 1
    assert data["tags"]["distinct"] == 4
    assert data["speakers"]["top"] == [
        {"name": "Apti Alaudinov", "count": 2},
        {"name": "Christine Lagarde", "count": 1},
        {"name": "Peskov", "count": 1},
    ]
    q = data["quotes"]
    assert (q["total"], q["per_document_mean"], q["documents_with_quotes"]) == (4, 0.8, 3)
    assert q["distribution"] == [
        {"quotes": 0, "documents": 2},
        {"quotes": 1, "documents": 2},
        {"quotes": 2, "documents": 1},
    ]
    lengths = data["text_length"]
    sizes = sorted(len(r["text"]) for r in corpus())
    assert (lengths["min"], lengths["max"], lengths["empty"]) == (0, sizes[-1], 1)
    assert lengths["median"] == sizes[2]
    assert lengths["total"] == sum(sizes)
    assert sum(h["count"] for h in lengths["histogram"]) == 5
    assert by_name(data["removed_by_pass"]) == {"metadata": 39, "boilerplate": 35, "dedupe-headers": 9}
    assert data["lines"] == {"in": 101, "kept": 7}
    assert data["rejects"] is None  # not read, as opposed to zero rejects


def test_top_limits_tags_and_speakers_but_not_distinct_counts() -> None:
    data = compute_report(corpus()).to_dict(top=1)
    assert len(data["tags"]["top"]) == 1 and data["tags"]["distinct"] == 4
    assert data["speakers"]["top"] == [{"name": "Apti Alaudinov", "count": 2}]


def test_percentiles_and_buckets() -> None:
    counts = {10: 1, 20: 1, 30: 1, 1000: 1}
    assert [percentile(counts, q) for q in (10, 50, 90, 100)] == [10, 20, 1000, 1000]
    assert percentile({}, 50) == 0
    assert [length_bucket(n) for n in (0, 1, 499, 500, 60_000)] == [
        "0",
        "1–499",
        "1–499",
        "500–999",
        "50,000+",
    ]


def test_report_streams_with_flat_memory() -> None:
    """8,000 records of 5 KB: holding them would take >40 MB; the counters take well under 5."""

    def records() -> Iterator[dict[str, Any]]:
        for i in range(8_000):
            yield rec(
                f"{i:06d}",
                domain=f"site{i % 50}.example",
                date=f"20{10 + i % 15}-{1 + i % 12:02d}-01",
                tags=[f"tag{i % 300}"],
                quotes=[quote("q", None, f"Speaker {i % 200}")],
                text="Lorem-ipsum-dolor-sit-amet " * 180 + "x" * (i % 7),  # ~5 KB, few allocations to trace
                removed={"metadata": 3},
            )

    tracemalloc.start()
    try:
        report = compute_report(records())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.documents == 8_000
    assert peak < 5_000_000, f"peak {peak:,} bytes: records are being kept"


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    path = tmp_path / "out.jsonl"
    path.write_bytes(jsonl(corpus()))
    return path


def test_stats_json_goes_to_stdout(corpus_file: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_bytes(REJECTS)
    result = CliRunner().invoke(stats_command, [str(corpus_file), "--json", "--rejects", str(rejects)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = orjson.loads(result.stdout)
    assert data == {**compute_report(corpus()).to_dict(), "rejects": data["rejects"]}
    assert data["rejects"] == {
        "total": 3,
        "by_reason": [{"name": "binary", "count": 2}, {"name": "empty", "count": 1}],
    }


def test_stats_reads_gzip_zstd_and_stdin_alike(corpus_file: Path, tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard", reason="the 'zstd' extra is not installed")
    expected = orjson.loads(CliRunner().invoke(stats_command, [str(corpus_file), "--json"]).stdout)
    gz = tmp_path / "out.jsonl.gz"
    gz.write_bytes(gzip.compress(corpus_file.read_bytes()))
    zst = tmp_path / "out.jsonl.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress(corpus_file.read_bytes()))
    runner = CliRunner()
    for args, stdin in (([str(gz)], None), ([str(zst)], None), (["-"], zst.read_bytes())):
        result = runner.invoke(stats_command, [*args, "--json"], input=stdin)
        assert result.exit_code == 0, (args, result.stderr)
        assert orjson.loads(result.stdout) == expected, args


def test_zst_without_zstandard_names_the_package(
    corpus_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zst = tmp_path / "out.jsonl.zst"
    zst.write_bytes(b"\x28\xb5\x2f\xfd" + b"\x00" * 16)  # a zstd frame header is enough to be sniffed
    monkeypatch.setitem(sys.modules, "zstandard", None)
    result = CliRunner().invoke(stats_command, [str(zst)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "pip install zstandard" in result.stderr


def test_stats_terminal_report(corpus_file: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_bytes(REJECTS)
    result = CliRunner().invoke(stats_command, [str(corpus_file), "--rejects", str(rejects)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    for expected in ("sputnikglobe.com", "Apti Alaudinov", "dedupe-headers", "binary", "By month"):
        assert expected in out
    # the month bar chart: June (2 documents) gets the longest bar, the empty April none
    bars = {
        m: len(re.sub(r"[^█▏▎▍▌▋▊▉]", "", line))
        for line in out.splitlines()
        if (m := line[:7]) in ("2025-03", "2025-04", "2025-05", "2025-06")
    }
    assert bars["2025-06"] > bars["2025-05"] > bars["2025-04"] == 0


def test_stats_errors_go_to_stderr(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(stats_command, [str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 1 and missing.stdout == ""
    assert "cannot open" in missing.stderr and "nope.jsonl" in missing.stderr

    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(jsonl(corpus()[:2]) + b"{not json}\n")
    result = runner.invoke(stats_command, [str(broken), "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{broken}:3" in result.stderr

    both_stdin = runner.invoke(stats_command, ["-", "--rejects", "-"], input=b"")
    assert both_stdin.exit_code == 2


def test_empty_corpus_is_a_report_not_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = CliRunner().invoke(stats_command, [str(empty), "--json", "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.stderr
    assert orjson.loads(result.stdout)["documents"] == 0
    assert "No data." in (tmp_path / "r.html").read_text()


# --- HTML ----------------------------------------------------------------------------------------


def test_html_is_self_contained_and_escaped(corpus_file: Path, tmp_path: Path) -> None:
    records = [*corpus(), rec("005", domain="evil.example", tags=["<script>alert(1)</script>"], text="x")]
    corpus_file.write_bytes(jsonl(records))
    page_path = tmp_path / "report.html"
    result = CliRunner().invoke(stats_command, [str(corpus_file), "--json", "--html", str(page_path)])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {page_path}" in result.stderr
    page = page_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", page), "external asset referenced"
    assert page.count("<svg") == 3  # months, text lengths, quotes per document
    assert "sputnikglobe.com" in page and "Apti Alaudinov" in page and "2025-06" in page


def _chromium() -> str:
    """Path of a Chromium binary; a test never installs system packages (``.ci/run`` installs it)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (CI's .ci/run installs Debian's chromium package)")


def test_html_renders_in_headless_chromium(corpus_file: Path, tmp_path: Path) -> None:
    from PIL import Image  # the 'test' extra: a missing pillow must fail, not skip

    chromium = _chromium()
    page = tmp_path / "report.html"
    result = CliRunner().invoke(stats_command, [str(corpus_file), "--html", str(page)])
    assert result.exit_code == 0, result.stderr
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--screenshot={shot}",
                "--window-size=1200,2000",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    with Image.open(shot) as img:
        rgb = img.convert("RGB")
        assert rgb.size == (1200, 2000)
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        # a blank or unstyled page has a handful of colours; text antialiasing plus bars gives hundreds
        assert len(colours) > 50, f"only {len(colours)} distinct colours: page looks blank"
        # the bar colour (#2f6fb0) of the SVG column charts must cover a visible area
        bar_pixels = sum(n for n, c in colours if c == (0x2F, 0x6F, 0xB0))
        assert bar_pixels > 5_000, f"chart bars cover only {bar_pixels} pixels"


def test_render_html_without_rejects_has_no_rejects_section() -> None:
    page = render_html(compute_report(corpus()).to_dict())
    assert "Rejects by reason" not in page
    page = render_html(compute_report(corpus(), rejects=[]).to_dict())
    assert "Rejects by reason (0)" in page
