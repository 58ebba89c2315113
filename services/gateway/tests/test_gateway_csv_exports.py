"""The gateway's CSV exports (audit log, resources) use the one formula guard."""

from __future__ import annotations

import csv
import io

import pytest
from rr.catalog.v1 import catalog_pb2

from rr_gateway.routers.audit import _csv_line
from rr_gateway.routers.resource_csv import export_row

DANGEROUS = ["=1+1", "+1", "-1", "@A1", "\t=cmd", "\r=cmd"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_audit_csv_cells_are_plain_text(value: str) -> None:
    [row] = list(csv.reader(io.StringIO(_csv_line(["login", value]))))
    assert row == ["login", "'" + value]


@pytest.mark.parametrize("value", DANGEROUS)
def test_resource_csv_cells_are_plain_text(value: str) -> None:
    row = export_row(catalog_pb2.Resource(id=1, name=value, description=value, location=value))
    assert row.count("'" + value) == 3
