"""`clean --learn-boilerplate`: lines common to a domain's pages go, everything else stays."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from newsclean.cli import cli
from newsclean.corpus.boilerplate_table import LineCounter, line_key

from .conftest import SAMPLES

FOOTER = "The Harbor Ledger is an independent, reader-funded newsroom serving Port Alder since 1889."
RARE = "Tips for the newsroom go to the night editor, who reads every single message we receive."


def _after_body(dump: str, lines: list[str]) -> str:
    """The dump with ``lines`` where a site's footer stands: after the article's last paragraph, before
    the tags and the JSON-LD block the scraper writes after the body."""
    rows = dump.split("\n")
    last = max(i for i, row in enumerate(rows) if len(row) > 100 and row.rstrip().endswith((".", '"')))
    return "\n".join([*rows[:last + 1], *(f"\n{line}" for line in lines), *rows[last + 1:]])


def _corpus(tmp_path: Path) -> Path:
    base = (SAMPLES / "001_harborledger.txt").read_text()
    other = (SAMPLES / "006_ledgerline.txt").read_text()
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(20):  # every article paragraph differs from page to page, as on a real site
        body = "\n".join(f"In update {n}, {line}" if len(line) > 100 else line for line in base.split("\n"))
        body = body.replace("What comes next", f"What comes next, part {n}").replace(
            "nobody should be digging", f"nobody should be digging on pier {n}")
        extra = ([FOOTER] if n < 15 else []) + ([RARE] if n < 3 else [])
        (root / f"hl-{n:02d}.txt").write_text(_after_body(body, extra))
    for n in range(5):  # too few documents to learn from: its footer must stay
        header = f" date 2025-05-30 https://ledgerline.com/markets/{n}\n\n"
        (root / f"ll-{n}.txt").write_text(header + _after_body(other, [FOOTER]))
    return root


def _clean(*args: str) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(cli, ["clean", "-j1", *args])
    return result.exit_code, [orjson.loads(x) for x in result.stdout_bytes.splitlines()], result.stderr


def test_learned_lines_leave_the_text_and_rare_ones_stay(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    _, plain, _ = _clean(str(corpus))
    code, learned, err = _clean("--learn-boilerplate", str(corpus))
    assert code == 0, err
    assert sum(FOOTER in r["text"] for r in plain) == 20
    by_domain = {d: [r for r in learned if r["domain"] == d] for d in ("harborledger.com", "ledgerline.com")}

    assert len(by_domain["harborledger.com"]) == 20
    assert not any(FOOTER in r["text"] for r in by_domain["harborledger.com"])
    assert all(FOOTER in r["text"] for r in by_domain["ledgerline.com"])
    assert sum(RARE in r["text"] for r in learned) == 3
    removed = [r["stats"]["removed"].get("boilerplate", 0) for r in by_domain["harborledger.com"]]
    assert removed == [1] * 15 + [0] * 5
    assert "learned 1 boilerplate lines in 1 of 2 domains (25 documents counted)" in err
    assert "boilerplate 15" in err  # the summary's per-pass line


def test_same_result_in_parallel(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    _, one, _ = _clean("--learn-boilerplate", str(corpus))
    result = CliRunner().invoke(cli, ["clean", "-j2", "--learn-boilerplate", str(corpus)])
    assert [orjson.loads(x) for x in result.stdout_bytes.splitlines()] == one


def test_stdin_cannot_be_read_twice() -> None:
    result = CliRunner().invoke(cli, ["clean", "--learn-boilerplate", "-"], input=b"x")
    assert result.exit_code == 2


def test_counter_memory_is_bounded() -> None:
    counter = LineCounter(max_keys=1000)
    for n in range(5000):
        counter.add("example.com", [line_key(f"unique line {n}"), line_key("Subscribe for $1 a week.")])
    assert len(counter.counts["example.com"]) <= 1001
    assert counter.learned(0.5, 10) == {"example.com": [line_key("Subscribe for $1 a week.")]}
