"""The encoding test set: dumps written for it (``tests/encodings/*.txt``, UTF-8) encoded the way pages
in their language are found on the web, plus UTF-8 dumps damaged by a few stray bytes.

Each case is ``(name, data, expected)``: ``expected`` is the text a correct decoder gives for ``data``
(the dump itself, or for a damaged one the dump with U+FFFD where the bad bytes were). It is shared by
``tests/test_decode.py`` (every case must decode right) and ``bench/encoding_eval.py`` (accuracy and
speed of several detectors on it).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent / "encodings"

#: The legacy encodings each language's pages are found in (UTF-16/32 cases carry their BOM).
ENCODINGS: dict[str, tuple[str, ...]] = {
    "ru": ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "utf_16", "utf_16_be"),
    "uk": ("cp1251", "koi8_u"),
    "bg": ("cp1251",),
    "sr": ("cp1251", "iso8859_5"),
    "fr": ("latin_1", "cp1252", "iso8859_15", "utf_16"),
    "fr1252": ("cp1252", "iso8859_15"),
    "en1252": ("cp1252",),
    "en-latin1": ("latin_1",),
    "de": ("latin_1", "cp1252", "utf_32"),
    "es": ("latin_1", "cp1252"),
    "pt": ("cp1252",),
    "it": ("latin_1", "cp1252"),
    "pl": ("iso8859_2", "cp1250"),
    "cs": ("iso8859_2", "cp1250"),
    "hu": ("iso8859_2", "cp1250"),
    "hr": ("cp1250",),
    "el": ("cp1253", "iso8859_7"),
    "tr": ("cp1254", "iso8859_9"),
    "he": ("cp1255",),
    "ar": ("cp1256",),
    "lt": ("cp1257",),
    "ja": ("shift_jis", "cp932", "euc_jp", "utf_16_be"),
    "zh-hans": ("gb18030", "gbk", "utf_16"),
    "zh-hant": ("big5",),
    "ko": ("euc_kr", "cp949"),
    "th": ("cp874", "tis_620"),
}

#: What a page in an encoding without these characters writes instead (iso8859_5 has no «», koi8_r
#: no dashes): the expected text is the dump with these substitutions, so every case is encodable.
_FALLBACK = str.maketrans({
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-",
    "…": "...", "№": "No", "€": "EUR", "\u00a0": " ", "ё": "е", "Ё": "Е", "（": "(", "）": ")",
})
_BOM = {"utf_16": codecs.BOM_UTF16_LE, "utf_16_be": codecs.BOM_UTF16_BE, "utf_32": codecs.BOM_UTF32_LE}
_BOMLESS = {"utf_16": "utf_16_le", "utf_16_be": "utf_16_be", "utf_32": "utf_32_le"}


def text_of(lang: str) -> str:
    return (HERE / f"{lang}.txt").read_text(encoding="utf-8")


def encode(text: str, encoding: str) -> tuple[bytes, str]:
    """``text`` as a page in ``encoding`` would hold it: (bytes, the text those bytes stand for)."""
    if encoding in _BOM:
        return _BOM[encoding] + text.encode(_BOMLESS[encoding]), text
    try:
        return text.encode(encoding), text
    except UnicodeEncodeError:
        text = text.translate(_FALLBACK)
        return text.encode(encoding), text  # still unencodable: a mistake in this table, so raise


def short(text: str) -> str:
    """The header, the headline and the body's first sentence: the least a detector may get."""
    lines = text.split("\n")
    body = next(line for line in lines[4:] if len(line) > 60)
    sentence = re.match(r".+?(?:\.(?=\s|$)|。)", body)  # Thai has no full stop: up to a space
    first = sentence.group() if sentence else body[: body.index(" ", 60)]
    return "\n".join([*lines[:2], first]) + "\n"


def legacy_cases(cut: bool = False) -> list[tuple[str, bytes, str]]:
    """Every language in every encoding of ``ENCODINGS``; ``cut``: only its ``short`` part."""
    out = []
    for lang, encodings in ENCODINGS.items():
        text = text_of(lang)
        if cut:
            text = short(text)
        for encoding in encodings:
            data, expected = encode(text, encoding)
            out.append((f"{lang}/{encoding}{'/short' if cut else ''}", data, expected))
    return out


def damaged_cases() -> list[tuple[str, bytes, str]]:
    """UTF-8 (or ASCII) dumps with a few bytes that are not UTF-8: they are UTF-8, the bad bytes
    replaced. Scrapers make these: a stray UTF-16 BOM, a cut at a byte limit, one pasted legacy word."""
    ascii_en = text_of("en1252").translate(_FALLBACK).replace("ç", "c").replace("é", "e")
    assert ascii_en.isascii()
    mid = ascii_en.index("The $4.1 million")
    ru, fr, ja, de = (text_of(x).encode() for x in ("ru", "fr", "ja", "de"))
    fr_cut = fr[: fr.rindex("é".encode()) + 1]  # cut inside the last é
    ja_at = ja.index("。".encode()) + 3
    de_word = de.index("Straße".encode(), 300)
    cases = [
        ("stray/ascii-bom-inside", ascii_en[:mid].encode() + b"\xff\xfe" + ascii_en[mid:].encode()),
        ("stray/ascii-bom-first", b"\xff\xfe" + ascii_en.encode()),
        ("stray/ascii-bom-in-word", ascii_en[:mid + 3].encode() + b"\xff\xfe" + ascii_en[mid + 3:].encode()),
        ("stray/ascii-ff", ascii_en.encode().replace(b"said", b"said\xff", 1)),
        ("stray/ru-ff", ru[:900] + b"\xff" + ru[900:]),
        ("stray/fr-cut", fr_cut),
        ("stray/ja-80", ja[:ja_at] + b"\x80" + ja[ja_at:]),
        ("stray/de-one-cp1252-word", de[:de_word] + "Straße".encode("cp1252") + de[de_word + 7:]),
    ]
    return [(name, data, _replaced(data)) for name, data in cases]


def _replaced(data: bytes) -> str:
    """The UTF-8 reading of ``data``, bad bytes replaced; a stray BOM at the start is two bad bytes."""
    return data.decode("utf-8", errors="replace")


def all_cases() -> list[tuple[str, bytes, str]]:
    return legacy_cases() + legacy_cases(cut=True) + damaged_cases()
