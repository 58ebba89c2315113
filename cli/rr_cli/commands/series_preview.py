"""What a recurring booking will do, shown before it is made: the weekdays as names and the first
occurrences, expanded like the booking service does (RFC 5545 in the resource's time zone, so
09:00 stays 09:00 across daylight-saving changes) and printed in this machine's time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from rr_cli.output import Output
from rr_cli.weekdays import FULL_NAMES, day_names

SHOWN = 5
# dateutil's frequencies, YEARLY (0) to SECONDLY (6).
Frequency = Literal[0, 1, 2, 3, 4, 5, 6]
FREQUENCIES: dict[str, Frequency] = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY, "yearly": YEARLY}
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Never walk further than this looking for occurrences (a rule such as 30 February never matches).
HORIZON = timedelta(days=3660)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _rule(body: dict[str, Any], first: datetime, tz: ZoneInfo) -> rrule:
    if body.get("rrule"):
        text = str(body["rrule"]).strip()
        parsed = rrulestr(text[6:] if text.upper().startswith("RRULE:") else text, dtstart=first)
        assert isinstance(parsed, rrule)
        return parsed
    until = None
    if body.get("end_date"):
        until = datetime.combine(date.fromisoformat(body["end_date"]), time(23, 59, 59), tzinfo=tz)
    return rrule(
        FREQUENCIES[body["frequency"]],
        dtstart=first,
        interval=body.get("interval") or 1,
        byweekday=body.get("days_of_week") or None,
        count=body.get("occurrence_count") or None,
        until=until,
    )


def first_occurrences(
    body: dict[str, Any], start: datetime, timezone: str, shown: int = SHOWN
) -> list[datetime] | None:
    """The first ``shown`` starts (aware, in the resource's zone), or None if the rule cannot be read here
    (the server then judges it)."""
    tz = _zone(timezone)
    first = start.astimezone(tz)
    skipped = {str(d)[:10] for d in body.get("exdates") or []}
    try:
        rule = _rule(body, first, tz)
        bounded = rule.replace(until=min(rule._until or first + HORIZON, first + HORIZON).astimezone(UTC))  # type: ignore[attr-defined]
        starts = (s for s in islice(iter(bounded), rule._count) if s.date().isoformat() not in skipped)  # type: ignore[attr-defined]
        return list(islice(starts, shown))
    except (ValueError, TypeError, KeyError):
        return None


def weekday_names(body: dict[str, Any], start: datetime, timezone: str) -> str:
    """The days a weekly rule repeats on, as names (``Monday, Wednesday, Friday``); "" for other rules."""
    if body.get("days_of_week"):
        return day_names(body["days_of_week"])
    rule_parts = dict(p.partition("=")[::2] for p in str(body.get("rrule") or "").upper().replace(" ", "").split(";"))
    if rule_parts.get("BYDAY"):
        codes = [c[-2:] for c in rule_parts["BYDAY"].split(",")]
        return day_names(sorted({RRULE_DAYS.index(c) for c in codes if c in RRULE_DAYS}))
    if body.get("frequency") == "weekly" or rule_parts.get("FREQ") == "WEEKLY":
        return FULL_NAMES[start.astimezone(_zone(timezone)).weekday()]
    return ""


def print_preview(
    out: Output, body: dict[str, Any], start: datetime, length: timedelta, timezone: str, rule_text: str
) -> None:
    """On stderr (stdout stays for the answer, --json included): the rule, its weekdays, the first starts."""
    lines = [f"Series: {rule_text} ({length_text(length)} each)."]
    days = weekday_names(body, start, timezone)
    if days:
        lines.append(f"Days: {days}.")
    starts = first_occurrences(body, start, timezone)
    if starts is None:
        lines.append("The first occurrences cannot be worked out here; the server will check the rule.")
    elif not starts:
        lines.append("The rule has no occurrence in the next ten years.")
    else:
        lines.append(f"First {len(starts)} occurrence(s), in this machine's time:")
        lines += [
            f"  {s.astimezone().strftime('%a %Y-%m-%d %H:%M')} - {(s + length).astimezone().strftime('%H:%M')}"
            for s in starts
        ]
    for line in lines:
        out.err.print(line, markup=False, highlight=False, soft_wrap=True)


def length_text(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours}h" if hours else "", f"{rest}m" if rest else "") if part) or "0m"
