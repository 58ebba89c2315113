"""CSV export of the catalog: rows in the import's columns (so an export can be imported again),
every text cell through the one formula guard (rr_common.spreadsheets) so the file is safe to
open in a spreadsheet. Reading an uploaded CSV is catalog's (rr_catalog/imports/csv_format.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from rr.catalog.v1 import catalog_pb2

from rr_common.spreadsheets import safe_cell

EXPORT_COLUMNS = ("name", "tags", "available", "description", "location", "capacity", "group", "timezone")


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
