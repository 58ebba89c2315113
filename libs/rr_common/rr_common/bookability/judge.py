"""Whether a slot can be booked on a resource, and if not, the precise reason. Pure: the caller
(catalog from its tables, booking from its projection) loads the resource's status, rules and
calendar once for a whole batch of slots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rr_common.bookability.calendar import Calendar, covers
from rr_common.bookability.rules import Rules
from rr_common.errors import InvalidRange, TooManySlots

SLOTS_MAX = 1000
AVAILABLE = "available"
RANGE_DAYS_MAX = 366


@dataclass(frozen=True)
class Slot:
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class Verdict:
    bookable: bool
    code: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Bookability:
    """What the judge needs to know about one resource."""

    resource_id: int
    status: str
    status_reason: str
    until: datetime | None
    rules: Rules
    calendar: Calendar


BOOKABLE = Verdict(True)


def envelope(slots: Sequence[Slot]) -> tuple[datetime, datetime] | None:
    """The smallest range holding every well-formed slot (None if there is none)."""
    valid = [(s.start, s.end) for s in slots if s.start is not None and s.end is not None and s.start < s.end]
    if not valid:
        return None
    return min(s for s, _ in valid), max(e for _, e in valid)


def checked_range(start: datetime | None, end: datetime | None, what: str = "range") -> tuple[datetime, datetime]:
    if start is None or end is None or end <= start:
        raise InvalidRange(f"The {what} needs a start and a later end.")
    if end - start > timedelta(days=RANGE_DAYS_MAX):
        raise InvalidRange(f"The {what} may span at most {RANGE_DAYS_MAX} days.")
    return start, end


def judge_slots(what: Bookability, slots: Sequence[Slot], now: datetime) -> list[Verdict]:
    """One verdict per slot, in order."""
    if len(slots) > SLOTS_MAX:
        raise TooManySlots(f"Check at most {SLOTS_MAX} slots per call.")
    return [judge_slot(what, slot, now) for slot in slots]


def judge_slot(what: Bookability, slot: Slot, now: datetime) -> Verdict:
    """Cheap checks first; the calendar is expanded only around this slot, so a batch spread
    over years costs what its slots cost."""
    if slot.start is None or slot.end is None:
        return Verdict(False, "invalid_range", "A slot needs both a start and an end time.")
    start, end = slot.start, slot.end
    if end <= start:
        return Verdict(False, "invalid_range", "The end of a slot must be after its start.")
    if is_unavailable_at(what.status, what.until, start):
        return unavailable(what)
    verdict = judge_rules(what.rules, what.calendar, start, end, now)
    if not verdict.bookable:
        return verdict
    for begin, finish, rule in what.calendar.closures(start, end):
        return closed(what.calendar, begin, finish, rule.reason, rule.site_wide)
    if not covers(what.calendar.hours(start, end), start, end):
        return Verdict(
            False,
            "outside_business_hours",
            f"The slot is outside the opening hours (local time, {what.calendar.zone.key}).",
        )
    return BOOKABLE


def judge_rules(rules: Rules, calendar: Calendar, start: datetime, end: datetime, now: datetime) -> Verdict:
    minutes = (end - start).total_seconds() / 60
    if rules.min_duration_minutes and minutes < rules.min_duration_minutes:
        return Verdict(False, "too_short", f"A booking must last at least {rules.min_duration_minutes} minutes.")
    if rules.max_duration_minutes and minutes > rules.max_duration_minutes:
        return Verdict(False, "too_long", f"A booking may last at most {rules.max_duration_minutes} minutes.")
    step = rules.slot_granularity_minutes
    if step and not (on_step(start, calendar, step) and on_step(end, calendar, step)):
        return Verdict(
            False, "bad_granularity", f"Bookings start and end on {step}-minute steps from midnight (local time)."
        )
    if rules.min_notice_minutes and start < now + timedelta(minutes=rules.min_notice_minutes):
        return Verdict(False, "too_soon", f"Book at least {rules.min_notice_minutes} minutes before the start.")
    if rules.max_days_in_advance and start > now + timedelta(days=rules.max_days_in_advance):
        return Verdict(False, "too_far_ahead", f"Bookings open at most {rules.max_days_in_advance} days ahead.")
    return BOOKABLE


def on_step(moment: datetime, calendar: Calendar, step: int) -> bool:
    local = moment.astimezone(calendar.zone)
    return local.second == 0 and local.microsecond == 0 and (local.hour * 60 + local.minute) % step == 0


def is_unavailable_at(status: str, until: datetime | None, moment: datetime) -> bool:
    """Not bookable at `moment`: a status other than available that has not ended by then."""
    return status != AVAILABLE and (until is None or moment < until)


def unavailable(what: Bookability) -> Verdict:
    why = f" ({what.status_reason})" if what.status_reason else ""
    until = f" until {what.until.isoformat()}" if what.until else ""
    return Verdict(
        False, "resource_unavailable", f"Resource {what.resource_id} cannot be booked: it is {what.status}{why}{until}."
    )


def closed(calendar: Calendar, begin: datetime, finish: datetime, reason: str, site_wide: bool = False) -> Verdict:
    first = begin.astimezone(calendar.zone).date()
    last = (finish.astimezone(calendar.zone) - timedelta(days=1)).date()
    days = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    why = f": {reason}" if reason else ""
    who = "Every resource is closed (site-wide blackout)" if site_wide else "The resource is closed"
    return Verdict(False, "blackout", f"{who} on {days}{why}; choose another day.")
