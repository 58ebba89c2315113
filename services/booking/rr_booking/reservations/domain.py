"""Reservation rules, free of I/O: valid ranges, how a new reservation occupies its resource,
and the wording of a conflict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rr_booking.errors import InThePast, ReservationConflict, TooLong
from rr_common.errors import Conflict, InvalidScope, InvalidTimeRange

LATEST_YEAR = 2100
SCOPES = ("this", "following", "series")


@dataclass(frozen=True)
class NewReservation:
    resource_id: int
    start: datetime
    end: datetime
    notes: str = ""
    idempotency_key: str = ""


def validate_range(start: datetime, end: datetime, now: datetime, max_duration: timedelta) -> None:
    if end <= start:
        raise InvalidTimeRange("end_time must be after start_time.")
    if end.year > LATEST_YEAR:
        raise InvalidTimeRange(f"Times after the year {LATEST_YEAR} are not accepted.")
    if end - start > max_duration:
        raise TooLong(f"A reservation may last at most {max_duration.days} days.")
    if end <= now:
        raise InThePast("The time range is in the past.")


def check_scope(scope: str) -> str:
    scope = scope or "this"
    if scope not in SCOPES:
        raise InvalidScope(f"scope must be one of {', '.join(SCOPES)}.")
    return scope


@dataclass(frozen=True)
class Placement:
    """What a new reservation on a resource looks like: catalog's facts plus booking's settings."""

    resource_id: int
    resource_name: str
    timezone: str
    requires_approval: bool
    buffer_before: timedelta
    buffer_after: timedelta
    requires_check_in: bool
    check_in_window: timedelta
    approval_expiry: timedelta

    def occupied(self, start: datetime, end: datetime) -> tuple[datetime, datetime]:
        return start - self.buffer_before, end + self.buffer_after

    @property
    def initial_status(self) -> str:
        return "pending_approval" if self.requires_approval else "confirmed"

    def expires_at(self, now: datetime, start: datetime) -> datetime | None:
        """A pending request lapses after the expiry, and at the latest when the slot begins."""
        return min(now + self.approval_expiry, start) if self.requires_approval else None

    def check_in_deadline(self, start: datetime) -> datetime | None:
        return start + self.check_in_window if self.requires_check_in else None


def conflict_error(conflicts: Sequence[tuple[datetime, datetime]]) -> Conflict:
    ranges = [{"start_time": s.isoformat(), "end_time": e.isoformat()} for s, e in conflicts]
    where = f" ({ranges[0]['start_time']} to {ranges[0]['end_time']})" if ranges else ""
    return ReservationConflict(
        f"The resource is already booked in that time{where}; choose another time.",
        conflicts=ranges,
    )


def overlapping_pairs(ranges: Sequence[tuple[datetime, datetime]]) -> set[int]:
    """Indexes of ranges that overlap an earlier one in the same list (a series or batch that
    would collide with itself); the earlier one keeps its place."""
    order = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
    clashing: set[int] = set()
    latest_end: datetime | None = None
    for i in order:
        start, end = ranges[i]
        if latest_end is not None and start < latest_end:
            clashing.add(i)
            continue
        latest_end = end if latest_end is None else max(latest_end, end)
    return clashing
