"""Availability and schedule of one resource: catalog's open hours minus what is booked, with
the resource's buffers honoured; one catalog call and one indexed query, however many slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.errors import InvalidDate
from rr_booking.models import Reservation
from rr_booking.projection.service import OpenHours, ProjectedCatalog
from rr_booking.recurrence.rules import zone
from rr_booking.reservations.repository import ReservationRepository
from rr_booking.schedule.intervals import Range, clip, subtract
from rr_common.errors import InvalidTimeRange, RangeTooLong

MAX_RANGE = timedelta(days=31)


@dataclass(frozen=True)
class Schedule:
    start: datetime
    end: datetime
    hours: OpenHours
    booked: list[Reservation]
    free: list[Range]


class ScheduleService:
    def __init__(self, catalog: ProjectedCatalog) -> None:
        self.catalog = catalog

    async def schedule(self, session: AsyncSession, resource_id: int, start: datetime, end: datetime) -> Schedule:
        if end <= start:
            raise InvalidTimeRange("end must be after start.")
        if end - start > MAX_RANGE:
            raise RangeTooLong(f"Ask for at most {MAX_RANGE.days} days at a time.")
        hours = await self.catalog.open_hours(resource_id, start, end)
        booked = list(await ReservationRepository(session).occupying_in(resource_id, start, end))
        before, after = timedelta(minutes=hours.buffer_before_minutes), timedelta(minutes=hours.buffer_after_minutes)
        # A new booking [s, e) occupies [s - before, e + after), so each taken range blocks
        # starts from (taken start - after) to (taken end + before).
        blocked = [(r.occupied_start - after, r.occupied_end + before) for r in booked]
        free = subtract(clip(hours.open, start, end), blocked)
        return Schedule(start, end, hours, booked, free)

    async def local_days(self, session: AsyncSession, resource_id: int, first_day: str, days: int) -> Schedule:
        """The schedule of whole local days of the resource (its own midnight to midnight)."""
        try:
            day = date.fromisoformat(first_day)
        except ValueError as exc:
            raise InvalidDate("date must look like 2030-06-30.") from exc
        if not 1 <= days <= MAX_RANGE.days:
            raise RangeTooLong(f"days must be between 1 and {MAX_RANGE.days}.")
        resource = (await self.catalog.check_bookable(resource_id, [])).resource
        tz = zone(resource.timezone)
        start = datetime.combine(day, time(0), tzinfo=tz)
        end = datetime.combine(day + timedelta(days=days), time(0), tzinfo=tz)
        return await self.schedule(session, resource_id, start.astimezone(UTC), end.astimezone(UTC))
