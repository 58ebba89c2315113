"""CSV import of a whole file in one client stream (`ImportResourcesCsv`): catalog reads the CSV
as it arrives; a good file is applied, a bad header or rows with errors (all-or-nothing) write
nothing, and a stream the client abandons midway leaves neither resources nor staged rows."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence

import asyncpg
import grpc
import pytest
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc

from rr_common.testing import TestTokens
from services.catalog.tests.support import list_request

Metadata = tuple[tuple[str, str], ...]


def tag() -> str:
    return f"stream-{uuid.uuid4().hex[:8]}"


def importer(tokens: TestTokens) -> tuple[int, Metadata]:
    """A manager of its own, so the test can tell its imports from any other."""
    user_id = uuid.uuid4().int % 1_000_000 + 10_000
    return user_id, (("authorization", f"Bearer {tokens.token(user_id, roles=('manager',), ttl=3600)}"),)


async def messages(
    content: bytes, chunk: int = 1000, *, mode: str = "create", dry_run: bool = False, partial: bool = False
) -> AsyncIterator[catalog_pb2.ImportResourcesCsvRequest]:
    options = catalog_pb2.CsvImportOptions(mode=mode, dry_run=dry_run, partial=partial)
    yield catalog_pb2.ImportResourcesCsvRequest(options=options)
    for start in range(0, len(content), chunk):
        yield catalog_pb2.ImportResourcesCsvRequest(chunk=content[start : start + chunk])


async def names_tagged(catalog: catalog_pb2_grpc.CatalogServiceStub, who: Metadata, label: str) -> list[str]:
    page = await catalog.ListResources(list_request(100, tags=[label], sort_by="name"), metadata=who)
    return [r.name for r in page.resources]


async def imports_left(db: asyncpg.Connection, user_id: int) -> tuple[int, int]:
    """(import sessions, staged rows) of one user."""
    sessions = await db.fetchval("SELECT count(*) FROM imports WHERE user_id = $1", user_id)
    rows = await db.fetchval(
        "SELECT count(*) FROM import_rows r JOIN imports i ON i.id = r.import_id WHERE i.user_id = $1", user_id
    )
    return sessions, rows


def csv_file(header: str, rows: Sequence[str]) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


class TestImportResourcesCsv:
    async def test_a_good_file_is_imported(self, catalog, tokens, db):
        user_id, who = importer(tokens)
        label = tag()
        content = (
            "\ufeffname,tags,available,description,capacity\r\n"
            f'A {label},{label};projector,true,"two\r\nlines",4\r\n'
            "\r\n"
            f'B {label},"{label},screen",false,,\r\n'
        ).encode()
        report = await catalog.ImportResourcesCsv(messages(content, chunk=7), metadata=who)
        assert (report.rows, report.created, report.error_count, report.applied) == (2, 2, 0, True)
        page = await catalog.ListResources(list_request(tags=[label], sort_by="name"), metadata=who)
        a, b = page.resources
        assert (a.name, list(a.tags), a.description, a.capacity, a.status) == (
            f"A {label}",
            [label, "projector"],
            "two\r\nlines",
            4,
            "available",
        )
        assert (b.name, list(b.tags), b.status) == (f"B {label}", [label, "screen"], "unavailable")
        assert await imports_left(db, user_id) == (0, 0)

    async def test_a_dry_run_counts_and_writes_nothing(self, catalog, tokens, db):
        user_id, who = importer(tokens)
        label = tag()
        content = csv_file("name,tags,available", [f"x {label},{label},true"])
        report = await catalog.ImportResourcesCsv(messages(content, dry_run=True), metadata=who)
        assert (report.created, report.applied, report.dry_run) == (1, False, True)
        assert await names_tagged(catalog, who, label) == []
        assert await imports_left(db, user_id) == (0, 0)

    @pytest.mark.parametrize(
        ("content", "code", "fragment"),
        [
            (b"name,available\r\nx,true\r\n", "invalid_csv_header", "missing column(s): tags"),
            (b"name,tags,available,colour\r\n", "invalid_csv_header", "unknown column(s): 'colour'"),
            (b"", "invalid_csv_header", "The file is empty"),
            (b"name,tags,available\r\ncaf\xe9,x,true\r\n", "invalid_csv_encoding", "near line 2"),
            (b"\x89PNG\r\n\x00\x00", "invalid_csv", "binary data"),
        ],
    )
    async def test_a_bad_file_is_refused_with_its_reason(self, catalog, tokens, db, refused, content, code, fragment):
        user_id, who = importer(tokens)
        code_seen, payload = await refused(catalog.ImportResourcesCsv(messages(content), metadata=who))
        assert code_seen == grpc.StatusCode.INVALID_ARGUMENT
        assert payload["code"] == code and fragment in payload["detail"], payload
        assert await imports_left(db, user_id) == (0, 0)

    async def test_a_file_unreadable_after_thousands_of_rows_writes_nothing(self, catalog, tokens, db, refused):
        user_id, who = importer(tokens)
        label = tag()
        rows = [f"r{i} {label},{label},true,1" for i in range(6000)] + [f'late {label},"{"x" * 200_000}",true,1']
        content = csv_file("name,tags,available,capacity", rows)
        code, payload = await refused(catalog.ImportResourcesCsv(messages(content, chunk=65536), metadata=who))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["code"] == "invalid_csv", payload
        assert payload["detail"].startswith("Line 6002 cannot be read as CSV: field larger than field limit")
        assert await names_tagged(catalog, who, label) == []
        assert await imports_left(db, user_id) == (0, 0)

    async def test_row_errors_with_all_or_nothing_write_nothing(self, catalog, tokens, db):
        user_id, who = importer(tokens)
        label = tag()
        rows = [f"ok{i} {label},{label},true,{i}" for i in range(5500)]
        rows[3] = f"neg {label},{label},true,-3"
        rows.append(f"tz {label},{label},maybe,")
        content = csv_file("name,tags,available,capacity", rows)
        report = await catalog.ImportResourcesCsv(messages(content, chunk=65536), metadata=who)
        assert (report.applied, report.created, report.rows, report.error_count) == (False, 0, 5501, 2)
        assert [(e.line, "zero or more" in e.message) for e in report.errors] == [(5, True), (5502, False)]
        assert "Available must be true or false" in report.errors[1].message
        assert await names_tagged(catalog, who, label) == []
        assert await imports_left(db, user_id) == (0, 0)
        partial = await catalog.ImportResourcesCsv(messages(content, chunk=65536, partial=True), metadata=who)
        assert (partial.applied, partial.created, partial.error_count) == (True, 5499, 2)

    async def test_an_abandoned_stream_writes_nothing_and_leaves_nothing_staged(self, catalog, tokens, db):
        user_id, who = importer(tokens)
        label = tag()
        content = csv_file("name,tags,available", [f"gone{i} {label},{label},true" for i in range(12_000)])
        sent = asyncio.Event()

        async def then_stop() -> AsyncIterator[catalog_pb2.ImportResourcesCsvRequest]:
            async for message in messages(content, chunk=65536):
                yield message
            sent.set()
            await asyncio.Event().wait()  # never finishes the file

        call = catalog.ImportResourcesCsv(then_stop(), metadata=who)
        await asyncio.wait_for(sent.wait(), 10)
        # The client leaves once catalog's transaction has staged rows (COPY holds a lock on the table).
        for _ in range(100):
            if await open_imports(db):
                break
            await asyncio.sleep(0.05)
        assert await open_imports(db), "nothing was staged before the client left"
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        for _ in range(50):
            if await imports_left(db, user_id) == (0, 0) and not await open_imports(db):
                break
            await asyncio.sleep(0.1)
        assert await imports_left(db, user_id) == (0, 0)
        assert await names_tagged(catalog, who, label) == []
        again = await catalog.ImportResourcesCsv(
            messages(csv_file("name,tags,available", [f"after {label},{label},"])), metadata=who
        )
        assert again.created == 1

    async def test_the_options_must_come_first(self, catalog, tokens, refused):
        _, who = importer(tokens)

        async def chunk_only() -> AsyncIterator[catalog_pb2.ImportResourcesCsvRequest]:
            yield catalog_pb2.ImportResourcesCsvRequest(chunk=b"name,tags,available\r\n")

        code, payload = await refused(catalog.ImportResourcesCsv(chunk_only(), metadata=who))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["code"] == "validation_failed"

    async def test_a_plain_user_cannot_import(self, catalog, user, refused):
        code, _ = await refused(catalog.ImportResourcesCsv(messages(b"name,tags,available\r\n"), metadata=user))
        assert code == grpc.StatusCode.PERMISSION_DENIED


async def open_imports(db: asyncpg.Connection) -> int:
    """Transactions of the service still staging into import_rows (none once a stream is gone)."""
    return int(
        await db.fetchval(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE c.relname = 'import_rows' AND l.pid <> pg_backend_pid()"
        )
    )


class TestExportResourcesCsv:
    async def test_the_export_is_importable_and_formula_safe(self, catalog, admin, create_resource):
        label = tag()
        risky = await create_resource(name=f"=HYPERLINK(1) {label}", tags=[label, "@sum"], description="+1", capacity=3)
        chunks = [
            m.chunk async for m in catalog.ExportResourcesCsv(catalog_pb2.ExportResourcesCsvRequest(), metadata=admin)
        ]
        text = b"".join(chunks).decode()
        assert text.startswith("name,tags,available,description,location,capacity,group,timezone\r\n")
        [row] = [line for line in text.split("\r\n") if label in line]
        assert row == f"'{risky.name},{label};@sum,true,'+1,,3,,UTC"
        again = await catalog.ImportResourcesCsv(messages(text.encode(), chunk=65536, mode="upsert"), metadata=admin)
        # Every row comes back unchanged but the guarded name, which keeps its apostrophe.
        assert (again.error_count, again.updated, again.created, again.skipped) == (0, 0, 1, again.rows - 1)

    async def test_a_plain_user_cannot_export(self, catalog, user, refused):
        async def first_chunk() -> bytes:
            async for message in catalog.ExportResourcesCsv(catalog_pb2.ExportResourcesCsvRequest(), metadata=user):
                return message.chunk
            return b""

        code, _ = await refused(first_chunk())
        assert code == grpc.StatusCode.PERMISSION_DENIED
