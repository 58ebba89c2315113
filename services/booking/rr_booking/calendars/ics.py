"""iCalendar rendering, free of I/O: one VEVENT per reservation, and a series as one VEVENT with
RRULE and EXDATE plus an override (RECURRENCE-ID) for each moved or cancelled occurrence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from rr_booking.models import Reservation, Series
from rr_booking.recurrence.rules import expand, zone
from rr_common.errors import InvalidInput

PRODID = "-//Resource Reserver//Booking//EN"
DOMAIN = "resource-reserver"
STATUS = {
    "confirmed": "CONFIRMED",
    "checked_in": "CONFIRMED",
    "completed": "CONFIRMED",
    "pending_approval": "TENTATIVE",
    "held": "TENTATIVE",
    "cancelled": "CANCELLED",
    "rejected": "CANCELLED",
    "no_show": "CANCELLED",
    "expired": "CANCELLED",
}


def _event(uid: str, r: Reservation, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", r.start_time.astimezone(UTC))
    event.add("dtend", r.end_time.astimezone(UTC))
    event.add("summary", r.resource_name or f"Resource {r.resource_id}")
    event.add("status", STATUS.get(r.status, "CONFIRMED"))
    event.add("last-modified", r.updated_at.astimezone(UTC))
    if r.notes:
        event.add("description", r.notes)
    event.add("x-rr-reservation-id", str(r.id))
    return event


def reservation_uid(r: Reservation) -> str:
    return f"reservation-{r.id}@{DOMAIN}"


def series_uid(s: Series) -> str:
    return f"series-{s.id}@{DOMAIN}"


def _series_status(series: Series, rows: Sequence[Reservation]) -> str:
    """CANCELLED for a cancelled series, else what most of its live occurrences are."""
    if series.status == "cancelled":
        return "CANCELLED"
    live = [STATUS.get(r.status, "CONFIRMED") for r in rows if STATUS.get(r.status) != "CANCELLED"]
    return max(set(live), key=live.count) if live else "CONFIRMED"


def _series_events(series: Series, rows: Sequence[Reservation], stamp: datetime) -> list[Event]:
    """The series as RRULE + EXDATE + overrides; one event per occurrence instead when the stored
    rule no longer expands."""
    tz = zone(series.timezone)
    try:
        expansion = expand(series.rrule, series.start_time, series.end_time, series.timezone, limit=1000)
    except InvalidInput:
        return [_event(reservation_uid(r), r, stamp) for r in rows]
    generated = [o.start for o in expansion.occurrences] + list(expansion.exdates)
    first = min(generated)
    length = series.end_time - series.start_time
    by_recurrence = {r.recurrence_id: r for r in rows if r.recurrence_id is not None}
    master = Event()
    master.add("uid", series_uid(series))
    master.add("dtstamp", stamp)
    master.add("dtstart", first.astimezone(tz))
    master.add("dtend", (first + length).astimezone(tz))
    master.add("rrule", vRecur.from_ical(series.rrule))
    master.add("summary", series.resource_name or f"Resource {series.resource_id}")
    master.add("status", _series_status(series, rows))
    if series.notes:
        master.add("description", series.notes)
    missing = sorted(start for start in generated if start not in by_recurrence)
    if missing:
        master.add("exdate", [m.astimezone(tz) for m in missing])
    events = [master]
    for recurrence_id, r in sorted(by_recurrence.items()):
        moved = r.start_time != recurrence_id or r.end_time - r.start_time != length
        if moved or STATUS.get(r.status) != master.get("status"):
            override = _event(series_uid(series), r, stamp)
            override.add("recurrence-id", recurrence_id.astimezone(tz))
            events.append(override)
    return events


def render(
    name: str,
    reservations: Sequence[Reservation],
    series: dict[int, Series],
    occurrences: dict[int, list[Reservation]],
    now: datetime,
) -> bytes:
    """A calendar of the given reservations; a reservation of a series brings its whole series."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    done: set[int] = set()
    for r in reservations:
        if r.series_id is not None and r.series_id in series:
            if r.series_id not in done:
                done.add(r.series_id)
                for event in _series_events(series[r.series_id], occurrences.get(r.series_id, [r]), now):
                    calendar.add_component(event)
            continue
        calendar.add_component(_event(reservation_uid(r), r, now))
    if reservations:
        first = min(r.start_time for r in reservations).date() - timedelta(days=366)
        calendar.add_missing_timezones(first_date=max(first, date(1970, 1, 1)), last_date=date(now.year + 12, 1, 1))
    return bytes(calendar.to_ical())
