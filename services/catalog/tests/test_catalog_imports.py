"""CSV import sessions: header checks, row reports with line numbers, all-or-nothing, partial,
upsert, dry runs, and who may continue an import."""

from __future__ import annotations

import uuid

import grpc
import pytest
from rr.catalog.v1 import catalog_pb2

from rr_common.testing import TestTokens
from services.catalog.tests.support import list_request

HEADER = ["name", "tags", "available", "capacity", "group", "timezone"]


def tag() -> str:
    return f"imp-{uuid.uuid4().hex[:8]}"


async def run_import(
    catalog, who, rows, *, mode="create", dry_run=False, partial=False, header=HEADER
) -> catalog_pb2.ImportReport:
    begin = await catalog.BeginImport(
        catalog_pb2.BeginImportRequest(mode=mode, dry_run=dry_run, partial=partial, columns=header), metadata=who
    )
    batch = [catalog_pb2.ImportRow(line=i + 2, cells=cells) for i, cells in enumerate(rows)]
    await catalog.AddImportRows(catalog_pb2.AddImportRowsRequest(import_id=begin.import_id, rows=batch), metadata=who)
    return await catalog.FinishImport(catalog_pb2.FinishImportRequest(import_id=begin.import_id), metadata=who)


async def names_tagged(catalog, who, label: str) -> list[str]:
    page = await catalog.ListResources(list_request(100, tags=[label], sort_by="name"), metadata=who)
    return [r.name for r in page.resources]


