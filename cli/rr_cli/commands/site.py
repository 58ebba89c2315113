"""rr site hours / blackouts: the opening hours and closed days that apply to every resource."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli.commands.options import Yes
from rr_cli.commands.resource_hours import (
    BLACKOUT_COLUMNS,
    BlackoutId,
    Reason,
    Specs,
    To,
    Yearly,
    blackout_body,
    parse_week,
    show_hours,
)
from rr_cli.help import examples
from rr_cli.prompts import confirm
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)
hours_app = typer.Typer(no_args_is_help=True)
blackouts_app = typer.Typer(no_args_is_help=True)
app.add_typer(
    hours_app, name="hours", help="Site-wide opening hours: every resource without hours of its own follows them."
)
app.add_typer(blackouts_app, name="blackouts", help="Site-wide closed days: every resource is closed on them.")
SITE_COLUMNS = list(BLACKOUT_COLUMNS)


def _show_hours(ctx: typer.Context, answer: dict[str, Any], message: str | None = None) -> None:
    title = "Site-wide opening hours (each resource's local time)"
    show_hours(ctx, answer, message, title, "Open around the clock (no site-wide hours).")


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
def hours_set(ctx: typer.Context, specs: Specs) -> None:
    """Replace the site-wide week (admins and managers); resources with hours of their own keep them."""
    answer = get_state(ctx).client.put("/site/business-hours", parse_week(specs))
    _show_hours(ctx, answer, "Site-wide opening hours replaced.")


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
    to: To = None,
    reason: Reason = "",
    yearly: Yearly = False,
) -> None:
    """Close every resource on some days (admins and managers)."""
    state = get_state(ctx)
    created = state.client.post("/site/blackout-dates", blackout_body(start, to, reason, yearly))
    state.output.record(
        created,
        SITE_COLUMNS,
        message=f"Every resource is closed from {created['start_date']} to {created['end_date']}.",
    )


@blackouts_app.command("remove", epilog=examples("rr site blackouts remove 12"))
def blackouts_remove(ctx: typer.Context, blackout_id: BlackoutId) -> None:
    """Reopen: remove one site-wide blackout."""
    state = get_state(ctx)
    state.client.delete(f"/site/blackout-dates/{blackout_id}")
    state.output.done(f"Removed site-wide blackout {blackout_id}.", {"id": blackout_id, "deleted": True}, blackout_id)
