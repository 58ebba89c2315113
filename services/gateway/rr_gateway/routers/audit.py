"""The audit log (admins; everyone sees their own activity). Exports stream page by page, so
their size never sits in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime
from rr.common.v1 import common_pb2
from rr.notify.v1 import audit_pb2

from rr_common.spreadsheets import safe_cell
from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of, to_pb_time
from rr_gateway.schemas.notify_audit import CSV_COLUMNS, AuditEntryOut
from rr_gateway.security import Caller, CurrentCaller
from rr_gateway.upstreams import Upstreams

router = APIRouter(prefix="/audit", tags=["audit"], responses=ERROR_RESPONSES)
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str, Query(max_length=500)]
EXPORT_PAGE = 100


async def audit_filter(
    user_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    action: Annotated[str, Query(max_length=150, description="e.g. reservation.cancelled")] = "",
    entity_type: Annotated[str, Query(max_length=50)] = "",
    entity_id: Annotated[str, Query(max_length=64)] = "",
    source_service: Annotated[str, Query(max_length=50)] = "",
    start_date: Annotated[AwareDatetime | None, Query(description="From (inclusive), RFC 3339 with offset")] = None,
    end_date: Annotated[AwareDatetime | None, Query(description="To (exclusive), RFC 3339 with offset")] = None,
) -> audit_pb2.AuditFilter:
    f = audit_pb2.AuditFilter(
        user_id=user_id or 0, action=action, entity_type=entity_type, entity_id=entity_id, source_service=source_service
    )
    if start_date is not None:
        f.occurred_from.CopyFrom(to_pb_time(start_date))
    if end_date is not None:
        f.occurred_to.CopyFrom(to_pb_time(end_date))
    return f


Filter = Annotated[audit_pb2.AuditFilter, Depends(audit_filter)]


async def _page(
    up: Upstreams, caller: Caller, f: audit_pb2.AuditFilter, limit: int, cursor: str, mine: bool = False
) -> Page[AuditEntryOut]:
    request = audit_pb2.ListAuditLogsRequest(
        filter=f, page=common_pb2.PageRequest(limit=limit, cursor=cursor), mine=mine
    )
    answer = await up.audit.ListAuditLogs(request, metadata=caller.metadata)
    return page_of([AuditEntryOut.of(e) for e in answer.entries], answer.page)


@router.get("/logs", response_model=Page[AuditEntryOut], summary="Audit entries, newest first, filtered (admins)")
async def logs(
    caller: CurrentCaller, up: UpstreamsDep, f: Filter, limit: Limit = 20, cursor: Cursor = ""
) -> Page[AuditEntryOut]:
    return await _page(up, caller, f, limit, cursor)


@router.get("/logs/{entry_id}", response_model=AuditEntryOut, summary="One audit entry")
async def entry(
    entry_id: Annotated[int, Path(ge=1, le=2**62)], caller: CurrentCaller, up: UpstreamsDep
) -> AuditEntryOut:
    answer = await up.audit.GetAuditLog(audit_pb2.GetAuditLogRequest(id=entry_id), metadata=caller.metadata)
    return AuditEntryOut.of(answer.entry)


@router.get(
    "/entity/{entity_type}/{entity_id}", response_model=Page[AuditEntryOut], summary="History of one entity (admins)"
)
async def entity(
    entity_type: Annotated[str, Path(max_length=50)],
    entity_id: Annotated[str, Path(max_length=64)],
    caller: CurrentCaller,
    up: UpstreamsDep,
    limit: Limit = 20,
    cursor: Cursor = "",
) -> Page[AuditEntryOut]:
    return await _page(up, caller, audit_pb2.AuditFilter(entity_type=entity_type, entity_id=entity_id), limit, cursor)


@router.get("/my-activity", response_model=Page[AuditEntryOut], summary="What I did")
async def my_activity(
    caller: CurrentCaller, up: UpstreamsDep, f: Filter, limit: Limit = 20, cursor: Cursor = ""
) -> Page[AuditEntryOut]:
    return await _page(up, caller, f, limit, cursor, mine=True)


async def _entries(up: Upstreams, caller: Caller, f: audit_pb2.AuditFilter) -> AsyncIterator[AuditEntryOut]:
    cursor = ""
    while True:
        page = await _page(up, caller, f, EXPORT_PAGE, cursor)
        for item in page.data:
            yield item
        if not page.has_more or not page.next_cursor:
            return
        cursor = page.next_cursor


async def _first_then_rest(
    up: Upstreams, caller: Caller, f: audit_pb2.AuditFilter
) -> tuple[list[AuditEntryOut], AsyncIterator[AuditEntryOut]]:
    """The first page is fetched before answering, so a refusal (403, 422) is a proper error
    answer, not a broken stream."""
    entries = _entries(up, caller, f)
    first: list[AuditEntryOut] = []
    async for item in entries:
        first.append(item)
        break
    return first, entries


@router.get(
    "/export/csv", summary="Export matching entries as CSV (streamed; admins)", response_class=StreamingResponse
)
async def export_csv(caller: CurrentCaller, up: UpstreamsDep, f: Filter) -> StreamingResponse:
    first, rest = await _first_then_rest(up, caller, f)

    async def rows() -> AsyncIterator[str]:
        yield _csv_line(list(CSV_COLUMNS))
        for item in first:
            yield _csv_line(item.csv_row())
        async for item in rest:
            yield _csv_line(item.csv_row())

    return StreamingResponse(
        rows(), media_type="text/csv", headers={"Content-Disposition": "attachment; filename=audit_logs.csv"}
    )


@router.get(
    "/export/json",
    summary="Export matching entries as a JSON array (streamed; admins)",
    response_class=StreamingResponse,
)
async def export_json(caller: CurrentCaller, up: UpstreamsDep, f: Filter) -> StreamingResponse:
    first, rest = await _first_then_rest(up, caller, f)

    async def chunks() -> AsyncIterator[str]:
        yield "["
        separator = ""
        for item in first:
            yield separator + item.model_dump_json()
            separator = ","
        async for item in rest:
            yield separator + item.model_dump_json()
            separator = ","
        yield "]"

    return StreamingResponse(
        chunks(), media_type="application/json", headers={"Content-Disposition": "attachment; filename=audit_logs.json"}
    )


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([safe_cell(v) for v in values])
    return out.getvalue()
