"""`newsclean show`: every line's fate as the passes decided it, the legend, the record, the quotes."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from newsclean.cli import cli

from .conftest import SAMPLES

ROW = re.compile(r"^\W*(\d+)\s+(\S+(?: ×\d+)?)\s+(\S+)\s", re.M)


def show(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["show", *args], env={"COLUMNS": "160", **(env or {})})
    return result.exit_code, result.stdout


def test_seed_lines_are_labelled_by_the_pass_that_decided(seed_path: Path) -> None:
    code, out = show("--plain", str(seed_path))
    assert code == 0
    rows = {int(n): (label, by) for n, label, by in ROW.findall(out)}
    assert rows[1] == ("header", "header")
    assert rows[3] == ("title", "dedupe-headers")
    assert rows[5] == ("duplicate", "dedupe-headers")
    assert rows[7] == ("site", "dedupe-headers")
    assert rows[9] == ("body", "paragraphs")
    assert rows[11] == ("timestamp", "metadata")
    assert rows[17] == ("tag", "metadata")
    assert rows[35] == ("image", "metadata")
    assert rows[37] == ("split ×4", "paragraphs")
    assert rows[39] == ("link", "metadata")
    assert rows[47] == ("publisher", "metadata")
    assert rows[53] == ("section", "metadata")
    assert rows[55] == ("locale", "metadata")
    assert rows[59] == ("size", "metadata")
    assert rows[69] == ("keywords", "metadata")
    assert len(rows) == 35  # every non-blank line, once
    assert "became the publisher" in out and "removed: a copy of an earlier line" in out  # the legend
    assert '"title": "NATO Staff Prepared' in out  # the record
    assert "quotes" in out and "speaker" in out


def test_colour_unless_plain(seed_path: Path) -> None:
    _, coloured = show(str(seed_path), env={"FORCE_COLOR": "1"})
    _, plain = show("--plain", str(seed_path), env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured
    assert "\x1b[" not in plain


def test_rejected_dump_shows_the_reason(tmp_path: Path) -> None:
    meta_only = tmp_path / "m.txt"
    meta_only.write_text("2025-05-31T18:30+0000\n\nrussia\n\nen_EN\n")
    code, out = show("--plain", str(meta_only))
    assert code == 1
    assert "rejected: no-text" in out
    assert "timestamp" in out  # what was decided before the reject is still shown


def test_missing_file_exits_1_like_every_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "not-found" in result.stderr


def test_every_sample_shows(tmp_path: Path) -> None:
    """Each sample's lines, once each, with the fate `clean` gave them: as many rows as the record's
    ``lines_in``, as many kept (body or split) as its ``lines_kept``, and the record itself."""
    import json

    from newsclean.pipeline import clean_bytes

    for sample in sorted(SAMPLES.glob("*.txt")):
        code, out = show("--plain", str(sample))
        assert code == 0, sample
        record = clean_bytes(sample.read_bytes(), source=str(sample))
        lines_panel = out.split("─ legend ─")[0]
        rows = [(int(n), label) for n, label, _ in ROW.findall(lines_panel)]
        assert len(rows) == len({n for n, _ in rows}) == record["stats"]["lines_in"], sample
        kept = [n for n, label in rows if label == "body" or label.startswith("split")]
        assert len(kept) == record["stats"]["lines_kept"], sample
        assert f'"title": {json.dumps(record["title"], ensure_ascii=False)}' in out, sample
