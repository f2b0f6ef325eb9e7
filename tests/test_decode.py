"""The decode pass on the encoding test set (``tests/encoding_cases.py``) and on damaged UTF-8."""

from __future__ import annotations

import codecs
import importlib
from pathlib import Path

import pytest

from newsclean.context import Context
from newsclean.document import Document, Reject
from newsclean.pipeline import clean_bytes
from tests.encoding_cases import all_cases, encode, text_of

decode_module = importlib.import_module("newsclean.passes.decode")
to_text = decode_module.to_text
CANDIDATES = Context.build().profile.encodings
SAMPLES = Path(__file__).resolve().parent.parent / "samples"

#: Cases the decoder is known to get wrong, and why; strict xfail, so a fix shows up as a failure here.
KNOWN_MISSES = {
    # a headline and one sentence of Lithuanian: too few letters for chardetng to leave windows-1252
    "lt/cp1257/short": "short Baltic text reads as cp1252",
    # one byte that reads as a letter after a word (`saidÿ`): latin-1 text as much as a stray byte
    "stray/ascii-ff": "a lone \\xff after a letter is taken for latin-1 ÿ",
}
CASES = [pytest.param(data, expected, id=name,
                      marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[name])]
                      if name in KNOWN_MISSES else [])
         for name, data, expected in all_cases()]


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_every_case_of_the_encoding_set_decodes_to_its_text(data: bytes, expected: str) -> None:
    assert to_text(data, CANDIDATES).text == expected


def test_the_encoding_set_covers_what_the_brief_lists() -> None:
    names = {name for name, _data, _expected in all_cases()}
    for wanted in ("ru/cp1251", "fr/cp1252", "fr/latin_1", "ru/koi8_r", "pl/iso8859_2", "ru/utf_16",
                   "ja/shift_jis", "zh-hans/gb18030", "ko/euc_kr", "el/cp1253", "stray/ascii-bom-inside"):
        assert wanted in names


def test_encodings_are_named_by_their_python_codec() -> None:
    ru = text_of("ru")
    assert to_text(ru.encode("cp1251"), CANDIDATES).encoding == "cp1251"
    assert to_text(encode(ru, "koi8_r")[0], CANDIDATES).encoding == "koi8_u"  # KOI8-U reads KOI8-R's letters
    assert to_text(text_of("fr").encode("latin_1"), CANDIDATES).encoding == "cp1252"
    assert to_text(text_of("ja").encode("shift_jis"), CANDIDATES).encoding == "cp932"


def test_the_samples_keep_their_encodings() -> None:
    assert to_text((SAMPLES / "004_sevvestnik.txt").read_bytes(), CANDIDATES).encoding == "cp1251"
    assert to_text((SAMPLES / "005_courrierrhodanien.txt").read_bytes(), CANDIDATES).encoding == "cp1252"


def test_the_profile_encodings_bound_the_answer() -> None:
    """A profile listing only KOI8-R gets KOI8-R for a cp1251 dump: the detector's answer is not
    listed, so the first listed codec that reads the bytes is used."""
    data = text_of("ru").encode("cp1251")
    assert to_text(data, ("koi8_r",)).encoding == "koi8_r"
    assert to_text(data, ()).encoding == "cp1251"  # no list: any answer


def test_a_mac_cyrillic_dump_is_not_read_as_cp1251() -> None:
    data = encode(text_of("ru"), "mac_cyrillic")[0]
    decoded = to_text(data, CANDIDATES)
    assert decoded.encoding == "mac_cyrillic"
    assert "Порт Зарубино" in decoded.text


def test_iso8859_15_letters_are_not_read_as_cp1252_symbols() -> None:
    decoded = to_text(encode(text_of("fr1252"), "iso8859_15")[0], CANDIDATES)
    assert decoded.encoding == "iso8859_15"
    assert "Cœur de Savoie" in decoded.text and "Mathilde Rœser" in decoded.text


def test_stray_bytes_in_ascii_text_are_replaced_not_read_as_a_legacy_encoding() -> None:
    """Issue 11 item 12: `\\xff\\xfe` inside ASCII text was decoded as cp1250 (`˙ţ`)."""
    text = (SAMPLES / "002_pacificdispatch.txt").read_bytes()
    data = text[:500] + b" \xff\xfe " + text[500:]
    decoded = to_text(data, CANDIDATES)
    assert decoded == (text[:500].decode() + " \ufffd\ufffd " + text[500:].decode(), "utf-8", 2)


def test_a_utf16_bom_before_ascii_text_is_two_stray_bytes() -> None:
    text = (SAMPLES / "002_pacificdispatch.txt").read_bytes()
    decoded = to_text(codecs.BOM_UTF16_LE + text, CANDIDATES)
    assert decoded == ("\ufffd\ufffd" + text.decode(), "utf-8", 2)


def test_real_utf16_with_a_bom_is_still_utf16() -> None:
    text = (SAMPLES / "002_pacificdispatch.txt").read_text(encoding="utf-8")
    assert to_text(text.encode("utf-16"), CANDIDATES) == (text, "utf-16-le", 0)


def test_utf8_cut_inside_a_character_keeps_the_text() -> None:
    data = text_of("ru").encode()[:-3] + "ё".encode()[:1]
    decoded = to_text(data, CANDIDATES)
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert decoded.text.endswith("\ufffd") and decoded.text.startswith(" date 2025-06-02")


def test_a_legacy_dump_with_a_few_accents_stays_legacy() -> None:
    """Few bad bytes alone do not make UTF-8: `children’s` in a cp1252 dump is an apostrophe."""
    data = "The library’s new wing opened on Wednesday, said the manager.\n".encode("cp1252")
    assert to_text(data, CANDIDATES) == (data.decode("cp1252"), "cp1252", 0)


def test_a_u_fffd_written_in_the_dump_is_not_counted() -> None:
    data = "An unknown sign � in the dump, and a stray BOM ".encode() + b"\xfe\xff" + b" in it."
    assert to_text(data, CANDIDATES) == (data.decode(errors="replace"), "utf-8", 2)


def test_binary_is_still_rejected() -> None:
    doc = Document(source="b", id="b", raw=bytes(range(256)) * 20)
    with pytest.raises(Reject) as err:
        decode_module.decode(doc, Context.build())
    assert err.value.reason == "binary"


def test_a_legacy_dump_through_the_pipeline() -> None:
    record = clean_bytes(text_of("bg").encode("cp1251"), "bg.txt")
    assert record["stats"]["encoding"] == "cp1251"
    assert record["title"] == "Нова фериботна линия свързва Видин и Калафат"


def test_stray_bytes_are_counted_in_the_record() -> None:
    """Issue 11 item 12, in the record: UTF-8, the bad bytes replaced and counted in `stats.replaced`."""
    dump = (SAMPLES / "002_pacificdispatch.txt").read_bytes()
    at = dump.index(b"Reuters") + 7
    record = clean_bytes(dump[:at] + b"\xff\xfe" + dump[at:], "stray.txt")
    clean = clean_bytes(dump, "clean.txt")
    assert record["schema"] == 2
    assert (record["stats"]["encoding"], record["stats"]["replaced"]) == ("utf-8", 2)
    assert (clean["stats"]["encoding"], clean["stats"]["replaced"]) == ("utf-8", 0)
    assert "˙" not in str(record) and "ţ" not in str(record)  # cp1250 read them as these
    assert record["text"] == clean["text"]  # the bytes sat in the byline line, which is not text
