"""rr notifications: list, read, read-all, and watch (live events over the WebSocket)."""

from __future__ import annotations

from typing import Annotated

import typer

from rr_cli.commands.options import Yes
from rr_cli.help import examples
from rr_cli.live import Watch
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)

COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("When", "created_at"),
    Column("Type", "type"),
    Column("Title", "title", style="bold"),
    Column("Message", "message"),
    Column("Read", "is_read"),
]


@app.command("list", epilog=examples("rr notifications list", "rr notifications list --unread --all"))
def list_(
    ctx: typer.Context,
    unread: Annotated[bool, typer.Option("--unread", help="Only unread ones.")] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """Your notifications, newest first."""
    state = get_state(ctx)
    page = fetch(
        state, "/notifications", {"unread_only": unread or None}, Paging(limit, cursor, all_, yes), "notifications"
    )
    state.output.page(page, COLUMNS, noun="notifications")


@app.command(epilog=examples("rr notifications count"))
def count(ctx: typer.Context) -> None:
    """How many notifications are unread."""
    state = get_state(ctx)
    answer = state.client.get("/notifications/unread-count")
    number = answer.get("count", 0)
    state.output.done(f"{number} unread notification(s).", answer, number)


@app.command(epilog=examples("rr notifications read 12"))
def read(
    ctx: typer.Context, notification_id: Annotated[int, typer.Argument(min=1, help="The notification's id.")]
) -> None:
    """Mark one notification read."""
    state = get_state(ctx)
    answer = state.client.post(f"/notifications/{notification_id}/read")
    state.output.done(f"Notification {notification_id} marked read.", answer, notification_id)


@app.command("read-all", epilog=examples("rr notifications read-all"))
def read_all(ctx: typer.Context) -> None:
    """Mark every notification read."""
    state = get_state(ctx)
    answer = state.client.post("/notifications/mark-all-read")
    updated = (answer or {}).get("updated", 0)
    state.output.done(f"{updated} notification(s) marked read.", answer, updated)


@app.command(
    epilog=examples(
        "rr notifications watch",
        "rr notifications watch --resource 3 --resource 4",
        "rr --json notifications watch --count 1 --timeout 60",
    )
)
def watch(
    ctx: typer.Context,
    resource: Annotated[
        list[int] | None, typer.Option("--resource", min=1, help="Also follow changes of this resource (repeatable).")
    ] = None,
    count_: Annotated[int | None, typer.Option("--count", min=1, help="Stop after this many events.")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, help="Stop after this many seconds.")] = None,
) -> None:
    """Stream live events (bookings, offers, notifications) until Ctrl-C.

    With --json every event is printed as one JSON object per line.
    """
    state = get_state(ctx)
    Watch(state, resource or [], count_, timeout).run()
