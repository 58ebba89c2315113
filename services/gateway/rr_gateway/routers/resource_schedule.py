"""Availability and schedule of one resource (booking, with catalog's open hours)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import AwareDatetime
from rr.booking.v1 import booking_pb2
from rr.common.v1 import common_pb2

from rr_common.errors import InvalidInput
from rr_gateway.deps import UpstreamsDep
from rr_gateway.readers import CatalogReader, hide_bookers
from rr_gateway.schemas.booking_schedule import AvailabilityOut, ScheduleOut, availability_of, schedule_of
from rr_gateway.schemas.common import ERROR_RESPONSES, to_pb_time

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
ResourceId = Annotated[int, Path(ge=1, le=2**62)]
Day = Annotated[date | None, Query(alias="date", description="A local day of the resource (YYYY-MM-DD)")]
Days = Annotated[int, Query(ge=1, le=31, description="How many days from `date` (7 for a week)")]
Start = Annotated[AwareDatetime | None, Query()]
End = Annotated[AwareDatetime | None, Query()]


def schedule_request(resource_id: int, day: date | None, days: int, start: AwareDatetime | None, end: AwareDatetime | None) -> booking_pb2.GetResourceScheduleRequest:
    if day is not None:
        return booking_pb2.GetResourceScheduleRequest(resource_id=resource_id, date=day.isoformat(), days=days)
    if start is None or end is None:
        raise InvalidInput("Give a date (with days), or start and end with their offsets.", code="invalid_time_range")
    return booking_pb2.GetResourceScheduleRequest(resource_id=resource_id, range=common_pb2.TimeRange(start=to_pb_time(start), end=to_pb_time(end)))


@router.get("/{resource_id}/availability", response_model=AvailabilityOut, summary="Booked ranges and free slots of a resource",
            responses={404: {"description": "No such resource"}})
async def availability(resource_id: ResourceId, reader: CatalogReader, up: UpstreamsDep, day: Day = None, days: Days = 1, start: Start = None, end: End = None) -> AvailabilityOut:
    answer = await up.booking.GetResourceSchedule(schedule_request(resource_id, day, days, start, end), metadata=reader.metadata)
    return availability_of(hide_bookers(answer) if reader.anonymous else answer)


@router.get("/{resource_id}/schedule", response_model=ScheduleOut, summary="Reservations on a resource in a range",
            responses={404: {"description": "No such resource"}})
async def schedule(resource_id: ResourceId, reader: CatalogReader, up: UpstreamsDep, day: Day = None, days: Days = 7, start: Start = None, end: End = None) -> ScheduleOut:
    answer = await up.booking.GetResourceSchedule(schedule_request(resource_id, day, days, start, end), metadata=reader.metadata)
    return schedule_of(hide_bookers(answer) if reader.anonymous else answer)