class TestImport:
    async def test_create_mode_imports_every_field(self, catalog, admin, db):
        label = tag()
        group = (await catalog.CreateGroup(catalog_pb2.CreateGroupRequest(name=f"Site {label}"), metadata=admin)).group
        report = await run_import(
            catalog,
            admin,
            [
                [f"a {label}", f"{label};projector", "true", "12", f"Site {label}", "Europe/Rome"],
                [f"b {label}", f"{label}, screen", "FALSE", "", str(group.id), ""],
            ],
        )
        assert (report.created, report.updated, report.skipped, report.error_count, report.applied) == (
            2,
            0,
            0,
            0,
            True,
        )
        page = await catalog.ListResources(list_request(tags=[label], sort_by="name"), metadata=admin)
        a, b = page.resources
        assert (list(a.tags), a.capacity, a.group_id, a.timezone, a.status) == (
            [label, "projector"],
            12,
            group.id,
            "Europe/Rome",
            "available",
        )
        assert (list(b.tags), b.HasField("capacity"), b.status, b.timezone) == (
            [label, "screen"],
            False,
            "unavailable",
            "UTC",
        )
        assert await db.fetchval("SELECT count(*) FROM import_rows") == 0

    async def test_row_errors_are_reported_by_line_and_nothing_is_written(self, catalog, admin, create_resource):
        label = tag()
        existing = await create_resource(name=f"taken {label}")
        report = await run_import(
            catalog,
            admin,
            [
                [f"ok {label}", label, "true", "1", "", ""],
                [f"neg {label}", label, "true", "-3", "", ""],
                [f"tz {label}", label, "maybe", "", "", "Mars/Base"],
                [f"ok {label}".upper(), label, "true", "", "", ""],
                [existing.name, label, "true", "", "", ""],
                [f"grp {label}", label, "true", "", "Nowhere/Else", ""],
                ["short row"],
            ],
        )
        assert (report.applied, report.created, report.error_count) == (False, 0, 6)
        lines = {e.line: e.message for e in report.errors}
        assert sorted(lines) == [3, 4, 5, 6, 7, 8]
        assert "zero or more" in lines[3]
        assert "Available must be true or false" in lines[4] and "Mars/Base" in lines[4]
        assert "line 2" in lines[5]
        assert "already exists" in lines[6]
        assert "does not exist" in lines[7]
        assert "cells" in lines[8]
        assert await names_tagged(catalog, admin, label) == []

    async def test_partial_imports_the_valid_rows(self, catalog, admin):
        label = tag()
        report = await run_import(
            catalog,
            admin,
            [[f"good {label}", label, "true", "", "", ""], [f"bad {label}", label, "nope", "", "", ""]],
            partial=True,
        )
        assert (report.applied, report.created, report.error_count) == (True, 1, 1)
        assert await names_tagged(catalog, admin, label) == [f"good {label}"]

    async def test_upsert_updates_changed_rows_and_skips_unchanged_ones(self, catalog, admin, create_resource):
        label = tag()
        await create_resource(name=f"same {label}", tags=[label], capacity=3, description="kept")
        changed = await create_resource(name=f"changed {label}", tags=[label], capacity=3)
        header = ["name", "tags", "available", "capacity"]
        report = await run_import(
            catalog,
            admin,
            [
                [f"same {label}", label, "true", "3"],
                [f"CHANGED {label}", label, "true", "8"],
                [f"new {label}", label, "false", ""],
            ],
            mode="upsert",
            header=header,
        )
        assert (report.created, report.updated, report.skipped, report.applied) == (1, 1, 1, True)
        now = (await catalog.GetResource(catalog_pb2.GetResourceRequest(id=changed.id), metadata=admin)).resource
        assert (now.capacity, now.name) == (8, f"CHANGED {label}")
        page = await catalog.ListResources(list_request(tags=[label], query="same"), metadata=admin)
        assert page.resources[0].description == "kept"  # not a column of the file

    async def test_dry_run_counts_but_writes_nothing(self, catalog, admin):
        label = tag()
        report = await run_import(catalog, admin, [[f"x {label}", label, "true", "", "", ""]], dry_run=True)
        assert (report.created, report.applied, report.dry_run) == (1, False, True)
        assert await names_tagged(catalog, admin, label) == []

    @pytest.mark.parametrize(
        ("header", "fragment"),
        [
            (["name", "available"], "missing column(s): tags"),
            (["name", "tags", "available", "colour"], "unknown column(s): 'colour'"),
            (["name", "tags", "available", "tags"], "repeated"),
        ],
    )
    async def test_a_bad_header_is_refused(self, catalog, admin, refused, header, fragment):
        code, payload = await refused(
            catalog.BeginImport(catalog_pb2.BeginImportRequest(mode="create", columns=header), metadata=admin)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and fragment in payload["detail"]

    async def test_another_manager_cannot_touch_my_import(self, catalog, admin, tokens: TestTokens, refused):
        begin = await catalog.BeginImport(catalog_pb2.BeginImportRequest(mode="create", columns=HEADER), metadata=admin)
        other = (("authorization", f"Bearer {tokens.token(77, roles=('manager',))}"),)
        code, _ = await refused(
            catalog.FinishImport(catalog_pb2.FinishImportRequest(import_id=begin.import_id), metadata=other)
        )
        assert code == grpc.StatusCode.NOT_FOUND
        await catalog.AbortImport(catalog_pb2.AbortImportRequest(import_id=begin.import_id), metadata=admin)

    async def test_plain_user_cannot_import(self, catalog, user, refused):
        code, _ = await refused(
            catalog.BeginImport(catalog_pb2.BeginImportRequest(mode="create", columns=HEADER), metadata=user)
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED

    async def test_a_line_sent_twice_is_refused(self, catalog, admin, refused):
        begin = await catalog.BeginImport(catalog_pb2.BeginImportRequest(mode="create", columns=HEADER), metadata=admin)
        rows = catalog_pb2.AddImportRowsRequest(
            import_id=begin.import_id, rows=[catalog_pb2.ImportRow(line=2, cells=["x", "", "true", "", "", ""])]
        )
        await catalog.AddImportRows(rows, metadata=admin)
        code, payload = await refused(catalog.AddImportRows(rows, metadata=admin))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["code"] == "duplicate_lines"
        await catalog.AbortImport(catalog_pb2.AbortImportRequest(import_id=begin.import_id), metadata=admin)

    async def test_a_big_import_is_searchable_at_once(self, catalog, admin):
        label = tag()
        rows = [[f"bulk {label} {i:04d}", label, "true", str(i % 50), "", ""] for i in range(1200)]
        report = await run_import(catalog, admin, rows)
        assert (report.created, report.applied) == (1200, True)
        found = await catalog.ListResources(list_request(5, query=f"{label} 0042", include_total=True), metadata=admin)
        assert [r.name for r in found.resources] == [f"bulk {label} 0042"] and found.page.total_count == 1
