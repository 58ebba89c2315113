"""CSV import and export of resources (mounted under /resources)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

import grpc
from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import StreamingResponse
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.errors import InvalidInput
from rr_gateway.deps import UpstreamsDep
from rr_gateway.routers.resource_csv import EXPORT_COLUMNS, CsvRows, csv_text, export_row
from rr_gateway.schemas.catalog_imports import ImportReportOut
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import Caller, ManagerCaller
from rr_gateway.upstreams import Upstreams

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
ROWS_PER_CALL = 5000
EXPORT_PAGE = 1000
# Staging a batch and applying 100,000 rows take longer than an ordinary call's deadline.
BATCH_TIMEOUT_SECONDS = 60.0
FINISH_TIMEOUT_SECONDS = 300.0


@router.post(
    "/upload",
    response_model=ImportReportOut,
    summary="Import resources from CSV (admin/manager)",
    responses={
        413: {"description": "The file is over the upload limit"},
        422: {"description": "Bad file, or row errors with all-or-nothing (the report is in the body)"},
    },
)
async def upload_resources(
    caller: ManagerCaller,
    up: UpstreamsDep,
    file: Annotated[
        UploadFile, File(description="CSV, UTF-8: name,tags,available[,description,location,capacity,group,timezone]")
    ],
    mode: Annotated[
        str, Query(pattern="^(create|upsert)$", description="create: a known name is an error; upsert: it is updated")
    ] = "create",
    dry_run: Annotated[bool, Query(description="Validate and report; write nothing")] = False,
    partial: Annotated[bool, Query(description="Import the valid rows even if others have errors")] = False,
) -> ImportReportOut:
    rows = CsvRows(file.file)
    try:
        header = await asyncio.to_thread(rows.header)
        begin = catalog_pb2.BeginImportRequest(mode=mode, dry_run=dry_run, partial=partial, columns=header)
        import_id = (await up.catalog.BeginImport(begin, metadata=caller.metadata)).import_id
        report = await send_rows(up, caller, import_id, rows)
    finally:
        rows.release()
    if report.error_count and not report.applied and not report.dry_run:
        raise InvalidInput(
            f"Nothing was imported: {report.error_count} row(s) have errors (first on line {report.errors[0].line}); fix them, or import with partial=true.",
            code="import_rejected",
            **report.model_dump(),
        )
    return report


async def send_rows(up: Upstreams, caller: Caller, import_id: str, rows: CsvRows) -> ImportReportOut:
    """Batches of rows into the import session, then finish it; abort it on any failure."""
    try:
        while batch := await asyncio.to_thread(rows.batch, ROWS_PER_CALL):
            request = catalog_pb2.AddImportRowsRequest(
                import_id=import_id, rows=[catalog_pb2.ImportRow(line=line, cells=cells) for line, cells in batch]
            )
            await up.catalog.AddImportRows(request, metadata=caller.metadata, timeout=BATCH_TIMEOUT_SECONDS)
        finish = catalog_pb2.FinishImportRequest(import_id=import_id)
        finished = await up.catalog.FinishImport(finish, metadata=caller.metadata, timeout=FINISH_TIMEOUT_SECONDS)
    except BaseException:
        with contextlib.suppress(grpc.aio.AioRpcError):
            await up.catalog.AbortImport(catalog_pb2.AbortImportRequest(import_id=import_id), metadata=caller.metadata)
        raise
    return ImportReportOut.of(finished)


@router.get(
    "/export.csv", response_class=StreamingResponse, summary="Every resource as CSV, importable again (admin/manager)"
)
async def export_resources(caller: ManagerCaller, up: UpstreamsDep) -> StreamingResponse:
    first = await export_page(up, caller, "")  # fail before streaming starts, with a proper status
    return StreamingResponse(
        export_chunks(up, caller, first),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="resources.csv"'},
    )


async def export_page(up: Upstreams, caller: Caller, cursor: str) -> catalog_pb2.ExportResourcesResponse:
    request = catalog_pb2.ExportResourcesRequest(page=common_pb2.PageRequest(limit=EXPORT_PAGE, cursor=cursor))
    answer: catalog_pb2.ExportResourcesResponse = await up.catalog.ExportResources(request, metadata=caller.metadata)
    return answer


async def export_chunks(up: Upstreams, caller: Caller, page: catalog_pb2.ExportResourcesResponse) -> AsyncIterator[str]:
    yield csv_text([EXPORT_COLUMNS])
    while True:
        yield csv_text(export_row(r) for r in page.resources)
        if not page.page.has_more:
            return
        page = await export_page(up, caller, page.page.next_cursor)
