"""gRPC handler of CleanupExpired: the lifecycle sweep on demand (admins)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import booking_pb2

from rr_common.authz import require_role

if TYPE_CHECKING:
    from rr_booking.wiring import Services


class LifecycleHandlers:
    app: Services

    async def CleanupExpired(
        self, request: booking_pb2.CleanupExpiredRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.CleanupExpiredResponse:
        require_role("admin")
        report = await self.app.lifecycle.sweep()
        return booking_pb2.CleanupExpiredResponse(
            completed=report.completed,
            no_shows=report.no_shows,
            expired_approvals=report.expired_approvals,
            expired_holds=report.expired_holds,
        )
