"""Catalog's CSV file of resources, both ways: writing an export in the import's columns (so it
can be imported again; every text cell through the one formula guard, rr_common.spreadsheets),
and reading an upload as it arrives: bytes in, rows out, each with the line it starts on.

The file is UTF-8 (a byte-order mark is allowed), the first row is the header (see `domain.py` for
its columns), blank rows are skipped, and a quoted cell may span lines. `CsvStream` holds one
chunk and the record it is in the middle of, never the whole file: a record cut off by the end of
a chunk is read again from its first line once the next chunk is in.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import deque
from collections.abc import Iterable, Sequence

from rr_catalog.errors import InvalidCsv, InvalidCsvEncoding
from rr_catalog.models import Resource
from rr_common.errors import InvalidCsvHeader
from rr_common.spreadsheets import safe_cell

# A NUL byte in the first this many bytes means the file is not text.
HEAD_BYTES = 8192
# Line ends as Python's universal newlines see them (what `open(..., newline="")` gives csv).
LINE_END = re.compile(r"\r\n|\r|\n")

Row = tuple[int, list[str]]
EXPORT_COLUMNS = ("name", "tags", "available", "description", "location", "capacity", "group", "timezone")


def export_row(r: Resource) -> list[str]:
    return [
        safe_cell(r.name),
        safe_cell(";".join(r.tags)),
        "true" if r.status == "available" else "false",
        safe_cell(r.description),
        safe_cell(r.location),
        "" if r.capacity is None else str(r.capacity),
        "" if r.group_id is None else str(r.group_id),
        r.timezone,
    ]


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


class _NeedMore(Exception):
    """The lines so far end inside a record."""


class _Lines:
    """The complete lines csv.reader reads; remembers those it gave to the record being read so
    they can be given again when the record turns out to continue past them."""

    def __init__(self) -> None:
        self.ready: deque[str] = deque()
        self.taken: list[str] = []
        self.ended = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if not self.ready:
            if self.ended:
                raise StopIteration
            raise _NeedMore
        line = self.ready.popleft()
        self.taken.append(line)
        return line

    def rewind(self) -> None:
        self.ready.extendleft(reversed(self.taken))
        self.taken = []


class CsvStream:
    """Feed the file's bytes in order with `feed`, then call `end`; both return the data rows
    complete so far. `header` is the first row once it has been read."""

    def __init__(self) -> None:
        self.header: list[str] | None = None
        self._head = b""
        self._head_checked = False
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._partial: list[str] = []  # decoded, after the last complete line
        self._lines = _Lines()
        self._reader = csv.reader(self._lines)
        self._lines_read = 0  # lines of the records returned so far

    def feed(self, chunk: bytes) -> list[Row]:
        if not self._head_checked:
            self._head += chunk
            if len(self._head) < HEAD_BYTES:
                return []
            chunk, self._head = self._checked_head(), b""
        self._split(self._decode(chunk))
        return self._records()

    def end(self) -> list[Row]:
        """The rest of the file; refuses an empty one."""
        if not self._head_checked:
            self._split(self._decode(self._checked_head()))
        self._split(self._decode(b"", final=True), final=True)
        self._lines.ended = True
        rows = self._records()
        if self.header is None:
            raise InvalidCsvHeader("The file is empty; the first line must be a header such as name,tags,available.")
        return rows

    def _checked_head(self) -> bytes:
        self._head_checked = True
        if b"\x00" in self._head[:HEAD_BYTES]:
            raise InvalidCsv("The file is not a CSV text file (it contains binary data).")
        return self._head

    def _decode(self, chunk: bytes, final: bool = False) -> str:
        pending, _ = self._decoder.getstate()
        try:
            return self._decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            good = (pending + chunk)[: exc.start].decode("utf-8", "replace")
            seen = self._lines_read + len(self._lines.ready)  # complete lines before this chunk
            line = seen + len(LINE_END.findall("".join(self._partial) + good)) + 1
            raise InvalidCsvEncoding(f"The file is not UTF-8 text (near line {line}); save it as UTF-8 CSV.") from None

    def _split(self, text: str, final: bool = False) -> None:
        if not final and not LINE_END.search(text) and not (self._partial and self._partial[-1].endswith("\r")):
            self._partial.append(text)  # still inside a long line: no copying it again and again
            return
        text = "".join(self._partial) + text
        start = 0
        for match in LINE_END.finditer(text):
            if match.group() == "\r" and match.end() == len(text) and not final:
                break  # a "\r\n" may be cut in two
            self._lines.ready.append(text[start : match.end()])
            start = match.end()
        rest = text[start:]
        self._partial = [rest] if rest else []
        if final and rest:
            self._lines.ready.append(rest)
            self._partial = []

    def _records(self) -> list[Row]:
        rows: list[Row] = []
        while self._lines.ready:
            line = self._lines_read + 1
            try:
                cells = next(self._reader)
            except _NeedMore:
                self._lines.rewind()
                break
            except StopIteration:
                break
            except csv.Error as exc:
                raise InvalidCsv(
                    f"Line {self._lines_read + len(self._lines.taken)} cannot be read as CSV: {exc}."
                ) from None
            self._lines_read += len(self._lines.taken)
            self._lines.taken = []
            if any("\x00" in cell for cell in cells):
                # Past the binary check of the head: PostgreSQL text cannot hold it.
                raise InvalidCsv(f"Line {line} contains a NUL character (\\u0000); remove it and save the file again.")
            if self.header is None:
                self.header = cells
            elif any(cell.strip() for cell in cells):
                rows.append((line, cells))
        return rows
