"""rr reservations: create (one-off or recurring), list, show, cancel, cancel-series, history,
export-ics, check-in."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from rr_cli.commands.options import Order, Output, Yes
from rr_cli.commands.recurrence import (
    Days,
    Interval,
    RecurrenceCount,
    RecurrenceEnd,
    RecurrenceOpt,
    Rrule,
    SkipConflicts,
    SkipDate,
    describe_recurrence,
    print_report,
    recurrence_body,
)
from rr_cli.commands.series_preview import print_preview
from rr_cli.commands.series_view import EXCEPTION_COLUMNS, describe_series, get_series
from rr_cli.commands.series_view import OCCURRENCE_COLUMNS as SERIES_COLUMNS
from rr_cli.commands.slot_args import ResourceOpt, Words, resolve_slot
from rr_cli.downloads import download_to
from rr_cli.errors import ApiError
from rr_cli.help import examples
from rr_cli.output import Column, Mode
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.prompts import confirm
from rr_cli.state import get_state
from rr_cli.timefmt import rfc3339

app = typer.Typer(no_args_is_help=True)

COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("Resource", lambda r: (r.get("resource") or {}).get("name") or r.get("resource_id")),
    Column("Start", "start_time"),
    Column("End", "end_time"),
    Column("Status", "status"),
    Column("Notes", "notes"),
]
DETAIL = [
    *COLUMNS,
    Column("Resource id", "resource_id"),
    Column("User id", "user_id"),
    Column("Resource time zone", "timezone"),
    Column("Local start", "start_time_local"),
    Column("Local end", "end_time_local"),
    Column("Series", "series_id"),
    Column("Cancellation reason", "cancellation_reason"),
    Column("Created", "created_at"),
    Column("Updated", "updated_at"),
]
ReservationId = Annotated[int, typer.Argument(min=1, help="The reservation's id.")]
DATE_HELP = "'2030-01-15 09:00' (local time) or RFC 3339."


CREATE_EXAMPLES = (
    "rr reservations create 12 '2030-01-15 09:00' 2h",
    "rr reservations create --resource 12 '2030-01-15 09:00' '2030-01-15 10:30'",
    "rr reservations create 3 --start '2030-01-15 09:00' --end '2030-01-15 10:00'",
    "rr reservations create 3 --start 2030-01-15T09:00:00+01:00 --duration 90m --notes 'Team sync'",
    "rr reservations create 3 '2030-01-13 09:00' 1h --recurrence weekly --days mon,wed,fri --recurrence-count 12",
    "rr reservations create 3 --start '2030-01-13 09:00' --duration 1h --rrule 'FREQ=DAILY;COUNT=5' --skip-conflicts --yes",
)
RESERVE_EXAMPLES = examples(
    "rr reserve 12 '2030-01-15 09:00' 2h", "rr reserve 12 tomorrow 09:00 90m --notes 'Team sync'"
)


@app.command(epilog=examples(*CREATE_EXAMPLES))
def create(
    ctx: typer.Context,
    words: Words = None,
    resource: ResourceOpt = None,
    start: Annotated[
        str | None, typer.Option("--start", help=f"When it starts (instead of START): {DATE_HELP}")
    ] = None,
    end: Annotated[str | None, typer.Option("--end", help="When it ends (or use --duration).")] = None,
    duration: Annotated[str | None, typer.Option("--duration", help="How long: 30m, 2h, 1h30m.")] = None,
    notes: Annotated[str, typer.Option("--notes", help="Shown on the booking.")] = "",
    recurrence: RecurrenceOpt = None,
    interval: Interval = 1,
    days: Days = None,
    recurrence_end: RecurrenceEnd = None,
    recurrence_count: RecurrenceCount = None,
    rrule: Rrule = None,
    skip_date: SkipDate = None,
    skip_conflicts: SkipConflicts = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Book a series without asking (its first occurrences are still printed)."),
    ] = False,
) -> None:
    """Book a resource once, or on a recurring schedule (shows the first occurrences and asks before booking a series)."""
    state = get_state(ctx)
    slot = resolve_slot(words, resource, start, end, duration)
    body: dict[str, Any] = {
        "resource_id": slot.resource_id,
        "start_time": slot.start,
        "end_time": slot.end,
        "notes": notes,
    }
    rule = recurrence_body(recurrence, interval, days, recurrence_end, recurrence_count, rrule, skip_date)
    if rule is None:
        if skip_conflicts:
            raise typer.BadParameter(
                "--skip-conflicts only applies to a recurring booking.", param_hint="--skip-conflicts"
            )
        booked = state.client.post("/reservations", body, idempotent=True)
        state.output.record(booked, DETAIL, message=f"Booked reservation {booked['id']}.")
        return
    described = describe_recurrence(rule)
    zone = str(state.client.get(f"/resources/{slot.resource_id}").get("timezone") or "UTC")
    begin = datetime.fromisoformat(slot.start)
    print_preview(state.output, rule, begin, datetime.fromisoformat(slot.end) - begin, zone, described)
    confirm(f"Book this series on resource {slot.resource_id}?", yes)
    body |= {"recurrence": rule, "conflict_policy": "skip_conflicts" if skip_conflicts else "all_or_nothing"}
    try:
        answer = state.client.post("/reservations/recurring", body, idempotent=True)
    except ApiError as exc:
        if state.output.is_table and exc.body.get("occurrences"):
            print_report(state.output, exc.body, to_stderr=True)
        raise
    _series_done(ctx, answer, described)


def _series_done(ctx: typer.Context, answer: dict[str, Any], rule: str) -> None:
    out = get_state(ctx).output
    series = answer.get("series_id") or (answer.get("series") or {}).get("id")
    created = answer.get("created") or []
    if not out.is_table:
        out.done("", answer, series)
        return
    out.success(
        f"Series {series}: {len(created)} occurrence(s) booked, {len(answer.get('skipped') or [])} skipped ({rule})."
    )
    print_report(out, answer)


class SortBy(StrEnum):
    start_time = "start_time"
    created_at = "created_at"


class Status(StrEnum):
    pending_approval = "pending_approval"
    confirmed = "confirmed"
    held = "held"
    checked_in = "checked_in"
    cancelled = "cancelled"
    completed = "completed"
    rejected = "rejected"
    no_show = "no_show"
    expired = "expired"


@app.command(
    "list",
    epilog=examples(
        "rr reservations list --upcoming",
        "rr reservations list --status cancelled --resource 3",
        "rr reservations list --from 2030-01-01 --to '2030-02-01 00:00' --all",
        "rr reservations list --past --sort created_at --order desc",
        "rr reservations list --everyone --user 12",
    ),
)
def list_(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option("--status", help="Only in this status.")] = None,
    resource: Annotated[int | None, typer.Option("--resource", min=1, help="Only on this resource.")] = None,
    upcoming: Annotated[bool, typer.Option("--upcoming", help="Only those that have not ended.")] = False,
    from_: Annotated[str | None, typer.Option("--from", help=f"Starting at or after: {DATE_HELP}")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Starting before this time.")] = None,
    past: Annotated[bool, typer.Option("--past", help="Only those that have ended.")] = False,
    everyone: Annotated[
        bool, typer.Option("--everyone", help="Everyone's reservations (managers and admins).")
    ] = False,
    user: Annotated[int | None, typer.Option("--user", min=1, help="With --everyone: only this user's.")] = None,
    sort: Annotated[SortBy | None, typer.Option("--sort", help="Sort by start time (default) or creation.")] = None,
    order: Order = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """Your reservations (or, with --everyone, all of them), by start time."""
    state = get_state(ctx)
    if user and not everyone:
        raise typer.BadParameter("--user needs --everyone.", param_hint="--user")
    params = {
        "status": status.value if status else None,
        "resource_id": resource,
        "upcoming": upcoming or None,
        "past": past or None,
        "user_id": user,
        "sort_by": sort.value if sort else None,
        "sort_order": order.value if order else None,
        "from": rfc3339(_with_time(from_), "--from") if from_ else None,
        "to": rfc3339(_with_time(to), "--to") if to else None,
    }
    path = "/reservations" if everyone else "/reservations/my"
    state.output.page(
        fetch(state, path, params, Paging(limit, cursor, all_, yes), "reservations"), COLUMNS, noun="reservations"
    )


UPCOMING_EXAMPLES = examples("rr upcoming", "rr upcoming --all", "rr --json upcoming --limit 5")


def upcoming(ctx: typer.Context, limit: Limit = 20, cursor: Cursor = None, all_: All = False, yes: Yes = False) -> None:
    """Your reservations that have not ended yet, soonest first (the old CLI's `upcoming`)."""
    state = get_state(ctx)
    params = {"upcoming": True, "sort_by": "start_time", "sort_order": "asc"}
    state.output.page(
        fetch(state, "/reservations/my", params, Paging(limit, cursor, all_, yes), "reservations"),
        COLUMNS,
        noun="upcoming reservations",
    )


def _with_time(value: str | None) -> str:
    """A bare date means its midnight (local time)."""
    text = (value or "").strip()
    return f"{text} 00:00" if len(text) == 10 else text


@app.command(epilog=examples("rr reservations show 42", "rr --json reservations show 42"))
def show(ctx: typer.Context, reservation_id: ReservationId) -> None:
    """One reservation, with the resource's local times; for a series, also its rule and every occurrence."""
    state = get_state(ctx)
    out = state.output
    reservation = state.client.get(f"/reservations/{reservation_id}")
    if not reservation.get("series_id") or out.mode is Mode.QUIET:
        out.record(reservation, DETAIL)
        return
    series = get_series(state, int(reservation["series_id"]))
    rule = describe_series(series)
    if out.mode is Mode.JSON:  # the API's reservation, plus its series as GET /reservations/series/{id} gives it
        out.emit_json({**reservation, "series": {**series, "rule": rule}})
        return
    out.record(reservation, DETAIL)
    out.line(f"Series {reservation['series_id']}: {rule}", style="bold")
    if series.get("exceptions"):
        out.table(series["exceptions"], EXCEPTION_COLUMNS, title="Occurrences cancelled or moved")
    marked = [{**r, "shown": r.get("id") == reservation_id} for r in series.get("occurrences") or []]
    out.table(
        marked,
        SERIES_COLUMNS,
        title=f"Occurrences (* = reservation {reservation_id}), in {reservation.get('timezone') or 'the resource time zone'}",
    )


class Scope(StrEnum):
    this = "this"
    following = "following"
    series = "series"


Reason = Annotated[str, typer.Option("--reason", help="Why (shown in the history).")]


@app.command(
    epilog=examples(
        "rr reservations cancel 42 --reason 'Meeting moved'", "rr reservations cancel 42 --scope following --yes"
    )
)
def cancel(
    ctx: typer.Context,
    reservation_id: ReservationId,
    reason: Reason = "",
    scope: Annotated[
        Scope, typer.Option("--scope", help="For a series: this one, this and the following, or the whole series.")
    ] = Scope.this,
    yes: Yes = False,
) -> None:
    """Cancel a reservation (frees the slot; the first person on the waitlist is offered it)."""
    _cancel(ctx, reservation_id, reason, scope, yes)


@app.command("cancel-series", epilog=examples("rr reservations cancel-series 42 --yes"))
def cancel_series(
    ctx: typer.Context,
    reservation_id: Annotated[int, typer.Argument(min=1, help="Any reservation of the series.")],
    reason: Reason = "",
    yes: Yes = False,
) -> None:
    """Cancel every occurrence of the series a reservation belongs to."""
    _cancel(ctx, reservation_id, reason, Scope.series, yes)


def _cancel(ctx: typer.Context, reservation_id: int, reason: str, scope: Scope, yes: bool) -> None:
    state = get_state(ctx)
    what = {
        Scope.this: "reservation",
        Scope.following: "this and the following occurrences of reservation",
        Scope.series: "the whole series of reservation",
    }[scope]
    confirm(f"Cancel {what} {reservation_id}?", yes)
    answer = state.client.post(f"/reservations/{reservation_id}/cancel", {"reason": reason, "scope": scope.value})
    state.output.done(f"Cancelled {what} {reservation_id}.", answer, reservation_id)


HISTORY_COLUMNS = [
    Column("When", "created_at"),
    Column("From", "from_status"),
    Column("To", "to_status", style="bold"),
    Column("By user", "actor_user_id"),
    Column("Reason", "reason"),
]


@app.command(epilog=examples("rr reservations history 42"))
def history(ctx: typer.Context, reservation_id: ReservationId) -> None:
    """Every state change of a reservation."""
    state = get_state(ctx)
    entries = state.client.get(f"/reservations/{reservation_id}/history")
    state.output.rows(entries, HISTORY_COLUMNS, title=f"History of reservation {reservation_id}", empty="No history.")


@app.command(
    "export-ics",
    epilog=examples("rr reservations export-ics 42 -o meeting.ics", "rr reservations export-ics 42 > meeting.ics"),
)
def export_ics(ctx: typer.Context, reservation_id: ReservationId, output: Output = None) -> None:
    """A reservation as an iCalendar (.ics) file for your calendar app."""
    download_to(get_state(ctx), f"/calendar/export/{reservation_id}.ics", output)


@app.command("check-in", epilog=examples("rr reservations check-in 42"))
def check_in(ctx: typer.Context, reservation_id: ReservationId) -> None:
    """Check in to a reservation that has started (resources that require check-in release no-shows)."""
    state = get_state(ctx)
    answer = state.client.post(f"/reservations/{reservation_id}/check-in")
    state.output.done(f"Checked in to reservation {reservation_id}.", answer, reservation_id)
