"""Recurrence rules, free of I/O: parse an RFC 5545 RRULE (or the original's simple form) and
expand it in the resource's time zone, so 09:00 stays 09:00 across daylight-saving changes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from rr_booking.errors import InvalidRecurrence
from rr_common.errors import InvalidInput

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# Day-level parts only (no BYHOUR & co): one occurrence per matching day, at the first one's time,
# which keeps `_occurs_by` exact.
ALLOWED_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
END_NEVER = ("never", "")
END_ON_DATE = ("on_date", "date", "until", "end_date")
END_AFTER = ("after_occurrences", "count", "after", "occurrences", "after_count", "occurrence_count")
MAX_INTERVAL = 999
MAX_TEXT = 500
# An open-ended rule covers one year from its first occurrence.
OPEN_ENDED_SPAN = timedelta(days=365)
# However its end is written, nothing is expanded past this far after the first occurrence (stops
# rules that never match, such as the 30th of February, from iterating for ages). A COUNT that
# would reach further is refused rather than cut short.
HORIZON = timedelta(days=3660)


def _invalid(message: str) -> InvalidInput:
    return InvalidRecurrence(message)


@dataclass(frozen=True)
class SimpleRecurrence:
    """The original API's form."""

    frequency: str
    interval: int = 1
    days_of_week: Sequence[int] = ()
    end_type: str = "never"
    end_date: str = ""
    occurrence_count: int = 0


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime

    @property
    def recurrence_id(self) -> datetime:
        return self.start


@dataclass(frozen=True)
class Expansion:
    # The rule as stored and exported: UNTIL normalised to UTC.
    rrule: str
    occurrences: list[Occurrence]
    exdates: list[datetime] = field(default_factory=list)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _end_of_local_day(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz)


def simple_rule(simple: SimpleRecurrence, tz: ZoneInfo) -> str:
    """The simple form as an RRULE."""
    frequency = simple.frequency.strip().upper()
    if frequency not in FREQUENCIES:
        raise _invalid(f"frequency must be one of {', '.join(f.lower() for f in FREQUENCIES)}.")
    interval = simple.interval or 1
    if not 1 <= interval <= MAX_INTERVAL:
        raise _invalid(f"interval must be between 1 and {MAX_INTERVAL}.")
    parts = [f"FREQ={frequency}", f"INTERVAL={interval}"]
    if simple.days_of_week:
        if any(not 0 <= d <= 6 for d in simple.days_of_week):
            raise _invalid("days_of_week holds numbers 0 (Monday) to 6 (Sunday).")
        parts.append("BYDAY=" + ",".join(WEEKDAYS[d] for d in sorted(set(simple.days_of_week))))
    end_type = simple.end_type.strip().lower()
    if end_type in END_ON_DATE:
        try:
            last_day = date.fromisoformat(simple.end_date[:10])
        except ValueError as exc:
            raise _invalid("end_date must be a date like 2030-06-30 when end_type is on_date.") from exc
        parts.append(f"UNTIL={_utc_stamp(_end_of_local_day(last_day, tz))}")
    elif end_type in END_AFTER:
        if simple.occurrence_count < 1:
            raise _invalid("occurrence_count must be at least 1 when end_type is after_occurrences.")
        parts.append(f"COUNT={simple.occurrence_count}")
    elif end_type not in END_NEVER:
        raise _invalid("end_type must be never, on_date or after_occurrences.")
    return ";".join(parts)


def _parse_until(value: str, tz: ZoneInfo) -> datetime:
    """UNTIL as an aware instant: UTC when it ends in Z, else local time of the resource."""
    try:
        if value.endswith("Z"):
            return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if "T" in value:
            return datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=tz)
        return _end_of_local_day(datetime.strptime(value, "%Y%m%d").date(), tz)
    except ValueError as exc:
        raise _invalid(f"UNTIL={value} is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ).") from exc


