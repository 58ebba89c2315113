"""Availability and schedule of one resource."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from rr.booking.v1 import booking_pb2
from rr.common.v1 import common_pb2

from rr_gateway.schemas.common import local, ts


class RangeOut(BaseModel):
    start_time: datetime | None
    end_time: datetime | None
    start_time_local: str | None
    end_time_local: str | None

    @classmethod
    def of(cls, r: common_pb2.TimeRange, timezone: str) -> RangeOut:
        start, end = ts(r.start), ts(r.end)
        return cls(
            start_time=start, end_time=end, start_time_local=local(start, timezone), end_time_local=local(end, timezone)
        )


class BookedOut(RangeOut):
    status: str
    mine: bool
    reservation_id: int | None = None
    user_id: int | None = None
    username: str | None = None


class ScheduleOut(BaseModel):
    resource_id: int
    resource_name: str
    timezone: str
    start: datetime | None
    end: datetime | None
    reservations: list[BookedOut]
    hours_known: bool
    buffer_before_minutes: int
    buffer_after_minutes: int


class AvailabilityOut(ScheduleOut):
    open: list[RangeOut]
    free_slots: list[RangeOut]


def booked(answer: booking_pb2.GetResourceScheduleResponse) -> list[BookedOut]:
    tz = answer.timezone
    return [
        BookedOut(
            **RangeOut.of(b.range, tz).model_dump(),
            status=b.status,
            mine=b.mine,
            reservation_id=b.reservation_id or None,
            user_id=b.user_id or None,
            username=b.username or None,
        )
        for b in answer.booked
    ]


def schedule_of(answer: booking_pb2.GetResourceScheduleResponse) -> ScheduleOut:
    return ScheduleOut(
        resource_id=answer.resource_id,
        resource_name=answer.resource_name,
        timezone=answer.timezone,
        start=ts(answer.range.start),
        end=ts(answer.range.end),
        reservations=booked(answer),
        hours_known=answer.hours_known,
        buffer_before_minutes=answer.buffer_before_minutes,
        buffer_after_minutes=answer.buffer_after_minutes,
    )


def availability_of(answer: booking_pb2.GetResourceScheduleResponse) -> AvailabilityOut:
    return AvailabilityOut(
        **schedule_of(answer).model_dump(),
        open=[RangeOut.of(r, answer.timezone) for r in answer.open],
        free_slots=[RangeOut.of(r, answer.timezone) for r in answer.free],
    )
