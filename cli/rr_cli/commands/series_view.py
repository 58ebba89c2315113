"""A series seen from one of its occurrences, from GET /reservations/series/{id}: its rule in
words, the occurrences cancelled or moved, and its occurrences."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rr_cli.output import Column
from rr_cli.state import AppState
from rr_cli.weekdays import FULL_NAMES

OCCURRENCE_COLUMNS = [
    Column("", lambda r: "*" if r.get("shown") else " "),
    Column("ID", "id", justify="right"),
    Column("Local start", "start_time_local"),
    Column("Local end", "end_time_local"),
    Column("Status", "status"),
]
EXCEPTION_COLUMNS = [
    Column("Originally", "recurrence_id_local"),
    Column("What happened", "kind"),
    Column("ID", lambda e: (e.get("reservation") or {}).get("id"), justify="right"),
    Column("Now", lambda e: (e.get("reservation") or {}).get("start_time_local") if e.get("kind") == "moved" else ""),
]
FREQUENCIES = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
BYDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def get_series(state: AppState, series_id: int) -> dict[str, Any]:
    """The series with every occurrence the API holds (a series has at most 1000)."""
    answer: dict[str, Any] = state.client.get(f"/reservations/series/{series_id}", params={"limit": 1000})
    return answer


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _parts(rrule: str) -> dict[str, str]:
    """``FREQ=WEEKLY;BYDAY=MO`` (possibly after ``DTSTART...`` and ``RRULE:`` lines) as a dict."""
    line = next((part for part in rrule.replace("RRULE:", "\n").splitlines() if "FREQ=" in part), "")
    return dict(item.split("=", 1) for item in line.strip().split(";") if "=" in item)


def describe_series(series: dict[str, Any]) -> str:
    """``every week on Monday, Wednesday, 09:00-10:00 Europe/Paris; 10 times (8 left)`` from the stored rule."""
    tz = _zone(str(series.get("timezone") or ""))
    parts = _parts(str(series.get("rrule") or ""))
    unit = FREQUENCIES.get(parts.get("FREQ", ""), "")
    if not unit:
        return f"rule {series.get('rrule')}"
    interval = int(parts.get("INTERVAL", "1") or 1)
    text = f"every {interval} {unit}s" if interval > 1 else f"every {unit}"
    days = [BYDAY[d[-2:]] for d in parts.get("BYDAY", "").split(",") if d[-2:] in BYDAY]
    if days:
        text += " on " + ", ".join(FULL_NAMES[d] for d in days)
    if series.get("start_time") and series.get("end_time"):
        start, end = (datetime.fromisoformat(series[k]).astimezone(tz) for k in ("start_time", "end_time"))
        text += f", {start:%H:%M}-{end:%H:%M} {tz.key}, from {start.date().isoformat()}"
    if parts.get("COUNT"):
        text += f"; {parts['COUNT']} times"
    elif parts.get("UNTIL"):
        until = parts["UNTIL"]
        text += f"; until {until[:4]}-{until[4:6]}-{until[6:8]}"
    return text
