"""rr admin quotas: booking limits per role, per-user overrides, and usage."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)

LIMIT_COLUMNS = [
    Column("Role", "role", style="bold"),
    Column("Max active", "max_active_reservations", justify="right"),
    Column("Max hours/week", "max_hours_per_week", justify="right"),
    Column("Max days ahead", "max_advance_days", justify="right"),
]
MaxActive = Annotated[
    int | None, typer.Option("--max-active", min=0, help="Active (future) reservations at once; 0 = unlimited.")
]
MaxHours = Annotated[
    float | None, typer.Option("--max-hours-week", min=0, help="Booked hours per week; 0 = unlimited.")
]
MaxAdvance = Annotated[
    int | None, typer.Option("--max-advance-days", min=0, help="How far ahead one may book; 0 = unlimited.")
]


def _limits(max_active: int | None, max_hours: float | None, max_advance: int | None) -> dict[str, Any]:
    values = {"max_active_reservations": max_active, "max_hours_per_week": max_hours, "max_advance_days": max_advance}
    return {k: v for k, v in values.items() if v is not None}


def _show_config(ctx: typer.Context, answer: dict[str, Any], message: str | None = None) -> None:
    out = get_state(ctx).output
    if not out.is_table:
        out.done(message or "", answer)
        return
    if message:
        out.success(message)
    roles = answer.get("roles") or {}
    rows = (
        [{"role": role, **(limits or {})} for role, limits in roles.items()] if isinstance(roles, dict) else list(roles)
    )
    out.rows(
        rows,
        LIMIT_COLUMNS,
        title="Booking limits per role (empty: inherited, 0: unlimited)",
        empty="No limits configured.",
        key="role",
    )


@app.command(epilog=examples("rr admin quotas show"))
def show(ctx: typer.Context) -> None:
    """Booking limits of every role."""
    _show_config(ctx, get_state(ctx).client.get("/quotas/config"))


@app.command(
    "set",
    epilog=examples(
        "rr admin quotas set user --max-active 10 --max-hours-week 20",
        "rr admin quotas set manager --max-advance-days 0",
    ),
)
def set_(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(help="Role name.")],
    max_active: MaxActive = None,
    max_hours: MaxHours = None,
    max_advance: MaxAdvance = None,
) -> None:
    """Change the limits of one role (admins); limits not given stay as they are."""
    limits = _limits(max_active, max_hours, max_advance)
    if not limits:
        raise typer.BadParameter("Give at least one of --max-active, --max-hours-week, --max-advance-days.")
    state = get_state(ctx)
    current = (state.client.get("/quotas/config").get("roles") or {}).get(role) or {}
    answer = state.client.patch("/quotas/config", {"roles": {role: {**current, **limits}}})
    _show_config(ctx, answer, f"Limits of role {role} updated.")


USER_COLUMNS = [
    Column("User", "user_id"),
    Column("Override", "override"),
    Column("Usage", "usage"),
    Column("Updated", "updated_at"),
    Column("Updated by", "updated_by"),
]


@app.command(
    epilog=examples(
        "rr admin quotas user 12", "rr admin quotas user 12 --max-active 50", "rr admin quotas user 12 --clear"
    )
)
def user(
    ctx: typer.Context,
    user_id: Annotated[int, typer.Argument(min=1, help="The user's id.")],
    max_active: MaxActive = None,
    max_hours: MaxHours = None,
    max_advance: MaxAdvance = None,
    clear: Annotated[bool, typer.Option("--clear", help="Drop the override: role defaults apply again.")] = False,
) -> None:
    """Show a user's override and usage, or change the override (admins)."""
    state = get_state(ctx)
    limits = _limits(max_active, max_hours, max_advance)
    if not limits and not clear:
        state.output.record(state.client.get(f"/quotas/users/{user_id}"), USER_COLUMNS)
        return
    answer = state.client.patch(f"/quotas/users/{user_id}", {**limits, "clear": clear})
    state.output.record(
        answer, USER_COLUMNS, message=f"Quota override of user {user_id} {'cleared' if clear else 'updated'}."
    )


@app.command(epilog=examples("rr admin quotas usage", "rr admin quotas usage --api"))
def usage(
    ctx: typer.Context, api: Annotated[bool, typer.Option("--api", help="Your API request budget instead.")] = False
) -> None:
    """Your own limits and how much of them you use."""
    state = get_state(ctx)
    answer = state.client.get("/quotas/api-usage" if api else "/quotas/my-usage")
    state.output.record(answer)
