"""`newsclean clean` as users run it: stdout, stderr and exit code checked separately."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
from click.testing import CliRunner

from newsclean import __version__
from newsclean.cli import cli
from newsclean.passes import PASSES

from .conftest import SAMPLES


def run(*args: str, input: bytes | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


def records(stdout: bytes) -> list[dict]:
    return [orjson.loads(line) for line in stdout.splitlines()]


# -- the seed, field by field, against what reading the dump by hand gives -------------------------

def test_seed_record(seed_path: Path) -> None:
    code, out, err = run("clean", "-j1", str(seed_path))
    assert code == 0, err
    [rec] = records(out)
    assert rec["schema"] == 2
    assert rec["id"] == "000_b3080ccbe49157e2"
    assert rec["source"] == str(seed_path)
    assert rec["url"].startswith("https://sputnikglobe.com/20250531/nato-staff-prepared-ukrainian-invasion")
    assert rec["domain"] == "sputnikglobe.com"
    assert rec["date"] == "2025-05-31"
    assert rec["published"] == "2025-05-31T18:30:00+00:00"
    assert rec["modified"] == "2025-05-31T18:30:00+00:00"
    assert rec["title"] == "NATO Staff Prepared Ukrainian Invasion of Kursk Region for 6 Months"
    assert rec["site"] == "Sputnik International"
    assert rec["lead"].startswith("The NATO bloc's staff committee had been preparing")
    assert rec["lead"].endswith("Lt. Gen. Apti Alaudinov, told Sputnik.")
    assert rec["tags"] == ["russia", "valery gerasimov", "military & intelligence", "kursk", "ukraine",
                           "nato", "ukrainian armed forces"]
    assert rec["keywords"] == ["nato", "ukraine", "russia", "kursk region"]
    assert rec["images"] == ["https://cdn1.img.sputnikglobe.com/img/07e9/05/1f/1122162343_0:127:3190:1921_1920x0"
                             "_80_0_0_9f6901600b190f31e9e0a516e8bb3dcd.jpg"]
    assert rec["links"] == ["https://sputnikglobe.com/20250428/zelenskys-kursk-gamble-fails-as-russian-forces-"
                            "secure-major-triumph-1121949517.html"]
    assert rec["publisher"] == {"name": "Sputnik International", "email": "feedback@sputniknews.com",
                                "phone": "+74956456601"}
    assert rec["language"] == "en"
    assert rec["language_confidence"] == 1.0  # from the locale line en_EN: the page says so
    assert rec["section"] == "News"
    assert rec["stats"]["lines_in"] == 35  # non-blank lines of the dump
    assert rec["stats"]["lines_kept"] == 2  # the lead line and the glued body line
    assert rec["stats"]["split"] == 3


def test_seed_text_is_lead_and_four_paragraphs(seed_path: Path) -> None:
    [rec] = records(run("clean", "-j1", str(seed_path))[1])
    paras = rec["text"].split("\n\n")
    assert len(paras) == 5
    assert paras[0] == rec["lead"]
    assert paras[1].startswith('"The NATO bloc') and paras[1].endswith('Alaudinov said.')
    assert paras[2].startswith("The Ukrainian Armed Forces planned") and paras[2].endswith("negotiations.")
    assert paras[3].startswith("In August of last year") and paras[3].endswith("halted.")
    assert paras[4].startswith("In early March") and paras[4].endswith("in the Sumy region.")
    text = rec["text"]
    for leaked in ("2025-05-31T18:30", "\nrussia\n", "valery gerasimov", "https://", ".jpg", "feedback@",
                   "+74956456601", "1920 1080 true", "en_EN", "nato, ukraine, russia, kursk region",
                   "Rossiya Segodnya", "\nNews", "2025\n"):
        assert leaked not in text, leaked


# -- inputs ------------------------------------------------------------------------------------------

def test_directory_is_walked_in_order_and_glob_filters(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    shutil.copy(SAMPLES / "002_pacificdispatch.txt", tmp_path / "b" / "2.txt")
    shutil.copy(SAMPLES / "006_ledgerline.txt", tmp_path / "1.txt")
    shutil.copy(SAMPLES / "006_ledgerline.txt", tmp_path / "notes.md")
    (tmp_path / ".hidden.txt").write_bytes(b"x")
    code, out, err = run("clean", "-j1", "--glob", "*.txt", str(tmp_path))
    assert code == 0, err
    assert [r["id"] for r in records(out)] == ["1", "2"]
    assert "2 files read, 2 records written, 0 rejected" in err


def test_stdin_is_one_document_with_a_content_id(seed_path: Path) -> None:
    data = seed_path.read_bytes()
    code, out, _ = run("clean", "-j1", "-", input=data)
    [rec] = records(out)
    assert code == 0
    assert rec["source"] == "-"
    assert rec["id"] == hashlib.blake2b(data, digest_size=8).hexdigest()
    assert rec["title"].startswith("NATO Staff Prepared")


def test_files_from_nul_separated_list(tmp_path: Path) -> None:
    names = sorted(SAMPLES.glob("*.txt"))[:3]
    listing = b"\0".join(os.fsencode(p) for p in names) + b"\0"
    code, out, err = run("clean", "-j1", "--files-from", "-", "-0", input=listing)
    assert code == 0, err
    assert [r["id"] for r in records(out)] == [p.stem for p in names]


def test_files_from_newline_list_file(tmp_path: Path) -> None:
    names = sorted(SAMPLES.glob("*.txt"))
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(map(str, names)) + "\n")
    code, out, _ = run("clean", "-j1", "--files-from", str(listing))
    assert code == 0
    assert len(records(out)) == len(names)


# -- bad input: each becomes one reject line, the run goes on -------------------------------------------

def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    bad = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "image.txt",
        "too-large": tmp_path / "huge.txt",
        "not-found": tmp_path / "gone.txt",
        "unreadable": tmp_path / "loop.txt",
        "no-text": tmp_path / "metaonly.txt",
    }
    bad["empty"].write_bytes(b"")
    bad["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    bad["too-large"].write_bytes((SAMPLES / "002_pacificdispatch.txt").read_bytes() * 20)
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")  # a link to itself: ELOOP on open
    bad["no-text"].write_text(" date 2025-05-31 https://example.com/a\n\n2025-05-31T18:30+0000\n\nrussia\n\nen_EN\n")
    return bad


def test_every_bad_input_is_one_reject_with_its_reason(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    good = SAMPLES / "002_pacificdispatch.txt"
    rejects = tmp_path / "rejects.jsonl"
    code, out, err = run("clean", "-j1", "--max-bytes", "20000", "--rejects", str(rejects),
                         str(good), *map(str, bad.values()))
    assert code == 1
    assert len(records(out)) == 1
    got = {r["source"]: r for r in records(rejects.read_bytes())}
    assert {src: r["reason"] for src, r in got.items()} == {str(p): reason for reason, p in bad.items()}
    assert all(r["detail"] for r in got.values())
    assert "7 files read, 1 records written, 6 rejected" in err
    for reason in bad:
        assert f"{reason}: 1" in err


def test_rejects_do_not_stop_a_parallel_run(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    code, out, err = run("clean", "-j2", "--max-bytes", "20000", str(SAMPLES), *map(str, bad.values()))
    assert code == 1
    assert len(records(out)) == len(list(SAMPLES.glob("*.txt")))
    assert "6 rejected" in err


def test_latin1_and_cp1251_dumps_are_detected() -> None:
    recs = records(run("clean", "-j1", str(SAMPLES / "004_sevvestnik.txt"),
                       str(SAMPLES / "005_courrierrhodanien.txt"))[1])
    assert recs[0]["stats"]["encoding"] == "cp1251"
    assert recs[0]["section"] == "Экономика"
    assert recs[1]["section"] == "Société"
    assert "�" not in recs[0]["text"] + recs[1]["text"]


def test_bom_crlf_nul_and_controls_are_cleaned(tmp_path: Path) -> None:
    src = (SAMPLES / "002_pacificdispatch.txt").read_bytes()
    dirty = src.replace(b"\n", b"\r\n").replace(b"officials said", b"offi\x00cials\x07 said")
    dirty = b"\xef\xbb\xbf" + dirty
    (tmp_path / "d.txt").write_bytes(dirty)
    [clean_rec] = records(run("clean", "-j1", str(SAMPLES / "002_pacificdispatch.txt"))[1])
    [dirty_rec] = records(run("clean", "-j1", str(tmp_path / "d.txt"))[1])
    assert dirty_rec["text"] == clean_rec["text"]
    assert dirty_rec["title"] == clean_rec["title"]


# -- outputs and process behaviour ----------------------------------------------------------------------

def test_output_file_is_written_whole_with_no_temp_left(tmp_path: Path) -> None:
    out_file = tmp_path / "out.jsonl"
    code, out, err = run("clean", "-j1", "-o", str(out_file), str(SAMPLES))
    assert code == 0, err
    assert out == b""
    assert len(records(out_file.read_bytes())) == len(list(SAMPLES.glob("*.txt")))
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert out_file.stat().st_mode & 0o044  # readable like any file the user makes, not mkstemp's 0600


def test_jobs_2_keeps_input_order(tmp_path: Path) -> None:
    sources = sorted(SAMPLES.glob("*.txt"))
    for n in range(150):  # several batches per worker, so order really is at stake
        shutil.copy(sources[n % len(sources)], tmp_path / f"{n:04d}.txt")
    code, out, err = run("clean", "-j2", str(tmp_path))
    assert code == 0, err
    ids = [r["id"] for r in records(out)]
    assert ids == [f"{n:04d}" for n in range(150)]
    one = records(run("clean", "-j1", str(tmp_path))[1])
    assert records(out) == one


def test_usage_errors_exit_2() -> None:
    assert run("clean")[0] == 2
    assert run("clean", "--jobs", "0", str(SAMPLES))[0] == 2
    assert run("clean", "--skip", "decode", str(SAMPLES))[0] == 2
    assert run("clean", "-0", str(SAMPLES))[0] == 2


def test_bad_profile_is_a_usage_error(tmp_path: Path) -> None:
    prof = tmp_path / "p.json"
    prof.write_text('{"nonsense": 1}')
    code, out, err = run("clean", "--profile", str(prof), str(SAMPLES))
    assert code == 2 and out == b""
    assert "unknown key 'nonsense'" in err


def test_profile_adds_site_boilerplate(tmp_path: Path) -> None:
    prof = tmp_path / "p.json"
    prof.write_text(orjson.dumps({"sites": {"pacificdispatch.net": {"drop": ["Officials in .*"]}}}).decode())
    dump = tmp_path / "d.txt"
    dump.write_text(" date 2025-05-31 https://www.pacificdispatch.net/x\n\n"
                    + (SAMPLES / "002_pacificdispatch.txt").read_text())
    [plain] = records(run("clean", "-j1", str(dump))[1])
    [profiled] = records(run("clean", "-j1", "--profile", str(prof), str(dump))[1])
    assert "Officials in Nuku" in plain["text"]
    assert "Officials in Nuku" not in profiled["text"]


def test_skip_leaves_a_pass_out() -> None:
    seed = str(SAMPLES / "000_b3080ccbe49157e2.txt")
    [rec] = records(run("clean", "-j1", "--skip", "quotes", seed)[1])
    assert rec["quotes"] == []
    [rec] = records(run("clean", "-j1", "--skip", "dedupe-headers", seed)[1])
    assert rec["title"] is None


def test_progress_never_touches_stdout(tmp_path: Path) -> None:
    code, out, _ = run("clean", "-j1", "--progress", str(SAMPLES))
    assert code == 0
    assert len(records(out)) == len(list(SAMPLES.glob("*.txt")))


def test_quiet_has_no_summary() -> None:
    code, _, err = run("clean", "-j1", "-q", str(SAMPLES))
    assert code == 0 and err == ""


def test_passes_lists_the_pipeline() -> None:
    _, out, _ = run("passes")
    lines = out.decode().splitlines()
    assert [line.split()[0] for line in lines] == list(PASSES)
    assert all(len(line.split(None, 1)) == 2 for line in lines)


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out.decode()


def _newsclean(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsclean", *args]


def test_python_m_and_closed_pipe_end_quietly(tmp_path: Path) -> None:
    """A reader that stops early is no reject: status 0, nothing on stderr, even when the run has
    rejects (which would make it 1) and however much was still buffered."""
    for n in range(400):
        shutil.copy(SAMPLES / "000_b3080ccbe49157e2.txt", tmp_path / f"{n:04d}.txt")
    (tmp_path / "0001.txt").write_bytes(b"")  # a reject early in the run
    for jobs in ("1", "2"):
        proc = subprocess.Popen(_newsclean("clean", "-j", jobs, str(tmp_path)), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # what `| head -1` does
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 0, err
        assert orjson.loads(first)["id"] == "0000"
        assert err == ""


def test_head_closing_the_pipe_exits_0_in_every_command(tmp_path: Path) -> None:
    """Each output is far larger than a pipe's buffer, so the reader really closes it mid-write."""
    dumps, corpus, long_dump = tmp_path / "dumps", tmp_path / "corpus.jsonl", tmp_path / "long.txt"
    dumps.mkdir()
    seed = (SAMPLES / "000_b3080ccbe49157e2.txt").read_bytes()
    for n in range(300):
        (dumps / f"{n:04d}.txt").write_bytes(seed + f"\n\nClosing note number {n}.\n".encode())
    long_dump.write_text("\n\n".join(f"Paragraph {n} of a long page, the editor said." for n in range(3000)))
    assert run("clean", "-j1", "-q", "-o", str(corpus), str(dumps))[0] == 0
    exe = " ".join(_newsclean())
    dups = tmp_path / "d.jsonl"
    for command in (f"clean -j2 {dumps}", f"dedup {corpus} -o - --exact-only --duplicates {dups}",
                    f"show --plain {long_dump}"):
        done = subprocess.run(["bash", "-c", f"{exe} {command} | head -c 10 >/dev/null; "
                               "echo ${PIPESTATUS[0]} >&2"], capture_output=True, timeout=120)
        assert done.stderr.decode().splitlines()[-1:] == ["0"], (command, done.stderr)
        assert "Traceback" not in done.stderr.decode() and "Error" not in done.stderr.decode()


def test_output_to_a_device_writes_through_it(tmp_path: Path) -> None:
    code, out, err = run("clean", "-j1", "-o", os.devnull, str(SAMPLES / "002_pacificdispatch.txt"))
    assert code == 0, err
    assert out == b""  # the record went to the device, not to stdout
    assert Path(os.devnull).is_char_device()


def test_stdin_over_max_bytes_is_rejected_not_cut(seed_path: Path) -> None:
    code, out, err = run("clean", "-j1", "--max-bytes", "1000", "-", input=seed_path.read_bytes())
    assert code == 1
    assert out == b""
    assert "too-large: 1" in err
