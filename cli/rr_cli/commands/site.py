"""rr site hours / blackouts: the opening hours and closed days that apply to every resource."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli.commands.options import Yes
from rr_cli.commands.resource_hours import BLACKOUT_COLUMNS, HOURS_COLUMNS, parse_spec
from rr_cli.help import examples
from rr_cli.prompts import confirm
from rr_cli.state import get_state
from rr_cli.timefmt import parse_day

app = typer.Typer(no_args_is_help=True)
hours_app = typer.Typer(no_args_is_help=True)
blackouts_app = typer.Typer(no_args_is_help=True)
app.add_typer(
    hours_app, name="hours", help="Site-wide opening hours: every resource without hours of its own follows them."
)
app.add_typer(blackouts_app, name="blackouts", help="Site-wide closed days: every resource is closed on them.")
SITE_COLUMNS = list(BLACKOUT_COLUMNS)


def _show_hours(ctx: typer.Context, answer: dict[str, Any], message: str | None = None) -> None:
    out = get_state(ctx).output
    if not out.is_table:
        out.done(message or "", answer)
        return
    if message:
        out.success(message)
    out.rows(
        answer.get("intervals") or [],
        HOURS_COLUMNS,
        title="Site-wide opening hours (each resource's local time)",
        empty="Open around the clock (no site-wide hours).",
    )


@hours_app.command("show", epilog=examples("rr site hours show"))
def hours_show(ctx: typer.Context) -> None:
    """Site-wide opening hours, read in each resource's own time zone."""
    _show_hours(ctx, get_state(ctx).client.get("/site/business-hours"))


@hours_app.command(
    "set",
    epilog=examples(
        "rr site hours set 'mon-fri 08:00-18:00'",
        "rr site hours set 'mon-fri 08:00-12:00' 'mon-fri 13:00-18:00' 'sat 09:00-12:00'",
    ),
)
def hours_set(
    ctx: typer.Context,
    specs: Annotated[
        list[str],
        typer.Argument(
            metavar="SPEC...",
            help="'DAYS HH:MM-HH:MM'; days as mon-fri, sat,sun or ISO numbers 1-5 (1 = Monday, 7 = Sunday).",
        ),
    ],
) -> None:
    """Replace the site-wide week (admins and managers); resources with hours of their own keep them."""
    intervals = [interval for spec in specs for interval in parse_spec(spec)]
    _show_hours(ctx, get_state(ctx).client.put("/site/business-hours", intervals), "Site-wide opening hours replaced.")


@hours_app.command("clear", epilog=examples("rr site hours clear --yes"))
def hours_clear(ctx: typer.Context, yes: Yes = False) -> None:
    """Remove the site-wide hours: resources without hours of their own are open around the clock."""
    confirm("Make every resource without hours of its own open around the clock?", yes)
    _show_hours(ctx, get_state(ctx).client.put("/site/business-hours", []), "No site-wide opening hours.")


@blackouts_app.command("list", epilog=examples("rr site blackouts list"))
def blackouts_list(ctx: typer.Context) -> None:
    """Days every resource is closed."""
    state = get_state(ctx)
    state.output.page(state.client.get("/site/blackout-dates"), SITE_COLUMNS, noun="site-wide blackout dates")


@blackouts_app.command(
    "add",
    epilog=examples(
        "rr site blackouts add 2030-05-01 --reason 'Labour Day' --yearly",
        "rr site blackouts add 2030-12-24 --to 2030-12-31 --reason 'Winter closure'",
    ),
)
def blackouts_add(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="First closed day, YYYY-MM-DD (each resource's local day).")],
    to: Annotated[str | None, typer.Option("--to", help="Last closed day (inclusive); default: the same day.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Shown to people who try to book.")] = "",
    yearly: Annotated[bool, typer.Option("--yearly", help="Closed on these days every year.")] = False,
) -> None:
    """Close every resource on some days (admins and managers)."""
    state = get_state(ctx)
    body: dict[str, Any] = {"start_date": parse_day(start, "START").isoformat(), "reason": reason, "yearly": yearly}
    if to:
        body["end_date"] = parse_day(to, "--to").isoformat()
    created = state.client.post("/site/blackout-dates", body)
    state.output.record(
        created,
        SITE_COLUMNS,
        message=f"Every resource is closed from {created['start_date']} to {created['end_date']}.",
    )


@blackouts_app.command("remove", epilog=examples("rr site blackouts remove 12"))
def blackouts_remove(
    ctx: typer.Context, blackout_id: Annotated[int, typer.Argument(min=1, help="The blackout's id (see list).")]
) -> None:
    """Reopen: remove one site-wide blackout."""
    state = get_state(ctx)
    state.client.delete(f"/site/blackout-dates/{blackout_id}")
    state.output.done(f"Removed site-wide blackout {blackout_id}.", {"id": blackout_id, "deleted": True}, blackout_id)
