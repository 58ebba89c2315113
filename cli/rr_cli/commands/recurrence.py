"""The recurrence options of `rr reservations create`, turned into the API's recurrence body, and
the per-occurrence report of a series."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from rr_cli.commands.resource_hours import DAY_NAMES, parse_days
from rr_cli.output import Column, Output
from rr_cli.timefmt import parse_day


class Frequency(StrEnum):
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"


RecurrenceOpt = Annotated[
    Frequency | None,
    typer.Option("--recurrence", help="Repeat daily, weekly or monthly.", rich_help_panel="Recurrence"),
]
Interval = Annotated[
    int, typer.Option("--interval", min=1, max=52, help="Every N days/weeks/months.", rich_help_panel="Recurrence")
]
Days = Annotated[
    str | None,
    typer.Option(
        "--days",
        help="Weekly: day names or ISO numbers (1 = Monday ... 7 = Sunday; 0 is refused), e.g. mon,wed,fri or 1,3,5.",
        rich_help_panel="Recurrence",
    ),
]
RecurrenceEnd = Annotated[
    str | None, typer.Option("--recurrence-end", help="Last day (YYYY-MM-DD), inclusive.", rich_help_panel="Recurrence")
]
RecurrenceCount = Annotated[
    int | None, typer.Option("--recurrence-count", min=1, help="Number of occurrences.", rich_help_panel="Recurrence")
]
Rrule = Annotated[
    str | None,
    typer.Option(
        "--rrule", help="An RFC 5545 rule instead, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10.", rich_help_panel="Recurrence"
    ),
]
SkipDate = Annotated[
    list[str] | None,
    typer.Option("--skip-date", help="Leave out this day, YYYY-MM-DD (repeatable).", rich_help_panel="Recurrence"),
]
SkipConflicts = Annotated[
    bool,
    typer.Option(
        "--skip-conflicts",
        help="Book the free occurrences and report the taken ones (default: all or nothing).",
        rich_help_panel="Recurrence",
    ),
]


def recurrence_body(
    frequency: Frequency | None,
    interval: int,
    days: str | None,
    end: str | None,
    count: int | None,
    rrule: str | None,
    skip_dates: list[str] | None,
) -> dict[str, Any] | None:
    """None for a single booking; otherwise the API's ``recurrence`` object (simple form or RRULE)."""
    simple_given = frequency is not None or days or end or count or interval != 1
    if rrule and simple_given:
        raise typer.BadParameter(
            "Give either --rrule or --recurrence with its options, not both.", param_hint="--rrule"
        )
    skips = [parse_day(d, "--skip-date").isoformat() for d in skip_dates or []]
    if rrule:
        return {"rrule": rrule.strip(), "exdates": skips}
    if not simple_given:
        if skips:
            raise typer.BadParameter("--skip-date only applies to a recurring booking.", param_hint="--skip-date")
        return None
    if frequency is None:
        raise typer.BadParameter(
            "Say how it repeats with --recurrence daily, weekly or monthly.", param_hint="--recurrence"
        )
    if end and count:
        raise typer.BadParameter(
            "Give --recurrence-end or --recurrence-count, not both.", param_hint="--recurrence-end"
        )
    if days and frequency is not Frequency.weekly:
        raise typer.BadParameter("--days only applies to --recurrence weekly.", param_hint="--days")
    body: dict[str, Any] = {"frequency": frequency.value, "interval": interval, "exdates": skips}
    if days:
        body["days_of_week"] = parse_days(days, "--days")
    if end:
        body |= {"end_type": "on_date", "end_date": parse_day(end, "--recurrence-end").isoformat()}
    elif count:
        body |= {"end_type": "after_occurrences", "occurrence_count": count}
    else:
        body["end_type"] = "never"
    return body


def describe_recurrence(body: dict[str, Any]) -> str:
    if body.get("rrule"):
        return f"rule {body['rrule']}"
    every = {"daily": "day", "weekly": "week", "monthly": "month"}[body["frequency"]]
    text = f"every {body['interval']} {every}s" if body["interval"] > 1 else f"every {every}"
    if body.get("days_of_week"):
        text += " on " + ", ".join(DAY_NAMES[d].title() for d in body["days_of_week"])
    if body.get("end_date"):
        text += f" until {body['end_date']}"
    elif body.get("occurrence_count"):
        text += f", {body['occurrence_count']} times"
    return text


OCCURRENCE_COLUMNS = [
    Column("Result", "result"),
    Column("ID", "id", justify="right"),
    Column("Start", "start_time"),
    Column("End", "end_time"),
    Column("Status / reason", "detail"),
]


def occurrence_rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """Created and skipped occurrences (or, for a refusal, the server's ``occurrences``) in time order."""
    rows = [
        {
            "result": "booked",
            "id": r.get("id"),
            "start_time": r.get("start_time"),
            "end_time": r.get("end_time"),
            "detail": r.get("status"),
        }
        for r in answer.get("created") or []
    ]
    for s in [*(answer.get("skipped") or []), *(answer.get("occurrences") or [])]:
        rows.append(
            {
                "result": "skipped",
                "id": None,
                "start_time": s.get("start_time"),
                "end_time": s.get("end_time"),
                "detail": s.get("reason") or s.get("code"),
            }
        )
    return sorted(rows, key=lambda r: str(r["start_time"] or ""))


def print_report(out: Output, answer: dict[str, Any], *, to_stderr: bool = False) -> None:
    rows = occurrence_rows(answer)
    if not rows:
        return
    booked = sum(1 for r in rows if r["result"] == "booked")
    title = f"{booked} of {len(rows)} occurrences booked"
    out.table(rows, OCCURRENCE_COLUMNS, title=title, stderr=to_stderr)
