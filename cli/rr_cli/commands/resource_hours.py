"""rr resources hours / blackouts: when a resource is open, and the days it is closed.

The week specs, tables and blackout options here serve `rr site hours / blackouts` as well."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from rr_cli.commands.options import Yes
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.prompts import confirm
from rr_cli.state import get_state
from rr_cli.timefmt import parse_day
from rr_cli.weekdays import NAMES, parse_weekdays

DAY_NAMES = NAMES
hours_app = typer.Typer(no_args_is_help=True)
blackouts_app = typer.Typer(no_args_is_help=True)

CLOCK_RANGE = re.compile(r"^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$")
ResourceId = Annotated[int, typer.Argument(min=1, help="The resource's id.")]
Specs = Annotated[
    list[str],
    typer.Argument(
        metavar="SPEC...",
        help="'DAYS HH:MM-HH:MM'; days as mon-fri, sat,sun or ISO numbers 1-5 (1 = Monday, 7 = Sunday).",
    ),
]
To = Annotated[str | None, typer.Option("--to", help="Last closed day (inclusive); default: the same day.")]
Reason = Annotated[str, typer.Option("--reason", help="Shown to people who try to book.")]
Yearly = Annotated[bool, typer.Option("--yearly", help="Closed on these days every year.")]
BlackoutId = Annotated[int, typer.Argument(min=1, help="The blackout's id (see list).")]
HOURS_COLUMNS = [
    Column(
        "Day",
        lambda i: DAY_NAMES[int(i["day_of_week"])].title() if 0 <= int(i["day_of_week"]) < 7 else i["day_of_week"],
    ),
    Column("Opens", "open_time"),
    Column("Closes", "close_time"),
]


def parse_days(text: str, option: str = "SPEC") -> list[int]:
    """``mon-fri``, ``sat,sun``, ``1-5`` or ``2`` (ISO: 1 = Monday ... 7 = Sunday) -> the API's day numbers."""
    return parse_weekdays(text, option)


def parse_spec(spec: str) -> list[dict[str, Any]]:
    """``mon-fri 09:00-17:00`` -> one interval per day."""
    days_text, _, clock = spec.strip().rpartition(" ")
    match = CLOCK_RANGE.match(clock.strip())
    if not days_text or match is None:
        raise typer.BadParameter(f"'{spec}' is not 'DAYS HH:MM-HH:MM', e.g. 'mon-fri 09:00-17:00'.", param_hint="SPEC")
    opens, closes = (f"{int(t.split(':')[0]):02d}:{t.split(':')[1]}" for t in match.groups())
    return [{"day_of_week": day, "open_time": opens, "close_time": closes} for day in parse_days(days_text)]


def parse_week(specs: list[str]) -> list[dict[str, Any]]:
    """Every SPEC's intervals, as the body of a PUT .../business-hours."""
    return [interval for spec in specs for interval in parse_spec(spec)]


def blackout_body(start: str, to: str | None, reason: str, yearly: bool) -> dict[str, Any]:
    """The body of a POST .../blackout-dates (without --to the API closes the one day)."""
    body: dict[str, Any] = {"start_date": parse_day(start, "START").isoformat(), "reason": reason, "yearly": yearly}
    if to:
        body["end_date"] = parse_day(to, "--to").isoformat()
    return body


def show_hours(ctx: typer.Context, answer: dict[str, Any], message: str | None, title: str, empty: str) -> None:
    """The week as a table (after `message`), or the whole answer in JSON/YAML output."""
    out = get_state(ctx).output
    if not out.is_table:
        out.done(message or "", answer)
        return
    if message:
        out.success(message)
    out.rows(answer.get("intervals") or [], HOURS_COLUMNS, title=title, empty=empty)


