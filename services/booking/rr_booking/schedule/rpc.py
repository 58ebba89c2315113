"""gRPC handler of GetResourceSchedule: who booked what is shown only to its owner and managers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import booking_pb2
from rr.common.v1 import common_pb2

from rr_booking.reservations.rpc import required_range
from rr_common.authz import require_principal
from rr_common.timeconv import to_timestamp

if TYPE_CHECKING:
    from rr_booking.wiring import Services


class ScheduleHandlers:
    app: Services

    async def GetResourceSchedule(
        self, request: booking_pb2.GetResourceScheduleRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.GetResourceScheduleResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            if request.date:
                found = await self.app.schedule.local_days(
                    session, request.resource_id, request.date, request.days or 1
                )
            else:
                start, end = required_range(
                    request.range.start,
                    request.range.end,
                    request.range.HasField("start"),
                    request.range.HasField("end"),
                )
                found = await self.app.schedule.schedule(session, request.resource_id, start, end)
        booked = []
        for r in found.booked:
            mine = r.user_id == who.user_id
            visible = mine or who.is_manager
            booked.append(
                booking_pb2.BookedRange(
                    range=common_pb2.TimeRange(start=to_timestamp(r.start_time), end=to_timestamp(r.end_time)),
                    status=r.status,
                    reservation_id=r.id if visible else 0,
                    user_id=r.user_id if visible else 0,
                    username=r.username if visible else "",
                    mine=mine,
                )
            )
        hours = found.hours
        return booking_pb2.GetResourceScheduleResponse(
            resource_id=hours.resource.id or request.resource_id,
            resource_name=hours.resource.name,
            timezone=hours.resource.timezone or "UTC",
            booked=booked,
            open=[common_pb2.TimeRange(start=to_timestamp(s), end=to_timestamp(e)) for s, e in hours.open],
            free=[common_pb2.TimeRange(start=to_timestamp(s), end=to_timestamp(e)) for s, e in found.free],
            buffer_before_minutes=hours.buffer_before_minutes,
            buffer_after_minutes=hours.buffer_after_minutes,
            hours_known=hours.known,
            range=common_pb2.TimeRange(start=to_timestamp(found.start), end=to_timestamp(found.end)),
        )
