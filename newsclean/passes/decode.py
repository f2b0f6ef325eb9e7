"""decode: bytes to clean Unicode lines."""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import regex
from chardetng_py.detector import EncodingDetector

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
#: Bytes of the dump's non-ASCII lines the detector reads: its cost grows with every byte (about 40 ns
#: each), and 768 bytes of a language's text name its encoding as well as the whole dump does
#: (``bench/encoding_eval.py``).
SAMPLE_BYTES = 768
#: At most this many bad UTF-8 sequences may be stray bytes in UTF-8 text (more: a legacy encoding).
STRAY_MAX = 8

_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
_ASCII_CONTROLS = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
# C1 controls as UTF-8 bytes (the other non-ASCII members of _CONTROL are looked for in the text)
_UTF8_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_ESCAPED = re.compile(r"[\udc80-\udcff]+")  # bytes that are not UTF-8, as surrogateescape gives them
_REPLACEMENT = "\ufffd"

#: chardetng answers with the WHATWG name of an encoding; the Python codecs that decode it, best
#: first (WHATWG's Shift_JIS, EUC-KR and GBK are Microsoft's supersets). The first one among the
#: profile's ``encodings`` is used.
_PYTHON_CODECS: dict[str, tuple[str, ...]] = {
    "windows-1252": ("cp1252", "latin_1"),
    "shift_jis": ("cp932", "shift_jis"),
    "euc-kr": ("cp949", "euc_kr"),
    "gbk": ("gb18030", "gbk"),
    "koi8-u": ("koi8_u", "koi8_r"),
    "windows-874": ("cp874", "tis_620"),
    "euc-jp": ("euc_jp",),
    "iso-2022-jp": ("iso2022_jp",),
    "big5": ("big5", "big5hkscs"),
    "ibm866": ("cp866",),
    **{f"windows-125{i}": (f"cp125{i}",) for i in range(9)},
    **{f"iso-8859-{i}": (f"iso8859_{i}",) for i in (2, 4, 5, 6, 7, 8, 13)},
}
#: Profile candidates chardetng never answers, each beside the answer it takes them for: chosen
#: instead when their reading of the dump is more plausible (``_oddities``).
_SIBLINGS: dict[str, tuple[str, ...]] = {"cp1252": ("iso8859_15",), "cp1251": ("mac_cyrillic",)}
#: Characters a legacy reading of a few odd bytes may plausibly give besides letters, marks, digits and
#: punctuation: currency, degree, copyright, no-break space, soft hyphen.
_PLAUSIBLE_SYMBOLS = frozenset("€£¥$¢©®°±×§¶µ\u00a0\u00ad")


class Decoded(NamedTuple):
    """The text of a dump, the codec that gave it, and how many U+FFFD it put in for unreadable bytes."""

    text: str
    encoding: str
    replaced: int = 0


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
    if encoding == "utf-8":  # one-byte and one-character searches are memchr-fast; a regex is not
        c1 = b"\xc2" in data and _UTF8_C1.search(data) is not None
        return c1 or "\u200b" in text or "\u2060" in text or "\ufeff" in text
    if len(text) == len(data):  # a single-byte codec: its control bytes are known
        controls = _tables(encoding)[2]
        return len(data.translate(None, controls)) != len(data)
    return _CONTROL.search(text) is not None


def _replacements(data: bytes, text: str, encoding: str) -> int:
    """U+FFFD the decoding put in (not those the bytes themselves encode)."""
    found = text.count(_REPLACEMENT)
    return found and found - data.decode(encoding, errors="ignore").count(_REPLACEMENT)


def _decode(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, _replacements(data, text, encoding))


def _sample(data: bytes, window: int = 1 << 16) -> bytes:
    """The dump's non-ASCII lines, about ``SAMPLE_BYTES`` of them, cut after an ASCII byte below 0x40
    (never the second byte of a CJK character), so the detector sees no broken character. Lines are
    looked for a ``window`` at a time: a large dump is not split whole."""
    lines = b""
    for start in range(0, len(data), window):
        part = data[start : start + window].split(b"\n")
        lines += b"\n".join(line for line in part if not line.isascii()) + b"\n"
        if len(lines) > SAMPLE_BYTES:
            break
    lines = lines[:-1]
    if len(lines) <= SAMPLE_BYTES:
        return lines
    head = lines[:SAMPLE_BYTES]
    cut = max(head.rfind(b"\n"), head.rfind(b" "))
    if cut < 0:
        cut = max((head.rfind(bytes([b])) for b in range(0x21, 0x40)), default=-1)
    return head[: cut + 1] if cut > 0 else lines


