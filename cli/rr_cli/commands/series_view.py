"""A series seen from one of its occurrences: its rule and every occurrence. The gateway has no
series endpoint yet (no GET /reservations/series/{id}, and the reservation does not carry its rule),
so the occurrences are the owner's reservations on that resource with the same ``series_id``, and
the rule is described from their dates in the resource's time zone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rr_cli.errors import ApiError
from rr_cli.output import Column
from rr_cli.paging import PAGE_MAX, Paging, fetch
from rr_cli.state import AppState
from rr_cli.weekdays import day_names

OCCURRENCE_COLUMNS = [
    Column("", lambda r: "*" if r.get("shown") else " "), Column("ID", "id", justify="right"),
    Column("Local start", "start_time_local"), Column("Local end", "end_time_local"), Column("Status", "status"),
]


def series_occurrences(state: AppState, reservation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every occurrence of the reservation's series, by start time."""
    params: dict[str, Any] = {"resource_id": reservation["resource_id"], "sort_by": "start_time", "sort_order": "asc"}
    everything = Paging(limit=PAGE_MAX, all=True, yes=True)
    found = _same_series(fetch(state, "/reservations/my", params, everything), reservation)
    if not any(r.get("id") == reservation["id"] for r in found):  # someone else's series, seen by a manager
        try:
            found = _same_series(fetch(state, "/reservations", {**params, "user_id": reservation["user_id"]}, everything), reservation)
        except ApiError:
            found = []
    return found or [reservation]


def _same_series(page: dict[str, Any], reservation: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in page.get("data") or [] if r.get("series_id") == reservation["series_id"]]


def _local(value: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(value).astimezone(tz)


def describe_series(occurrences: list[dict[str, Any]], timezone: str) -> str:
    """``every week on Monday, Wednesday, Friday, 09:00-10:00 Europe/Paris; 12 occurrences, 2030-01-13 to 2030-02-08``."""
    try:
        tz = ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    dated = [r for r in occurrences if r.get("start_time") and r.get("end_time")]
    if not dated:
        return "no occurrences found"
    starts = [_local(r["start_time"], tz) for r in dated]
    first, first_end = starts[0], _local(dated[0]["end_time"], tz)
    days = sorted({s.date() for s in starts})
    clock = f"{first:%H:%M}-{first_end:%H:%M} {tz.key}"
    span = f"{len(dated)} occurrence(s), {days[0].isoformat()} to {days[-1].isoformat()}"
    return f"{_pattern(days)}, {clock}; {span}"


def _pattern(days: list[date]) -> str:
    if len(days) == 1:
        return f"once, on {day_names([days[0].weekday()])}"
    gaps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    if gaps == {1}:
        return "every day"
    if len({d.day for d in days}) == 1 and min(gaps) >= 28:
        months = {(b.year - a.year) * 12 + b.month - a.month for a, b in zip(days, days[1:], strict=False)}
        every = "every month" if min(months) == 1 else f"every {min(months)} months"
        return f"{every} on day {days[0].day}"
    if len(gaps) == 1 and min(gaps) % 7 != 0:
        return f"every {min(gaps)} days"
    weeks = {(b.toordinal() - b.weekday() - a.toordinal() + a.weekday()) // 7 for a, b in zip(days, days[1:], strict=False)} - {0}
    every = "every week" if not weeks or min(weeks) == 1 else f"every {min(weeks)} weeks"
    return f"{every} on {day_names(sorted({d.weekday() for d in days}))}"
