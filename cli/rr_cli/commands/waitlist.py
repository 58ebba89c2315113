"""rr waitlist: queue for a taken slot, see your place, answer offers."""

from __future__ import annotations

from typing import Annotated

import typer

from rr_cli.commands.options import Yes
from rr_cli.commands.slot_args import ResourceOpt, Words, resolve_slot
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.prompts import confirm
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)

COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("Resource", "resource_id", justify="right"),
    Column("From", "desired_start"),
    Column("To", "desired_end"),
    Column("Flexible", "flexible_time"),
    Column("Status", "status"),
    Column("Position", "position", justify="right"),
    Column("Offer expires", "offer_expires_at"),
]
DETAIL = [*COLUMNS, Column("Joined", "created_at"), Column("Offered", "offered_at")]
EntryId = Annotated[int, typer.Argument(min=1, help="The waitlist entry's id.")]


@app.command(
    epilog=examples(
        "rr waitlist join 3 --start '2030-01-15 09:00' --end '2030-01-15 10:00'",
        "rr waitlist join 3 --start '2030-01-15 09:00' --duration 1h --flexible",
        "rr waitlist join --resource 3 --start '2030-01-15 09:00' --end '2030-01-15 10:00'",
        "rr waitlist join 3 '2030-01-15 09:00' 1h",
    )
)
def join(
    ctx: typer.Context,
    words: Words = None,
    resource: ResourceOpt = None,
    start: Annotated[str | None, typer.Option("--start", help="'2030-01-15 09:00' (local time) or RFC 3339.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="When it ends (or --duration).")] = None,
    duration: Annotated[str | None, typer.Option("--duration", help="How long: 30m, 2h, 1h30m.")] = None,
    flexible: Annotated[bool, typer.Option("--flexible", help="Any slot of the same length that day is fine.")] = False,
) -> None:
    """Join the waitlist for a slot that is taken; you are offered it when it frees up."""
    state = get_state(ctx)
    slot = resolve_slot(words, resource, start, end, duration)
    body = {
        "resource_id": slot.resource_id,
        "desired_start": slot.start,
        "desired_end": slot.end,
        "flexible_time": flexible,
    }
    entry = state.client.post("/waitlist", body)
    state.output.record(
        entry, DETAIL, message=f"On the waitlist as entry {entry['id']}, position {entry.get('position')}."
    )


@app.command("list", epilog=examples("rr waitlist list", "rr --json waitlist list --all"))
def list_(ctx: typer.Context, limit: Limit = 20, cursor: Cursor = None, all_: All = False, yes: Yes = False) -> None:
    """Your waitlist entries with their positions."""
    state = get_state(ctx)
    state.output.page(
        fetch(state, "/waitlist", {}, Paging(limit, cursor, all_, yes), "waitlist entries"),
        COLUMNS,
        noun="waitlist entries",
    )


@app.command(epilog=examples("rr waitlist status 7", "rr waitlist status"))
def status(
    ctx: typer.Context,
    entry_id: Annotated[
        int | None, typer.Argument(min=1, help="The waitlist entry's id; without it, all of yours.", show_default=False)
    ] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """One entry: its status, your position, and any offer with its deadline; without an id, all your entries."""
    state = get_state(ctx)
    if entry_id is None:  # the old CLI's `waitlist status` listed them all
        list_(ctx, limit, cursor, all_, yes)
        return
    state.output.record(state.client.get(f"/waitlist/{entry_id}"), DETAIL)


@app.command(epilog=examples("rr waitlist leave 7", "rr waitlist leave 7 --yes"))
def leave(ctx: typer.Context, entry_id: EntryId, yes: Yes = False) -> None:
    """Leave the waitlist."""
    state = get_state(ctx)
    confirm(f"Leave the waitlist (entry {entry_id})?", yes)
    state.client.delete(f"/waitlist/{entry_id}")
    state.output.done(f"Left the waitlist (entry {entry_id}).", {"id": entry_id, "left": True}, entry_id)


@app.command(epilog=examples("rr waitlist accept 7"))
def accept(ctx: typer.Context, entry_id: EntryId) -> None:
    """Accept an offer: the held slot becomes your reservation."""
    state = get_state(ctx)
    answer = state.client.post(f"/waitlist/{entry_id}/accept")
    reservation = (answer or {}).get("reservation") or {}
    suffix = f" as reservation {reservation['id']}" if reservation.get("id") else ""
    state.output.done(
        f"Accepted the offer for entry {entry_id}; the slot is booked{suffix}.", answer, reservation.get("id", entry_id)
    )


@app.command(epilog=examples("rr waitlist decline 7"))
def decline(ctx: typer.Context, entry_id: EntryId) -> None:
    """Decline an offer: the slot goes to the next person in line."""
    state = get_state(ctx)
    answer = state.client.post(f"/waitlist/{entry_id}/decline")
    state.output.done(f"Declined the offer for entry {entry_id}.", answer, entry_id)
