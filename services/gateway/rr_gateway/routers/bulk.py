"""Bulk reservations (booking): create many (or only validate), cancel many, export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from pydantic import AwareDatetime
from rr.booking.v1 import analytics_pb2, bulk_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.routers.analytics import CSV_RESPONSE, csv
from rr_gateway.routers.reservations import reservation_filter
from rr_gateway.schemas.booking_bulk import (
    BulkCancelIn,
    BulkCancelItemOut,
    BulkCancelOut,
    BulkCreateIn,
    BulkCreateOut,
    BulkItemOut,
)
from rr_gateway.schemas.common import ERROR_RESPONSES, to_pb_time
from rr_gateway.schemas.reservations import ReservationOut, Status
from rr_gateway.security import CurrentCaller
from rr_gateway.upstreams import Upstreams

router = APIRouter(prefix="/bulk/reservations", tags=["bulk"], responses=ERROR_RESPONSES)
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", max_length=150, description="A retried batch creates nothing twice")
]


async def run_create(
    body: BulkCreateIn, validate_only: bool, caller: CurrentCaller, up: Upstreams, key: str
) -> BulkCreateOut:
    request = bulk_pb2.BulkCreateRequest(
        items=[
            bulk_pb2.BulkItem(
                resource_id=r.resource_id,
                start_time=to_pb_time(r.start_time),
                end_time=to_pb_time(r.end_time),
                notes=r.notes,
            )
            for r in body.reservations
        ],
        validate_only=validate_only,
        idempotency_key=key,
    )
    answer = await up.bulk.BulkCreate(request, metadata=caller.metadata)
    return BulkCreateOut(
        results=[
            BulkItemOut(
                index=r.index,
                outcome=r.outcome,
                code=r.code or None,
                reason=r.reason or None,
                reservation=ReservationOut.of(r.reservation) if r.HasField("reservation") else None,
            )
            for r in answer.results
        ],
        created=answer.created,
        failed=answer.failed,
    )


@router.post(
    "", response_model=BulkCreateOut, summary="Create many reservations; each item succeeds or fails on its own"
)
async def create_many(
    body: BulkCreateIn, caller: CurrentCaller, up: UpstreamsDep, idempotency_key: IdempotencyKey = None
) -> BulkCreateOut:
    return await run_create(body, body.validate_only, caller, up, idempotency_key or "")


@router.post("/validate", response_model=BulkCreateOut, summary="Check many reservations without writing anything")
async def validate_many(body: BulkCreateIn, caller: CurrentCaller, up: UpstreamsDep) -> BulkCreateOut:
    return await run_create(body, True, caller, up, "")


@router.post("/cancel", response_model=BulkCancelOut, summary="Cancel many reservations")
async def cancel_many(body: BulkCancelIn, caller: CurrentCaller, up: UpstreamsDep) -> BulkCancelOut:
    answer = await up.bulk.BulkCancel(
        bulk_pb2.BulkCancelRequest(ids=body.ids, reason=body.reason), metadata=caller.metadata
    )
    return BulkCancelOut(
        results=[BulkCancelItemOut(id=r.id, outcome=r.outcome, reason=r.reason or None) for r in answer.results],
        cancelled=answer.cancelled,
    )


@router.get(
    "/export",
    response_class=Response,
    responses=CSV_RESPONSE,
    summary="My reservations as CSV (everyone's for admins/managers)",
)
async def export(
    caller: CurrentCaller,
    up: UpstreamsDep,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
    resource_id: Annotated[int, Query(ge=0, le=2**62)] = 0,
    start_from: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    start_to: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> Response:
    wanted = reservation_filter(status_filter or "", resource_id, 0, start_from, start_to)
    return csv(
        await up.bulk.ExportReservations(
            analytics_pb2.ExportReservationsCsvRequest(filter=wanted), metadata=caller.metadata
        )
    )