@lru_cache(maxsize=16)
def _allowed(candidates: tuple[str, ...]) -> frozenset[str]:
    """The profile's candidate encodings under their Python codec names (empty: any)."""
    names = set()
    for name in candidates:
        try:
            names.add(codecs.lookup(name).name.replace("-", "_"))
        except LookupError:
            continue
    return frozenset(names)


def _codec(name: str) -> str:
    return codecs.lookup(name).name.replace("-", "_")


def _choose(data: bytes, guess: str, candidates: tuple[str, ...]) -> str:
    """The Python codec for chardetng's ``guess``, kept to the profile's candidates: the first of its
    codecs among them, else the first candidate that reads the bytes without an error."""
    allowed = _allowed(candidates)
    options = _PYTHON_CODECS.get(guess.lower(), (guess,))
    for option in options:
        if not allowed or _codec(option) in allowed:
            return option
    for name in candidates:
        try:
            data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        return name
    return options[0]


@lru_cache(maxsize=32)
def _tables(codec: str) -> tuple[bytes, bytes, bytes]:
    """What each byte reads as in single-byte ``codec``, as ``bytes.translate`` tables: its case (``l``
    lower, ``u`` capital), letter or symbol (``a``, ``s``), and the bytes that read as a control."""
    case, kind, controls = bytearray(b"." * 256), bytearray(b"." * 256), bytearray()
    for byte in range(256):
        char = bytes([byte]).decode(codec, errors="replace")
        category = unicodedata.category(char)
        if category in ("Ll", "Lu"):
            case[byte] = ord("l" if category == "Ll" else "u")
        if category[0] == "L":
            kind[byte] = ord("a")
        elif category[0] == "S" or category == "No":
            kind[byte] = ord("s")
        if _CONTROL.match(char):
            controls.append(byte)
    return bytes(case), bytes(kind), bytes(controls)


def _oddities(data: bytes, codec: str) -> int:
    """How often ``data`` read in single-byte ``codec`` has a lower-case letter then a capital, or a letter
    touching a symbol (``C½ur``, ``администрациЯ``): the marks of a Latin or Cyrillic dump read with its
    sibling's table. Counted on the bytes through tables, far cheaper than a Unicode regex."""
    case, kind, _ = _tables(codec)
    kinds = data.translate(kind)
    return data.translate(case).count(b"lu") + kinds.count(b"as") + kinds.count(b"sa")


def _sibling(data: bytes, sample: bytes, decoded: Decoded, candidates: tuple[str, ...]) -> Decoded:
    """``decoded``, or its reading in a sibling codec chardetng cannot name when that reading has fewer
    oddities (Cyrillic in mac_cyrillic read as cp1251 flips capitals; ``œ`` in iso8859_15 read as cp1252
    is ``½``): judged on the detector's sample, or on the whole dump when the sample cannot tell."""
    allowed = _allowed(candidates)
    for sibling in _SIBLINGS.get(decoded.encoding, ()):
        if allowed and _codec(sibling) not in allowed:
            continue
        other = _decode(data, sibling)
        if other.text == decoded.text:
            continue
        ours, theirs = _oddities(sample, decoded.encoding), _oddities(sample, sibling)
        if ours == theirs:
            ours, theirs = _oddities(data, decoded.encoding), _oddities(data, sibling)
        if theirs < ours:
            return other
    return decoded


def _detect(sample: bytes) -> str:
    detector = EncodingDetector()
    detector.feed(sample, last=True)
    return detector.guess(tld=None, allow_utf8=False)


