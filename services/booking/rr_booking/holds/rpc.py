"""gRPC handlers of the hold calls (the waitlist's saga steps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import booking_pb2

from rr_booking.holds.service import NewHold
from rr_booking.mapping import reservation_pb
from rr_booking.reservations.rpc import required_range
from rr_common.authz import require_principal
from rr_common.timeconv import from_timestamp

if TYPE_CHECKING:
    from rr_booking.wiring import Services


class HoldHandlers:
    app: Services

    async def PlaceHold(
        self, request: booking_pb2.PlaceHoldRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.PlaceHoldResponse:
        who = require_principal()
        start, end = required_range(
            request.range.start, request.range.end, request.range.HasField("start"), request.range.HasField("end")
        )
        new = NewHold(
            user_id=request.user_id,
            resource_id=request.resource_id,
            start=start,
            end=end,
            expires_at=from_timestamp(request.expires_at) if request.HasField("expires_at") else None,
            idempotency_key=request.idempotency_key[:200],
            notes=request.notes[:2000],
        )
        async with self.app.db.session() as session:
            hold = await self.app.holds.place(session, who, new)
        return booking_pb2.PlaceHoldResponse(reservation=reservation_pb(hold))

    async def ConfirmHold(
        self, request: booking_pb2.ConfirmHoldRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.ConfirmHoldResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            reservation = await self.app.holds.confirm(session, who, request.id)
        return booking_pb2.ConfirmHoldResponse(reservation=reservation_pb(reservation))

    async def ReleaseHold(
        self, request: booking_pb2.ReleaseHoldRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.ReleaseHoldResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            reservation = await self.app.holds.release(session, who, request.id, request.reason[:500])
        return booking_pb2.ReleaseHoldResponse(reservation=reservation_pb(reservation))