def _show_hours(ctx: typer.Context, answer: dict[str, Any], message: str | None = None) -> None:
    zone = answer.get("timezone") or "the resource's time zone"
    if answer.get("source") == "site":
        title, empty = (
            f"Opening hours, inherited from the site ({zone})",
            "Open around the clock (no hours set here or for the site).",
        )
    else:
        title, empty = f"Opening hours ({zone})", "Open around the clock (no hours set)."
    show_hours(ctx, answer, message, title, empty)


@hours_app.command("show", epilog=examples("rr resources hours show 3"))
def hours_show(ctx: typer.Context, resource_id: ResourceId) -> None:
    """Opening hours, per day, in the resource's local time."""
    _show_hours(ctx, get_state(ctx).client.get(f"/resources/{resource_id}/business-hours"))


@hours_app.command(
    "set",
    epilog=examples(
        "rr resources hours set 3 'mon-fri 09:00-17:00'",
        "rr resources hours set 3 'mon-fri 08:00-12:00' 'mon-fri 13:00-18:00' 'sat 10:00-14:00'",
    ),
)
def hours_set(ctx: typer.Context, resource_id: ResourceId, specs: Specs) -> None:
    """Replace the whole week's opening hours (admins and managers); days not given are closed."""
    answer = get_state(ctx).client.put(f"/resources/{resource_id}/business-hours", parse_week(specs))
    _show_hours(ctx, answer, f"Opening hours of resource {resource_id} replaced.")


@hours_app.command("clear", epilog=examples("rr resources hours clear 3 --yes"))
def hours_clear(ctx: typer.Context, resource_id: ResourceId, yes: Yes = False) -> None:
    """Remove the resource's own opening hours: it follows the site-wide hours again (open around the clock when the site has none)."""
    confirm(f"Remove the opening hours of resource {resource_id} (it then follows the site-wide hours)?", yes)
    answer = get_state(ctx).client.put(f"/resources/{resource_id}/business-hours", [])
    message = (
        f"Resource {resource_id} follows the site-wide hours."
        if answer.get("intervals")
        else f"Resource {resource_id} is open around the clock."
    )
    _show_hours(ctx, answer, message)


BLACKOUT_COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("From", "start_date"),
    Column("To", "end_date"),
    Column("Yearly", "yearly"),
    Column("Reason", "reason"),
]


@blackouts_app.command("list", epilog=examples("rr resources blackouts list 3"))
def blackouts_list(ctx: typer.Context, resource_id: ResourceId) -> None:
    """Days the resource is closed."""
    state = get_state(ctx)
    state.output.page(
        state.client.get(f"/resources/{resource_id}/blackout-dates"), BLACKOUT_COLUMNS, noun="blackout dates"
    )


@blackouts_app.command(
    "add", epilog=examples("rr resources blackouts add 3 2030-12-24 --to 2030-12-26 --reason Holidays --yearly")
)
def blackouts_add(
    ctx: typer.Context,
    resource_id: ResourceId,
    start: Annotated[str, typer.Argument(help="First closed day, YYYY-MM-DD.")],
    to: To = None,
    reason: Reason = "",
    yearly: Yearly = False,
) -> None:
    """Close a resource on some days (admins and managers)."""
    state = get_state(ctx)
    created = state.client.post(f"/resources/{resource_id}/blackout-dates", blackout_body(start, to, reason, yearly))
    state.output.record(
        created,
        BLACKOUT_COLUMNS,
        message=f"Resource {resource_id} is closed from {created['start_date']} to {created['end_date']}.",
    )


@blackouts_app.command("remove", epilog=examples("rr resources blackouts remove 3 12"))
def blackouts_remove(ctx: typer.Context, resource_id: ResourceId, blackout_id: BlackoutId) -> None:
    """Reopen: remove one blackout."""
    state = get_state(ctx)
    state.client.delete(f"/resources/{resource_id}/blackout-dates/{blackout_id}")
    state.output.done(
        f"Removed blackout {blackout_id} of resource {resource_id}.", {"id": blackout_id, "deleted": True}, blackout_id
    )