def _is_stray(run: bytes, at_end: bool, encoding: str) -> bool:
    """Bytes that are no character in ``encoding`` either: a UTF-16 BOM, a UTF-8 character cut by the
    end of the file, or what reads as neither letter, digit, punctuation nor a common symbol."""
    if b"\xff\xfe" in run or b"\xfe\xff" in run:
        return True
    if at_end and 0xC2 <= run[0] <= 0xF4 and all(0x80 <= b <= 0xBF for b in run[1:]):
        return True
    legacy = run.decode(encoding, errors="replace")
    return not all(unicodedata.category(c)[0] in "LMNP" or c in _PLAUSIBLE_SYMBOLS for c in legacy)


def _mostly_utf8(data: bytes, guess: str) -> bool:
    """Are the few bytes that are not UTF-8 strays (each bad sequence judged in the legacy reading)?"""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = plausible = 0
    for m in _ESCAPED.finditer(text):
        run = bytes(ord(c) - 0xDC00 for c in m.group())
        if _is_stray(run, m.end() == len(text), guess):
            stray += 1
        else:
            plausible += 1
    return stray > plausible


def _utf8_counts(data: bytes) -> tuple[str, int, int]:
    """``data`` read as UTF-8 with bad sequences replaced, how many were bad, how many characters valid
    and not ASCII (a U+FFFD written in the dump is not a bad sequence)."""
    utf8 = data.decode("utf-8", errors="replace")
    bad = utf8.count(_REPLACEMENT) - data.count(b"\xef\xbf\xbd")
    return utf8, bad, len(utf8) - len(utf8.encode("ascii", errors="ignore")) - bad


def _legacy(bad: int, valid: int) -> bool:
    """Too many bad sequences to be strays in UTF-8 text, and too few valid characters to outweigh them."""
    return bad > STRAY_MAX and valid < 2 * bad


def to_text(data: bytes, candidates: tuple[str, ...] = ()) -> Decoded:
    """Decode a dump. UTF-8 when it is, or almost is: a few stray bytes in UTF-8 or ASCII text are
    replaced (U+FFFD, counted), not read as a legacy encoding. Else the encoding chardetng (Firefox's
    detector) finds among ``candidates`` (the profile's; empty: any). A UTF-16/32 BOM is believed
    when the bytes after it hold a NUL, as such text does; ``\\xff\\xfe`` before ASCII text is strays."""
    for bom, encoding in _BOMS:
        if data.startswith(bom) and (encoding == "utf-8" or b"\x00" in data[len(bom):]):
            return _decode(data[len(bom):], encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _sniff_binary(data) > BINARY_SHARE:
        raise Reject("binary", "NUL or control bytes: not a text dump")
    sample = _sample(data)
    utf8, bad = None, 0
    if not _legacy(*_utf8_counts(sample)[1:]):  # the sample's verdict spares legacy dumps the whole count
        utf8, bad, valid = _utf8_counts(data)
        if valid >= 2 * bad:  # UTF-8 text with a few bad sequences: legacy text is never valid this often
            return Decoded(utf8, "utf-8", bad)
        if _legacy(bad, valid):
            utf8 = None
    encoding = _choose(data, _detect(sample), candidates)
    if utf8 is not None and _mostly_utf8(data, encoding):  # at most STRAY_MAX bad: are they strays?
        return Decoded(utf8, "utf-8", bad)
    return _sibling(data, sample, _decode(data, encoding), candidates)


def decode(doc: Document, ctx: Context) -> None:
    """Bytes to text: BOM-aware UTF-8, else detected encoding (cp1251, latin-1 …); NFC, LF, no controls.

    Rejects empty and binary files here, before any other pass sees them.
    """
    data = doc.raw
    if not data or data.isspace():  # no stripped copy of a large dump
        raise Reject("empty", "no text in the file" if data else "zero bytes")
    if data.count(0) > len(data) // 100 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Reject("binary", f"{data.count(0)} NUL bytes in {len(data)}")
    text, encoding, replaced = to_text(data, ctx.profile.encodings)
    if "\r" in text:  # CRLF and CR: str.replace, several times cheaper than the regex
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)
    if _has_controls(data, text, encoding):
        text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise Reject("empty", "only whitespace and control characters")
    doc.encoding = encoding
    doc.replaced = replaced
    lines = [line.strip() for line in text.split("\n")]
    doc.lines = lines
    doc.labels = [None if line else BLANK for line in lines]
    doc.deciders = [None] * len(lines)
    doc.raw = b""  # the bytes are not needed past this point; let them go
