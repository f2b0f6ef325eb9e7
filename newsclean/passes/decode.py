"""decode: bytes to clean Unicode lines."""

from __future__ import annotations

import codecs
import re
import unicodedata

import regex
from charset_normalizer import from_bytes

from ..context import Context
from ..document import BLANK, Document, Reject

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0/C1 controls but tab and newline; zero-width space, word joiner and stray BOMs carry no text.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff]+")
_NEWLINES = regex.compile(r"\r\n?|[\u2028\u2029\x85]")
#: Share of NUL/control bytes in the first 8 KiB above which a file is binary, not a misencoded dump.
BINARY_SHARE = 0.05


_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
_ASCII_CONTROLS = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
# the non-ASCII members of _CONTROL as UTF-8 bytes: C1 controls, U+200B, U+2060, U+FEFF
_UTF8_CONTROLS = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80\x8b|\xe2\x81\xa0|\xef\xbb\xbf")


def _sniff_binary(data: bytes) -> float:
    head = data[:8192]
    return (len(head) - len(head.translate(None, _CONTROL_BYTES))) / len(head)


def _has_any(data: bytes, table: bytes, step: int = 1 << 20) -> bool:
    """Whether ``data`` holds a byte of ``table``; a megabyte at a time, so a large dump is not copied."""
    return any(len(chunk.translate(None, table)) != len(chunk)
               for chunk in (data[i : i + step] for i in range(0, len(data), step)))


def _has_controls(data: bytes, text: str, encoding: str) -> bool:
    """Byte-level tests first: scanning the text with a Unicode regex costs more than the rest of decode."""
    if _has_any(data, _ASCII_CONTROLS):
        return True
    if text.isascii():
        return False
    if encoding == "utf-8":
        return _UTF8_CONTROLS.search(data) is not None
    return _CONTROL.search(text) is not None


def to_text(data: bytes, candidates: tuple[str, ...] = ()) -> tuple[str, str]:
    """Decode bytes as UTF-8 when they are, else detect the encoding among ``candidates`` (all that
    charset-normalizer knows when empty: several times slower); returns (text, encoding)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _sniff_binary(data) > BINARY_SHARE:
        raise Reject("binary", "NUL or control bytes: not a text dump")
    best = from_bytes(data[:65536], cp_isolation=list(candidates) or None).best()
    # cp1252 is the web's de-facto latin-1; it decodes every byte except five, which replace keeps.
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def decode(doc: Document, ctx: Context) -> None:
    """Bytes to text: BOM-aware UTF-8, else detected encoding (cp1251, latin-1 …); NFC, LF, no controls.

    Rejects empty and binary files here, before any other pass sees them.
    """
    data = doc.raw
    if not data or data.isspace():  # no stripped copy of a large dump
        raise Reject("empty", "no text in the file" if data else "zero bytes")
    if data.count(0) > len(data) // 100 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Reject("binary", f"{data.count(0)} NUL bytes in {len(data)}")
    text, encoding = to_text(data, ctx.profile.encodings)
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)
    if _has_controls(data, text, encoding):
        text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise Reject("empty", "only whitespace and control characters")
    doc.encoding = encoding
    lines = [line.strip() for line in text.split("\n")]
    doc.lines = lines
    doc.labels = [None if line else BLANK for line in lines]
    doc.deciders = [None] * len(lines)
    doc.raw = b""  # the bytes are not needed past this point; let them go
