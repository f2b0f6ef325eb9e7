"""Reading a file sized from fstat (issue 13 item 2): the same bytes, and the limits still hold."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsclean.document import Reject
from newsclean.io.readers import read_file, read_upto

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_a_file_reads_whole(path: Path) -> None:
    assert read_file(str(path), 10_000_000) == path.read_bytes()


def test_a_file_that_grew_since_fstat_is_read_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "grew.txt"
    path.write_bytes(b"x" * 200_000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert read_upto(fd, 10_000_000, size=100) == b"x" * 200_000  # fstat said 100 bytes
    finally:
        os.close(fd)


def test_a_file_whose_fstat_says_zero_is_read_in_chunks(tmp_path: Path) -> None:
    """/proc files report size 0 and still hold bytes."""
    path = tmp_path / "proc-like.txt"
    path.write_bytes(b"line\n" * 50_000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert read_upto(fd, 10_000_000, size=0) == b"line\n" * 50_000
    finally:
        os.close(fd)


def test_a_stream_stops_one_byte_past_the_limit() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"y" * 30_000)
        os.close(write_end)
        assert read_upto(read_end, 20_001) == b"y" * 20_001
    finally:
        os.close(read_end)


def test_empty_and_too_large_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert read_file(str(empty), 100) == b""
    big = tmp_path / "big.txt"
    big.write_bytes(b"z" * 101)
    with pytest.raises(Reject) as err:
        read_file(str(big), 100)
    assert err.value.reason == "too-large"
