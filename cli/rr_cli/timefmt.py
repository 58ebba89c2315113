"""Times in and out. Input: ``2025-01-15 09:00`` (this machine's time zone), full RFC 3339
(``2025-01-15T09:00:00+01:00``, ``...Z``), or ``today``/``tomorrow`` with a time. Output: the
local time, to the minute."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import typer

ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
DURATION = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m?)?$")
RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
DATE_FORMAT_HELP = "'2025-01-15 09:00' (local time) or RFC 3339 such as 2025-01-15T09:00:00+01:00"


def parse_when(value: str, option: str) -> datetime:
    """An aware datetime; a time without an offset is in this machine's time zone."""
    text = value.strip()
    word, _, rest = text.partition(" ")
    if word.lower() in RELATIVE_DAYS and rest:
        day = date.today() + timedelta(days=RELATIVE_DAYS[word.lower()])
        text = f"{day.isoformat()} {rest.strip()}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date and time; use {DATE_FORMAT_HELP}.", param_hint=option
        ) from None
    if moment.tzinfo is None:
        if len(text) <= 10:
            raise typer.BadParameter(f"'{value}' has no time of day; use {DATE_FORMAT_HELP}.", param_hint=option)
        moment = moment.astimezone()  # local zone, with the offset in force on that day
    return moment


def rfc3339(value: str, option: str) -> str:
    return parse_when(value, option).isoformat()


def parse_day(value: str, option: str) -> date:
    text = value.strip().lower()
    if text in RELATIVE_DAYS:
        return date.today() + timedelta(days=RELATIVE_DAYS[text])
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; use YYYY-MM-DD, today or tomorrow.", param_hint=option
        ) from None


def parse_duration(value: str, option: str) -> timedelta:
    """``90`` or ``90m`` minutes, ``2h``, ``1h30m``."""
    match = DURATION.match(value.strip().lower())
    if not value.strip() or match is None or not (match["h"] or match["m"]):
        raise typer.BadParameter(f"'{value}' is not a duration; use 30m, 2h or 1h30m.", param_hint=option)
    duration = timedelta(hours=int(match["h"] or 0), minutes=int(match["m"] or 0))
    if duration <= timedelta(0):
        raise typer.BadParameter("The duration must be longer than zero.", param_hint=option)
    return duration


def time_range(start: str, end: str | None, duration: str | None, start_option: str = "--start") -> tuple[str, str]:
    """Start and end as RFC 3339, from --start with --end or --duration."""
    begin = parse_when(start, start_option)
    if end and duration:
        raise typer.BadParameter("Give --end or --duration, not both.", param_hint="--end")
    if end:
        finish = parse_when(end, "--end")
    elif duration:
        finish = begin + parse_duration(duration, "--duration")
    else:
        raise typer.BadParameter("Say when it ends with --end or --duration.", param_hint="--end")
    if finish <= begin:
        raise typer.BadParameter("The end must be after the start.", param_hint="--end")
    return begin.isoformat(), finish.isoformat()


def looks_like_time(name: str, value: str) -> bool:
    return bool(ISO_PREFIX.match(value))


def show_time(value: str, keep_zone: bool = False) -> str:
    """An API timestamp in this machine's time zone (or, ``keep_zone``, in its own), ``2030-01-15 09:00``."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None and not keep_zone:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
