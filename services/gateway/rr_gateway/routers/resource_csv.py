"""CSV in and out for the catalog: read an upload a batch of rows at a time (bounded memory; the
upload itself is spooled to disk by the multipart parser) and write rows safe to open in a
spreadsheet (no formula injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from rr.catalog.v1 import catalog_pb2

from rr_common.errors import InvalidInput
from rr_common.spreadsheets import safe_cell

EXPORT_COLUMNS = ("name", "tags", "available", "description", "location", "capacity", "group", "timezone")
# A cell starting with one of these is a formula to spreadsheet programs.


class CsvRows:
    """Rows of an uploaded CSV with the line each starts on; blank rows are skipped."""

    def __init__(self, binary: BinaryIO) -> None:
        head = binary.read(8192)
        binary.seek(0)
        if b"\x00" in head:
            raise InvalidInput("The file is not a CSV text file (it contains binary data).", code="invalid_csv")
        self._text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        self._reader = csv.reader(self._text)

    def header(self) -> list[str]:
        row = self._next()
        if row is None:
            raise InvalidInput(
                "The file is empty; the first line must be a header such as name,tags,available.",
                code="invalid_csv_header",
            )
        return row

    def batch(self, size: int) -> list[tuple[int, list[str]]]:
        rows: list[tuple[int, list[str]]] = []
        while len(rows) < size:
            line = self._reader.line_num + 1
            row = self._next()
            if row is None:
                break
            if any(cell.strip() for cell in row):
                rows.append((line, row))
        return rows

    def release(self) -> None:
        """Let go of the upload without closing it (the framework closes it)."""
        self._text.detach()

    def _next(self) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except UnicodeDecodeError:
            line = self._reader.line_num + 1
            raise InvalidInput(
                f"The file is not UTF-8 text (near line {line}); save it as UTF-8 CSV.", code="invalid_csv_encoding"
            ) from None
        except csv.Error as exc:
            raise InvalidInput(
                f"Line {self._reader.line_num} cannot be read as CSV: {exc}.", code="invalid_csv"
            ) from None


def export_row(r: catalog_pb2.Resource) -> list[str]:
    return [
        safe_cell(r.name),
        safe_cell(";".join(r.tags)),
        "true" if r.status == "available" else "false",
        safe_cell(r.description),
        safe_cell(r.location),
        str(r.capacity) if r.HasField("capacity") else "",
        str(r.group_id) if r.HasField("group_id") else "",
        r.timezone,
    ]


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()
