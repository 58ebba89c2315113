"""Where a booking of a given length fits, from booking's free ranges (open hours minus
blackouts and bookings, buffers honoured) and the resource's own rules: the notice it needs,
how far ahead it may be booked, and the step its starts fall on. Pure functions; the routes
fetch the ranges."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rr.catalog.v1 import catalog_pb2

from rr_common.errors import InvalidTimeRange
from rr_gateway.error_codes import DurationTooLong, DurationTooShort

Range = tuple[datetime, datetime]
# Booking takes nothing from this year on; asking about later times is a mistake to name.
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
# Times this far back cannot even be converted to UTC (year 1 with a positive offset overflows).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def check_before_latest(moment: datetime, name: str) -> None:
    if moment >= LATEST:
        raise InvalidTimeRange(f"{name} must be before {LATEST.year}; nothing can be booked later.")


def check_bookable_era(moment: datetime, name: str) -> None:
    """A 422 for times outside what anything here could ever book, rather than an overflow."""
    if moment < EARLIEST:
        raise InvalidTimeRange(f"{name} must be after {EARLIEST.year}.")
    check_before_latest(moment, name)


@dataclass(frozen=True)
class Fit:
    """What the resource allows: starts not before `not_before`, ends by `not_after`, on `step`."""

    not_before: datetime
    not_after: datetime | None
    step: timedelta | None
    zone: ZoneInfo


def fit_for(resource: catalog_pb2.Resource, duration: timedelta, earliest: datetime, now: datetime) -> Fit | None:
    """The resource's rules as bounds; None when it cannot be booked at all (out of service with
    no end). A length its rules refuse is a 422 that says which lengths it takes."""
    rules = resource.rules
    minutes = duration.total_seconds() / 60
    if rules.min_duration_minutes and minutes < rules.min_duration_minutes:
        raise DurationTooShort(
            f"{resource.name} takes bookings of at least {rules.min_duration_minutes} minutes.",
        )
    if rules.max_duration_minutes and minutes > rules.max_duration_minutes:
        raise DurationTooLong(f"{resource.name} takes bookings of at most {rules.max_duration_minutes} minutes.")
    not_before = max(earliest, now + timedelta(minutes=rules.min_notice_minutes))
    if resource.status != "available":
        if not resource.HasField("status_until"):
            return None
        not_before = max(not_before, resource.status_until.ToDatetime(tzinfo=UTC))
    not_after = now + timedelta(days=rules.max_days_in_advance) if rules.max_days_in_advance else None
    step = timedelta(minutes=rules.slot_granularity_minutes) if rules.slot_granularity_minutes else None
    return Fit(not_before, not_after, step, _zone(resource.timezone))


def windows(free: list[Range], duration: timedelta, fit: Fit) -> list[Range]:
    """The free ranges, trimmed to what the rules allow, in which `duration` fits: each is a
    window any booking of that length may start in (start aligned to the step)."""
    found: list[Range] = []
    for start, end in free:
        start = _align(max(start, fit.not_before), fit)
        if fit.not_after is not None:
            end = min(end, fit.not_after)
        if start + duration <= end:
            found.append((start, end))
    return found


def _align(moment: datetime, fit: Fit) -> datetime:
    """The first start at or after `moment` on the resource's step, counted from local midnight."""
    if fit.step is None:
        return moment
    local = moment.astimezone(fit.zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    steps = math.ceil((local - midnight) / fit.step)
    return (midnight + steps * fit.step).astimezone(UTC)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
