"""gRPC handlers for CSV import sessions and export pages."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.imports import service
from rr_catalog.imports.domain import import_plan
from rr_common.authz import require_manager
from rr_common.db import Database


class ImportRpc:
    db: Database

    async def BeginImport(
        self, request: catalog_pb2.BeginImportRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BeginImportResponse:
        who = require_manager()
        plan = import_plan(request.mode, request.dry_run, request.partial, request.columns)
        async with self.db.session() as session:
            import_id = await service.begin_import(session, who.user_id, plan)
        return catalog_pb2.BeginImportResponse(import_id=import_id)

    async def AddImportRows(
        self, request: catalog_pb2.AddImportRowsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AddImportRowsResponse:
        who = require_manager()
        rows = [(row.line, list(row.cells)) for row in request.rows]
        async with self.db.session() as session:
            accepted, rejected = await service.add_rows(session, request.import_id, who.user_id, rows)
        return catalog_pb2.AddImportRowsResponse(accepted=accepted, rejected=rejected)

    async def FinishImport(
        self, request: catalog_pb2.FinishImportRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ImportReport:
        who = require_manager()
        async with self.db.session() as session:
            report = await service.finish_import(session, request.import_id, who.user_id)
        async with self.db.session() as session:  # after the commit: only index upkeep
            await service.tidy_after_import(session, report)
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

    async def AbortImport(
        self, request: catalog_pb2.AbortImportRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AbortImportResponse:
        who = require_manager()
        async with self.db.session() as session:
            await service.abort_import(session, request.import_id, who.user_id)
        return catalog_pb2.AbortImportResponse()
