"""rr admin audit / analytics: the audit log, and how resources are used."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from rr_cli.commands.options import Output, Yes
from rr_cli.commands.resource_hours import DAY_NAMES
from rr_cli.downloads import download_to
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.state import get_state
from rr_cli.timefmt import rfc3339

audit_app = typer.Typer(no_args_is_help=True)
analytics_app = typer.Typer(no_args_is_help=True)

AUDIT_COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("When", "occurred_at"),
    Column("Action", "action", style="bold"),
    Column("Entity", lambda e: f"{e.get('entity_type') or '-'} {e.get('entity_id') or ''}".strip()),
    Column("User", lambda e: e.get("user_id") or e.get("actor_user_id")),
    Column("Service", "source_service"),
]
From = Annotated[str | None, typer.Option("--from", help="From this time (inclusive): '2030-01-15 09:00' or RFC 3339.")]
To = Annotated[str | None, typer.Option("--to", help="Up to this time (exclusive).")]
UserOpt = Annotated[int | None, typer.Option("--user", min=1, help="Done by this user id.")]
Action = Annotated[str | None, typer.Option("--action", help="e.g. reservation.cancelled.")]
EntityType = Annotated[str | None, typer.Option("--entity-type", help="e.g. reservation, resource, user.")]
Service = Annotated[str | None, typer.Option("--service", help="auth, catalog, booking, waitlist or notify.")]


def _window(start: str | None, end: str | None) -> dict[str, Any]:
    return {
        "start_date": rfc3339(start, "--from") if start else None,
        "end_date": rfc3339(end, "--to") if end else None,
    }


def _audit_filters(
    user: int | None,
    action: str | None,
    entity_type: str | None,
    service: str | None,
    start: str | None,
    end: str | None,
) -> dict[str, Any]:
    return {
        "user_id": user,
        "action": action,
        "entity_type": entity_type,
        "source_service": service,
        **_window(start, end),
    }


@audit_app.command(
    "list",
    epilog=examples(
        "rr admin audit list",
        "rr admin audit list --action reservation.cancelled --from 2030-01-01T00:00:00Z",
        "rr admin audit list --user 12 --all --yes",
    ),
)
def audit_list(
    ctx: typer.Context,
    user: UserOpt = None,
    action: Action = None,
    entity_type: EntityType = None,
    service: Service = None,
    start: From = None,
    end: To = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """Audit entries, newest first (admins)."""
    state = get_state(ctx)
    params = _audit_filters(user, action, entity_type, service, start, end)
    state.output.page(
        fetch(state, "/audit/logs", params, Paging(limit, cursor, all_, yes), "audit entries"),
        AUDIT_COLUMNS,
        noun="audit entries",
    )


@audit_app.command("show", epilog=examples("rr admin audit show 120"))
def audit_show(ctx: typer.Context, entry_id: Annotated[int, typer.Argument(min=1, help="The entry's id.")]) -> None:
    """One audit entry with its payload."""
    state = get_state(ctx)
    state.output.record(state.client.get(f"/audit/logs/{entry_id}"))


@audit_app.command("entity", epilog=examples("rr admin audit entity reservation 42"))
def audit_entity(
    ctx: typer.Context,
    entity_type: Annotated[str, typer.Argument(help="reservation, resource, user, ...")],
    entity_id: Annotated[str, typer.Argument(help="Its id.")],
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """The history of one object."""
    state = get_state(ctx)
    page = fetch(
        state, f"/audit/entity/{entity_type}/{entity_id}", {}, Paging(limit, cursor, all_, yes), "audit entries"
    )
    state.output.page(page, AUDIT_COLUMNS, noun="audit entries")


@audit_app.command("mine", epilog=examples("rr admin audit mine --from 2030-01-01T00:00:00Z"))
def audit_mine(
    ctx: typer.Context,
    action: Action = None,
    start: From = None,
    end: To = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """What you did."""
    state = get_state(ctx)
    params = _audit_filters(None, action, None, None, start, end)
    state.output.page(
        fetch(state, "/audit/my-activity", params, Paging(limit, cursor, all_, yes), "audit entries"),
        AUDIT_COLUMNS,
        noun="audit entries",
    )


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@audit_app.command(
    "export",
    epilog=examples(
        "rr admin audit export --format csv -o audit.csv",
        "rr admin audit export --format json --action user.locked > locked.json",
    ),
)
def audit_export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv or json.")] = ExportFormat.csv,
    output: Output = None,
    user: UserOpt = None,
    action: Action = None,
    entity_type: EntityType = None,
    service: Service = None,
    start: From = None,
    end: To = None,
) -> None:
    """Export matching audit entries as CSV or JSON (admins)."""
    params = _audit_filters(user, action, entity_type, service, start, end)
    download_to(get_state(ctx), f"/audit/export/{fmt.value}", output, params)


Resource = Annotated[int | None, typer.Option("--resource", min=1, help="Only this resource.")]
Top = Annotated[int | None, typer.Option("--top", min=1, max=100, help="How many rows.")]


def _analytics(
    ctx: typer.Context, path: str, start: str | None, end: str | None, resource: int | None, top: int | None, title: str
) -> None:
    state = get_state(ctx)
    answer = state.client.get(path, {**_window(start, end), "resource_id": resource, "limit": top})
    if state.output.is_table and isinstance(answer, dict):
        lists = {k: v for k, v in answer.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)}
        scalars = {k: v for k, v in answer.items() if k not in lists}
        if scalars:
            state.output.record(scalars, title=title)
        for name, rows in lists.items():
            state.output.rows(rows, title=name.replace("_", " ").capitalize())
        return
    state.output.auto(answer, title=title)


@analytics_app.command(
    epilog=examples(
        "rr admin analytics dashboard", "rr admin analytics dashboard --from '2030-01-01 00:00' --to '2030-02-01 00:00'"
    )
)
def dashboard(ctx: typer.Context, start: From = None, end: To = None, resource: Resource = None) -> None:
    """Totals: reservations by status, booked hours, active users, no-show and cancellation rates."""
    _analytics(ctx, "/analytics/dashboard", start, end, resource, None, "Dashboard")


@analytics_app.command(epilog=examples("rr admin analytics utilization", "rr admin analytics utilization --resource 3"))
def utilization(
    ctx: typer.Context, start: From = None, end: To = None, resource: Resource = None, top: Top = None
) -> None:
    """Booked hours against open hours, per resource."""
    _analytics(ctx, "/analytics/utilization", start, end, resource, top, "Utilisation")


@analytics_app.command(epilog=examples("rr admin analytics popular --top 5"))
def popular(ctx: typer.Context, start: From = None, end: To = None, top: Top = None) -> None:
    """The most booked resources."""
    _analytics(ctx, "/analytics/popular-resources", start, end, None, top, "Popular resources")


@analytics_app.command("peak-times", epilog=examples("rr admin analytics peak-times --resource 3"))
def peak_times(ctx: typer.Context, start: From = None, end: To = None, resource: Resource = None) -> None:
    """Bookings by weekday and hour (a week-by-hour grid; --json adds every cell)."""
    state = get_state(ctx)
    answer = state.client.get("/analytics/peak-times", {**_window(start, end), "resource_id": resource})
    matrix = answer.get("matrix") if isinstance(answer, dict) else None
    if not state.output.is_table or not isinstance(matrix, list) or not all(isinstance(row, list) for row in matrix):
        state.output.auto(answer, title="Peak times")
        return
    hours = max((len(row) for row in matrix), default=0)
    rows = [
        {
            "day": DAY_NAMES[i].title() if i < len(DAY_NAMES) else str(i),
            **{f"{h:02d}": row[h] if h < len(row) else 0 for h in range(hours)},
        }
        for i, row in enumerate(matrix)
    ]
    state.output.rows(
        rows,
        [Column("Day", "day", style="bold"), *(Column(f"{h:02d}", f"{h:02d}", justify="right") for h in range(hours))],
        title="Bookings by weekday and starting hour",
        key="day",
    )


@analytics_app.command("user-patterns", epilog=examples("rr admin analytics user-patterns --top 10"))
def user_patterns(ctx: typer.Context, start: From = None, end: To = None, top: Top = None) -> None:
    """How people book: the most active users, typical lead time and length."""
    _analytics(ctx, "/analytics/user-patterns", start, end, None, top, "User patterns")


class Report(StrEnum):
    utilization = "utilization"
    reservations = "reservations"


@analytics_app.command(
    "export",
    epilog=examples(
        "rr admin analytics export utilization -o utilization.csv",
        "rr admin analytics export reservations --from '2030-01-01 00:00' > reservations.csv",
    ),
)
def export(
    ctx: typer.Context,
    report: Annotated[Report, typer.Argument(help="utilization or reservations.")],
    output: Output = None,
    start: From = None,
    end: To = None,
    resource: Resource = None,
) -> None:
    """Download a report as CSV (default window: the last 30 days)."""
    download_to(
        get_state(ctx),
        f"/analytics/export/{report.value}.csv",
        output,
        {**_window(start, end), "resource_id": resource},
    )
