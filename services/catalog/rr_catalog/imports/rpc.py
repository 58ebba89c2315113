"""gRPC handlers of CSV files: import of a whole file in one client stream
(`ImportResourcesCsv`), the deprecated step-by-step import calls of the previous release over the
same service, and export in one server stream (`ExportResourcesCsv`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.imports.csv_format import EXPORT_COLUMNS, csv_bytes, export_row
from rr_catalog.imports.domain import ImportOptions, import_plan
from rr_catalog.imports.service import ImportReport
from rr_catalog.wiring import Services
from rr_common.authz import require_manager
from rr_common.errors import ValidationFailed

# A bound on what one message may make catalog hold; the gateway sends 64 KiB.
MAX_CHUNK_BYTES = 1024 * 1024
EXPORT_PAGE = 1000


class ImportRpc:
    app: Services

    async def ImportResourcesCsv(
        self, request_iterator: AsyncIterator[catalog_pb2.ImportResourcesCsvRequest], context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ImportReport:
        who = require_manager()
        first = await anext(aiter(request_iterator), None)
        if first is None or first.WhichOneof("part") != "options":
            raise ValidationFailed("Send the import's options first, then the file in chunks.")
        options = ImportOptions(first.options.mode, first.options.dry_run, first.options.partial)
        async with self.app.db.session() as session:
            report = await self.app.imports.import_file(session, who.user_id, options, file_chunks(request_iterator))
        async with self.app.db.session() as session:  # after the commit: only index upkeep
            await self.app.imports.tidy(session, report)
        return report_pb(report)

    async def ExportResourcesCsv(
        self, request: catalog_pb2.ExportResourcesCsvRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[catalog_pb2.ExportResourcesCsvResponse]:
        require_manager()
        yield catalog_pb2.ExportResourcesCsvResponse(chunk=csv_bytes([EXPORT_COLUMNS]))
        after = 0
        while True:
            async with self.app.db.reader() as session:  # a page at a time, as the pages of ExportResources
                page = await self.app.exports.page(session, after, EXPORT_PAGE)
                chunk = csv_bytes(export_row(r) for r in page)
            if chunk:
                yield catalog_pb2.ExportResourcesCsvResponse(chunk=chunk)
            if len(page) < EXPORT_PAGE:
                return
            after = page[-1].id

    async def BeginImport(
        self, request: catalog_pb2.BeginImportRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BeginImportResponse:
        who = require_manager()
        plan = import_plan(request.mode, request.dry_run, request.partial, request.columns)
        async with self.app.db.session() as session:
            import_id = await self.app.imports.begin(session, who.user_id, plan)
        return catalog_pb2.BeginImportResponse(import_id=import_id)

    async def AddImportRows(
        self, request: catalog_pb2.AddImportRowsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AddImportRowsResponse:
        who = require_manager()
        rows = [(row.line, list(row.cells)) for row in request.rows]
        async with self.app.db.session() as session:
            accepted, rejected = await self.app.imports.add_rows(session, request.import_id, who.user_id, rows)
        return catalog_pb2.AddImportRowsResponse(accepted=accepted, rejected=rejected)

    async def FinishImport(
        self, request: catalog_pb2.FinishImportRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ImportReport:
        who = require_manager()
        async with self.app.db.session() as session:
            report = await self.app.imports.finish(session, request.import_id, who.user_id)
        async with self.app.db.session() as session:  # after the commit: only index upkeep
            await self.app.imports.tidy(session, report)
        return report_pb(report)

    async def AbortImport(
        self, request: catalog_pb2.AbortImportRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AbortImportResponse:
        who = require_manager()
        async with self.app.db.session() as session:
            await self.app.imports.abort(session, request.import_id, who.user_id)
        return catalog_pb2.AbortImportResponse()


async def file_chunks(messages: AsyncIterator[catalog_pb2.ImportResourcesCsvRequest]) -> AsyncIterator[bytes]:
    """The file's bytes from the messages after the options."""
    async for message in messages:
        if message.WhichOneof("part") != "chunk":
            raise ValidationFailed("Send the import's options once, in the first message.")
        if len(message.chunk) > MAX_CHUNK_BYTES:
            raise ValidationFailed(f"Send the file in chunks of at most {MAX_CHUNK_BYTES} bytes.")
        yield message.chunk


def report_pb(report: ImportReport) -> catalog_pb2.ImportReport:
    return catalog_pb2.ImportReport(
        created=report.created,
        updated=report.updated,
        skipped=report.skipped,
        error_count=report.error_count,
        errors=[catalog_pb2.ImportError(line=line, message=message) for line, message in report.errors],
        applied=report.applied,
        dry_run=report.dry_run,
        rows=report.rows,
    )
