"""Catalog's CSV format without a server: an upload read in chunks of any size gives exactly the
rows (and line numbers, and refusals) the csv module gives for the whole file at once, and an
export row is formula-safe."""

from __future__ import annotations

import csv
import io
import random

import pytest

from rr_catalog.imports.csv_format import CsvStream, export_row
from rr_catalog.models import Resource
from rr_common.errors import DomainError

DANGEROUS = ["=1+1", "+1", "-1", "@A1", "\t=cmd", "\r=cmd"]
PIECES = ["a", "b", ",", '"', '""', "\n", "\r", "\r\n", " ", "é", "\u2028", "\x0c", "xyz"]


def whole_file(data: bytes) -> tuple[object, ...]:
    """The header and rows as the csv module reads the whole file (what the gateway used to do)."""
    if b"\x00" in data[:8192]:
        return ("refused", "invalid_csv")
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return ("refused", "invalid_csv_header")
        rows = []
        while True:
            line = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                return (header, rows)
            if any("\x00" in cell for cell in row):
                return (
                    "refused",
                    "invalid_csv",
                    f"Line {line} contains a NUL character (\\u0000); remove it and save the file again.",
                )
            if any(cell.strip() for cell in row):
                rows.append((line, row))
    except UnicodeDecodeError:
        return ("refused", "invalid_csv_encoding")
    except csv.Error as exc:
        return ("refused", "invalid_csv", f"Line {reader.line_num} cannot be read as CSV: {exc}.")


def in_chunks(data: bytes, size: int) -> tuple[object, ...]:
    stream = CsvStream()
    rows = []
    try:
        for start in range(0, len(data), size):
            rows += stream.feed(data[start : start + size])
        rows += stream.end()
    except DomainError as exc:
        if exc.code == "invalid_csv" and exc.detail.startswith("Line "):
            return ("refused", exc.code, exc.detail)
        return ("refused", exc.code)
    return (stream.header, rows)


SAMPLES = [
    b"",
    b"\n",
    b"name,tags,available\n",
    b'\xef\xbb\xbfname,tags,available\r\na,b,true\r\n\r\n  ,  \r\nc,"x\r\ny",false',
    b'name,tags\n"unterminated,x\nmore\n',
    b"a,b\rc,d\re,f\r",
    b'h\n"q""x",y\n' * 50,
    b"a\ncaf\xe9\n",
    b"h\nx\x00y\n",
    b"h\n" + b"x\n" * 5000 + b"\x00",
    b"name\n" + ('"' + "x" * 140_000 + '"\n').encode(),
    'name,tags\nπ,ü\n"multi\nline\nüber",z\n'.encode() * 300,
]


@pytest.mark.parametrize("data", SAMPLES)
@pytest.mark.parametrize("size", [3, 100, 8192, 1 << 20])
def test_chunks_of_any_size_read_like_the_whole_file(data: bytes, size: int) -> None:
    assert in_chunks(data, size) == whole_file(data)


def test_random_files_read_like_the_whole_file() -> None:
    rnd = random.Random(21)
    for _ in range(200):
        data = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 40))).encode()
        for size in (1, 2, 7, 64):
            assert in_chunks(data, size) == whole_file(data), (data, size)


def test_a_nul_past_the_binary_check_is_refused_on_its_line() -> None:
    data = b"name,tags,available\n" + b"ok,a,true\n" * 3000 + b"b\x00d,a,true\n"
    with pytest.raises(DomainError, match="Line 3002 contains a NUL character"):
        in_chunks_raising(data, 4096)


def in_chunks_raising(data: bytes, size: int) -> None:
    stream = CsvStream()
    for start in range(0, len(data), size):
        stream.feed(data[start : start + size])
    stream.end()


def test_a_bad_byte_is_reported_on_its_line() -> None:
    data = b"name,tags,available\n" + b"ok,a,true\n" * 3000 + b"caf\xe9,a,true\n"
    assert in_chunks(data, 4096) == ("refused", "invalid_csv_encoding")
    with pytest.raises(DomainError, match="near line 3002"):
        stream = CsvStream()
        for start in range(0, len(data), 4096):
            stream.feed(data[start : start + 4096])


@pytest.mark.parametrize("value", DANGEROUS)
def test_export_cells_are_plain_text(value: str) -> None:
    row = export_row(Resource(id=1, name=value, description=value, location=value, tags=[value], status="available"))
    assert row.count("'" + value) == 4  # name, tags, description, location
