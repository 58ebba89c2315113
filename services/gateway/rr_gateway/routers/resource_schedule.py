"""Availability, schedule and next free time of one resource (booking, with catalog's open hours)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import AwareDatetime
from rr.booking.v1 import booking_pb2
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.errors import InvalidTimeRange
from rr_gateway.deps import UpstreamsDep
from rr_gateway.readers import CatalogReader, hide_bookers
from rr_gateway.schemas.booking_schedule import AvailabilityOut, ScheduleOut, availability_of, schedule_of
from rr_gateway.schemas.booking_slots import SCHEDULE_DAYS, Duration, NextAvailableOut
from rr_gateway.schemas.common import ERROR_RESPONSES, local, to_pb_time
from rr_gateway.slots import LATEST, Range, check_before_latest, fit_for, windows
from rr_gateway.upstreams import Upstreams

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
ResourceId = Annotated[int, Path(ge=1, le=2**62)]
Day = Annotated[date | None, Query(alias="date", description="A local day of the resource (YYYY-MM-DD)")]
Days = Annotated[int, Query(ge=1, le=31, description="How many days from `date` (7 for a week)")]
Start = Annotated[AwareDatetime | None, Query()]
End = Annotated[AwareDatetime | None, Query()]


def schedule_request(
    resource_id: int, day: date | None, days: int, start: AwareDatetime | None, end: AwareDatetime | None
) -> booking_pb2.GetResourceScheduleRequest:
    if day is not None:
        return booking_pb2.GetResourceScheduleRequest(resource_id=resource_id, date=day.isoformat(), days=days)
    if start is None or end is None:
        raise InvalidTimeRange("Give a date (with days), or start and end with their offsets.")
    return booking_pb2.GetResourceScheduleRequest(
        resource_id=resource_id, range=common_pb2.TimeRange(start=to_pb_time(start), end=to_pb_time(end))
    )


def schedule_in(default_days: int) -> Callable[..., Awaitable[booking_pb2.GetResourceScheduleResponse]]:
    """The dependency both views of a resource's schedule read: a day (and `default_days` from
    it) or a range, the bookers hidden from an anonymous reader."""

    async def read(
        resource_id: ResourceId,
        reader: CatalogReader,
        up: UpstreamsDep,
        day: Day = None,
        days: Days = default_days,
        start: Start = None,
        end: End = None,
    ) -> booking_pb2.GetResourceScheduleResponse:
        answer = await up.booking.GetResourceSchedule(
            schedule_request(resource_id, day, days, start, end), metadata=reader.metadata
        )
        return hide_bookers(answer) if reader.anonymous else answer

    return read


@router.get(
    "/{resource_id}/availability",
    response_model=AvailabilityOut,
    summary="Booked ranges and free slots of a resource",
    responses={404: {"description": "No such resource"}},
)
async def availability(
    answer: Annotated[booking_pb2.GetResourceScheduleResponse, Depends(schedule_in(default_days=1))],
) -> AvailabilityOut:
    return availability_of(answer)


@router.get(
    "/{resource_id}/schedule",
    response_model=ScheduleOut,
    summary="Reservations on a resource in a range",
    responses={404: {"description": "No such resource"}},
)
async def schedule(
    answer: Annotated[booking_pb2.GetResourceScheduleResponse, Depends(schedule_in(default_days=7))],
) -> ScheduleOut:
    return schedule_of(answer)


@router.get(
    "/{resource_id}/next-available",
    response_model=NextAvailableOut,
    summary="When a resource is next free for a given length (hours, blackouts, buffers, bookings and its rules)",
    responses={404: {"description": "No such resource"}},
)
async def next_available(
    resource_id: ResourceId,
    reader: CatalogReader,
    up: UpstreamsDep,
    duration: Duration,
    after: Annotated[AwareDatetime | None, Query(description="Not before this time (default: now)")] = None,
    within_days: Annotated[int, Query(ge=1, le=365, description="How far ahead to look")] = 30,
) -> NextAvailableOut:
    now = datetime.now(UTC)
    length, earliest = timedelta(minutes=duration), max(after or now, now)
    check_before_latest(earliest, "after")
    resource = (
        await up.catalog.GetResource(catalog_pb2.GetResourceRequest(id=resource_id), metadata=reader.metadata)
    ).resource
    horizon = min(earliest + timedelta(days=within_days), LATEST)
    found = await first_slot(up, reader.metadata, resource, length, earliest, horizon, now)
    start = found[0] if found else None
    end = start + length if start else None
    return NextAvailableOut(
        resource_id=resource_id,
        duration_minutes=duration,
        found=start is not None,
        start_time=start,
        end_time=end,
        start_time_local=local(start, resource.timezone),
        end_time_local=local(end, resource.timezone),
        searched_until=horizon,
        timezone=resource.timezone,
    )


async def first_slot(
    up: Upstreams,
    metadata: tuple[tuple[str, str], ...],
    resource: catalog_pb2.Resource,
    length: timedelta,
    earliest: datetime,
    horizon: datetime,
    now: datetime,
) -> Range | None:
    fit = fit_for(resource, length, earliest, now)
    if fit is None:
        return None
    if fit.not_after is not None:
        horizon = min(horizon, fit.not_after)
    start = fit.not_before
    while start < horizon:
        # Each window overlaps the next by the booking's length, so a slot across the seam is seen.
        end = min(start + timedelta(days=SCHEDULE_DAYS), horizon + length)
        request = booking_pb2.GetResourceScheduleRequest(
            resource_id=resource.id,
            range=common_pb2.TimeRange(start=to_pb_time(start), end=to_pb_time(end)),
        )
        answer = await up.booking.GetResourceSchedule(request, metadata=metadata)
        free = [(r.start.ToDatetime(tzinfo=UTC), r.end.ToDatetime(tzinfo=UTC)) for r in answer.free]
        fits = [w for w in windows(free, length, fit) if w[0] < horizon]
        if fits:
            return fits[0]
        start = end - length
    return None
