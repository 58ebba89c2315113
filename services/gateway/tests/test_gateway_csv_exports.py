"""The gateway's own CSV export (the audit log) uses the one formula guard; catalog writes the
resources' CSV (services/catalog/tests/test_catalog_csv_format.py)."""

from __future__ import annotations

import csv
import io

import pytest

from rr_gateway.routers.audit import _csv_line

DANGEROUS = ["=1+1", "+1", "-1", "@A1", "\t=cmd", "\r=cmd"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_audit_csv_cells_are_plain_text(value: str) -> None:
    [row] = list(csv.reader(io.StringIO(_csv_line(["login", value]))))
    assert row == ["login", "'" + value]
