"""CSV import and export of resources (mounted under /resources). Catalog owns the file format
both ways: an upload is streamed to it as it is (ImportResourcesCsv) and its report comes back;
an export is catalog's CSV streamed through (ExportResourcesCsv)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import StreamingResponse
from rr.catalog.v1 import catalog_pb2

from rr_common.grpc_client import forwarded_metadata
from rr_gateway.deps import UpstreamsDep
from rr_gateway.error_codes import ImportRejected
from rr_gateway.schemas.catalog_imports import ImportReportOut
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import ManagerCaller

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
CHUNK_BYTES = 64 * 1024
# Reading and staging the file and applying 100,000 rows take longer than an ordinary call's
# deadline: the time the step-by-step calls had (60 s a batch, 300 s to finish), for the stream.
IMPORT_TIMEOUT_SECONDS = 360.0
# The whole export, however slowly the client reads it.
EXPORT_TIMEOUT_SECONDS = 600.0


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
    options = catalog_pb2.CsvImportOptions(mode=mode, dry_run=dry_run, partial=partial)
    finished = await up.catalog.ImportResourcesCsv(
        upload_messages(options, file), metadata=forwarded_metadata(caller.metadata), timeout=IMPORT_TIMEOUT_SECONDS
    )
    report = ImportReportOut.of(finished)
    if report.error_count and not report.applied and not report.dry_run:
        raise ImportRejected(
            f"Nothing was imported: {report.error_count} row(s) have errors (first on line {report.errors[0].line}); fix them, or import with partial=true.",
            **report.model_dump(),
        )
    return report


async def upload_messages(
    options: catalog_pb2.CsvImportOptions, file: UploadFile
) -> AsyncIterator[catalog_pb2.ImportResourcesCsvRequest]:
    """The options, then the upload (spooled to disk by the multipart parser) as it is read."""
    yield catalog_pb2.ImportResourcesCsvRequest(options=options)
    while chunk := await file.read(CHUNK_BYTES):
        yield catalog_pb2.ImportResourcesCsvRequest(chunk=chunk)


@router.get(
    "/export.csv", response_class=StreamingResponse, summary="Every resource as CSV, importable again (admin/manager)"
)
async def export_resources(caller: ManagerCaller, up: UpstreamsDep) -> StreamingResponse:
    call = up.catalog.ExportResourcesCsv(
        catalog_pb2.ExportResourcesCsvRequest(),
        metadata=forwarded_metadata(caller.metadata),
        timeout=EXPORT_TIMEOUT_SECONDS,
    )
    first = await call.read()  # fail before streaming starts, with a proper status
    return StreamingResponse(
        export_chunks(call, first),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="resources.csv"'},
    )


async def export_chunks(call: Any, first: Any) -> AsyncIterator[bytes]:
    """Catalog's CSV as it comes (catalog writes the rows, formula-safe); the call ends with the response."""
    try:
        message = first
        while message is not grpc.aio.EOF:
            yield message.chunk
            message = await call.read()
    finally:
        call.cancel()
