"""Validating opening hours ("HH:MM" per weekday) and blackout dates; rendering them back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rr_catalog.validation import FieldErrors, fail_if
from rr_common.bookability.calendar import week_of

CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
INTERVALS_MAX = 70
REASON_MAX = 500
BLACKOUT_DAYS_MAX = 366 * 2


@dataclass(frozen=True)
class Opening:
    day_of_week: int
    open_minute: int
    close_minute: int


@dataclass(frozen=True)
class BusinessHours:
    """The week that applies to a resource, and whose it is ("resource" or "site")."""

    resource_id: int
    timezone: str
    openings: list[Opening]
    source: str


@dataclass(frozen=True)
class NewBlackout:
    start: date
    end: date
    reason: str
    yearly: bool


def minute_of(clock: str) -> int | None:
    match = CLOCK.match(clock.strip())
    if not match:
        return None
    minute = int(match[1]) * 60 + int(match[2])
    return minute if minute <= 1440 else None


def clock_of(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def openings(raw: Sequence[tuple[int, str, str]]) -> list[Opening]:
    """(day, "HH:MM", "HH:MM") triples -> intervals, refusing bad times, reversed or overlapping ones."""
    errors: FieldErrors = []
    if len(raw) > INTERVALS_MAX:
        errors.append({"loc": "intervals", "msg": f"Give at most {INTERVALS_MAX} opening intervals."})
    found: list[Opening] = []
    for index, (day, open_clock, close_clock) in enumerate(raw):
        loc = f"intervals.{index}"
        start, end = minute_of(open_clock), minute_of(close_clock)
        if not 0 <= day <= 6:
            errors.append(
                {
                    "loc": f"{loc}.day_of_week",
                    "msg": f"Interval {index + 1}: day_of_week must be 0 (Monday) to 6 (Sunday).",
                }
            )
        elif start is None or end is None or start >= 1440:
            errors.append(
                {
                    "loc": loc,
                    "msg": f"Interval {index + 1}: times must be HH:MM between 00:00 and 24:00 (24:00 only as a closing time).",
                }
            )
        elif end <= start:
            errors.append(
                {
                    "loc": loc,
                    "msg": f"Interval {index + 1} on {DAYS[day]} closes ({close_clock}) before it opens ({open_clock}); split overnight hours at midnight.",
                }
            )
        else:
            found.append(Opening(day, start, end))
    found.sort(key=lambda o: (o.day_of_week, o.open_minute))
    for before, after in zip(found, found[1:], strict=False):
        if before.day_of_week == after.day_of_week and after.open_minute < before.close_minute:
            errors.append(
                {
                    "loc": "intervals",
                    "msg": f"On {DAYS[before.day_of_week]} {clock_of(before.open_minute)}-{clock_of(before.close_minute)} "
                    f"overlaps {clock_of(after.open_minute)}-{clock_of(after.close_minute)}.",
                }
            )
    fail_if(errors)
    return found


def hours_key(rows: Iterable[Opening]) -> str:
    """The week as one string kept on the resource: '0:540-1020,1:540-720' ('' = always open)."""
    ordered = sorted(rows, key=lambda o: (o.day_of_week, o.open_minute))
    return ",".join(f"{o.day_of_week}:{o.open_minute}-{o.close_minute}" for o in ordered)


def openings_of(key: str) -> list[Opening]:
    """A stored week key back to its intervals, in day and time order."""
    return [Opening(day, s, e) for day, spans in enumerate(week_of(key)) for s, e in spans]


def new_blackout(start_date: str, end_date: str, reason: str, yearly: bool) -> NewBlackout:
    errors: FieldErrors = []
    start, end = parse_day(start_date, "start_date", errors), parse_day(end_date or start_date, "end_date", errors)
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        errors.append({"loc": "reason", "msg": f"The reason must be at most {REASON_MAX} characters."})
    if start and end and end < start:
        errors.append({"loc": "end_date", "msg": "end_date must be on or after start_date."})
    elif start and end and (end - start).days >= (366 if yearly else BLACKOUT_DAYS_MAX):
        errors.append(
            {
                "loc": "end_date",
                "msg": "That blackout is too long; a yearly one spans less than a year, a one-off one at most two.",
            }
        )
    fail_if(errors)
    assert start is not None and end is not None
    return NewBlackout(start, end, reason, yearly)


def parse_day(value: str, loc: str, errors: FieldErrors) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append({"loc": loc, "msg": f"{loc} must be a date written YYYY-MM-DD."})
        return None
