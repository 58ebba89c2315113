"""Booking administration: run the lifecycle sweep on demand."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from rr.booking.v1 import booking_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/admin", tags=["admin"], responses=ERROR_RESPONSES)


class CleanupOut(BaseModel):
    completed: int
    no_shows: int
    expired_approvals: int
    expired_holds: int


@router.post(
    "/cleanup-expired",
    response_model=CleanupOut,
    summary="Complete past reservations, release no-shows and lapsed approvals/holds (admin)",
)
async def cleanup_expired(caller: CurrentCaller, up: UpstreamsDep) -> CleanupOut:
    answer = await up.booking.CleanupExpired(booking_pb2.CleanupExpiredRequest(), metadata=caller.metadata)
    return CleanupOut(
        completed=answer.completed,
        no_shows=answer.no_shows,
        expired_approvals=answer.expired_approvals,
        expired_holds=answer.expired_holds,
    )