def normalise(text: str, tz: ZoneInfo) -> tuple[str, int | None, datetime | None]:
    """Check an RRULE value and return it with UNTIL in UTC, plus its COUNT and UNTIL."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text or len(text) > MAX_TEXT or "\n" in text:
        raise _invalid(
            f"rrule must be one RRULE value of at most {MAX_TEXT} characters, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10."
        )
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        name, sep, value = piece.partition("=")
        name = name.strip().upper()
        if not sep or not value.strip():
            raise _invalid(f"{piece!r} in the rrule is not NAME=VALUE.")
        if name not in ALLOWED_PARTS:
            raise _invalid(f"{name} is not supported in a booking rrule; use {', '.join(sorted(ALLOWED_PARTS))}.")
        parts[name] = value.strip().upper()
    if parts.get("FREQ") not in FREQUENCIES:
        raise _invalid(f"FREQ must be one of {', '.join(FREQUENCIES)}.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _invalid("An rrule has COUNT or UNTIL, not both.")
    count: int | None = None
    if "COUNT" in parts:
        if not re.fullmatch(r"\d{1,7}", parts["COUNT"]) or int(parts["COUNT"]) < 1:
            raise _invalid("COUNT must be a positive number.")
        count = int(parts["COUNT"])
    if "INTERVAL" in parts and (
        not re.fullmatch(r"\d{1,4}", parts["INTERVAL"]) or not 1 <= int(parts["INTERVAL"]) <= MAX_INTERVAL
    ):
        raise _invalid(f"INTERVAL must be between 1 and {MAX_INTERVAL}.")
    until = _parse_until(parts["UNTIL"], tz) if "UNTIL" in parts else None
    if until is not None:
        parts["UNTIL"] = _utc_stamp(until)
    return ";".join(f"{k}={v}" for k, v in parts.items()), count, until


def expand(
    text: str,
    first_start: datetime,
    first_end: datetime,
    timezone: str,
    exdates: Sequence[datetime] = (),
    skip_dates: Sequence[date] = (),
    limit: int = 365,
) -> Expansion:
    """Every occurrence of the rule, starting with `first_start` in the resource's local time;
    each lasts as long on the wall clock as the first. More than `limit` is refused."""
    tz = zone(timezone)
    normalised, count, until = normalise(text, tz)
    if count is not None and count > limit:
        raise _invalid(f"The rule makes {count} occurrences; a series may have at most {limit}.")
    local_start = first_start.astimezone(tz)
    real_length = first_end - first_start
    wall_length = first_end.astimezone(tz).replace(tzinfo=None) - local_start.replace(tzinfo=None)
    if wall_length <= timedelta(0):
        wall_length = real_length  # the first slot spans a fall-back change: its wall clock runs backwards
    if count is None and until is None:
        # The year's last local day, to its end: "first + 365 days - 1 s" could fall in a
        # daylight-saving gap, whose reading one offset off let a 366th day in.
        last = _end_of_local_day(local_start.date() + OPEN_ENDED_SPAN - timedelta(days=1), tz)
    else:
        last = min(until, local_start + HORIZON) if until is not None else local_start + HORIZON
    # The guard walks local days: UNTIL is an instant, its local date may be a day after its UTC one.
    if not _occurs_by(dict(p.split("=", 1) for p in normalised.split(";")), local_start, last.astimezone(tz)):
        raise _invalid("The rule has no occurrence in the next ten years; check BYMONTH, BYMONTHDAY and BYDAY.")
    try:
        rule = rrulestr(normalised, dtstart=local_start)
        assert isinstance(rule, rrule)
        # COUNT is applied by taking that many; the bound keeps never-matching rules short.
        bounded = rule.replace(count=None, until=last.astimezone(UTC))
    except (ValueError, TypeError) as exc:
        raise _invalid(f"The rrule is not valid: {exc}.") from exc
    starts = list(islice(iter(bounded), count or limit + 1))
    if count is not None and len(starts) < count:
        raise _invalid(
            f"Only {len(starts)} of the rule's COUNT={count} occurrences fall within ten years of the first; "
            "a series may not reach further. Lower COUNT or end the series with UNTIL."
        )
    if count is None and len(starts) > limit:
        raise _invalid(
            f"The rule makes more than {limit} occurrences; a series may have at most {limit}. Add COUNT or an earlier UNTIL."
        )
    excluded = {d.astimezone(UTC) for d in exdates}
    skipped_days = set(skip_dates)
    occurrences, removed = [], []
    for start in starts:
        occurrence = _occurrence(start, local_start, first_start, first_end, wall_length, real_length, tz)
        if occurrence.start in excluded or start.date() in skipped_days:
            removed.append(occurrence.start)
            continue
        occurrences.append(occurrence)
    if not occurrences:
        raise _invalid("The rule and its exclusions leave no occurrence to book.")
    return Expansion(normalised, occurrences, removed)


def _occurrence(
    start: datetime,
    local_start: datetime,
    first_start: datetime,
    first_end: datetime,
    wall_length: timedelta,
    real_length: timedelta,
    tz: ZoneInfo,
) -> Occurrence:
    """One expanded start as an instant range. dateutil yields wall-clock times without `fold`:
    the requested first slot is kept exactly as asked (it may be the second 02:30 of a fall-back
    night); a later wall time that does not exist (spring-forward gap) is read with the offset
    before the change, as RFC 5545 says, and the end follows the wall clock unless that would not
    be after the start, in which case the slot lasts as long as the first one really did."""
    if start.replace(tzinfo=None) == local_start.replace(tzinfo=None):
        return Occurrence(first_start.astimezone(UTC), first_end.astimezone(UTC))
    begin = start.astimezone(UTC)
    end = (start.replace(tzinfo=None) + wall_length).replace(tzinfo=tz).astimezone(UTC)
    return Occurrence(begin, end if end > begin else begin + real_length)


def _ints(value: str, low: int, high: int, name: str) -> set[int]:
    try:
        numbers = {int(v) for v in value.split(",")}
    except ValueError as exc:
        raise _invalid(f"{name} must be a comma-separated list of numbers.") from exc
    if any(not low <= abs(n) <= high or n == 0 for n in numbers):
        raise _invalid(f"{name} values must be between {low} and {high} (or the negative of that).")
    return numbers


def _weekdays(value: str, freq: str, by_month: bool) -> set[tuple[int, int]]:
    """BYDAY as (weekday, ordinal) pairs, ordinal 0 meaning every such weekday."""
    days: set[tuple[int, int]] = set()
    for item in value.split(","):
        match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", item.strip())
        if match is None:
            raise _invalid(f"BYDAY value {item!r} is not like MO, 1MO or -1FR.")
        ordinal = int(match.group(1) or 0)
        if ordinal and not (freq == "MONTHLY" or (freq == "YEARLY" and by_month)):
            raise _invalid("A numbered BYDAY (like 1MO) needs FREQ=MONTHLY, or FREQ=YEARLY with BYMONTH.")
        if ordinal and not 1 <= abs(ordinal) <= 5:
            raise _invalid("A numbered BYDAY counts 1 to 5 (or -1 to -5) within the month.")
        days.add((WEEKDAYS.index(match.group(2)), ordinal))
    return days


def _occurs_by(parts: dict[str, str], first: datetime, last: datetime) -> bool:
    """Does the rule match any day from `first` to `last`? Checked day by day here, because
    dateutil searches up to the year 9999 for a rule that never matches (seconds of CPU)."""
    freq, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    months = _ints(parts["BYMONTH"], 1, 12, "BYMONTH") if "BYMONTH" in parts else set()
    monthdays = _ints(parts["BYMONTHDAY"], 1, 31, "BYMONTHDAY") if "BYMONTHDAY" in parts else set()
    weekdays = _weekdays(parts["BYDAY"], freq, bool(months)) if "BYDAY" in parts else set()
    week_start = WEEKDAYS.index(parts.get("WKST", "MO")) if parts.get("WKST", "MO") in WEEKDAYS else 0
    start = first.date()
    # What dateutil fills in from the first occurrence when the rule leaves it open.
    if freq == "WEEKLY" and not weekdays and not monthdays:
        weekdays = {(start.weekday(), 0)}
    if freq in ("MONTHLY", "YEARLY") and not weekdays and not monthdays:
        monthdays = {start.day}
        if freq == "YEARLY" and not months:
            months = {start.month}
    day = start
    while day <= last.date():
        if _selected_period(freq, interval, start, day, week_start) and _matches(day, months, monthdays, weekdays):
            return True
        day += timedelta(days=1)
    return False


def _selected_period(freq: str, interval: int, start: date, day: date, week_start: int) -> bool:
    if interval == 1:
        return True
    if freq == "DAILY":
        return (day - start).days % interval == 0
    if freq == "WEEKLY":
        anchor = start - timedelta(days=(start.weekday() - week_start) % 7)
        return ((day - anchor).days // 7) % interval == 0
    if freq == "MONTHLY":
        return ((day.year - start.year) * 12 + day.month - start.month) % interval == 0
    return (day.year - start.year) % interval == 0


def _matches(day: date, months: set[int], monthdays: set[int], weekdays: set[tuple[int, int]]) -> bool:
    if months and day.month not in months:
        return False
    days_in_month = ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day
    if monthdays and day.day not in monthdays and day.day - days_in_month - 1 not in monthdays:
        return False
    if not weekdays:
        return True
    nth, nth_from_end = (day.day - 1) // 7 + 1, -((days_in_month - day.day) // 7 + 1)
    return any(weekday == day.weekday() and ordinal in (0, nth, nth_from_end) for weekday, ordinal in weekdays)
