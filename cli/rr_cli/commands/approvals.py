"""rr approvals: bookings waiting for a decision, and the decision."""

from __future__ import annotations

from typing import Annotated

import typer

from rr_cli.commands.options import Yes
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)

COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("Reservation", lambda a: a.get("reservation_id") or (a.get("reservation") or {}).get("id"), justify="right"),
    Column("Resource", lambda a: a.get("resource_name") or a.get("resource_id") or (a.get("reservation") or {}).get("resource_id")),
    Column("Requested by", lambda a: a.get("username") or a.get("requester_username") or a.get("user_id")),
    Column("Start", lambda a: a.get("start_time") or (a.get("reservation") or {}).get("start_time")),
    Column("End", lambda a: a.get("end_time") or (a.get("reservation") or {}).get("end_time")),
    Column("Status", "status"), Column("Expires", "expires_at"),
]
ApprovalId = Annotated[int, typer.Argument(min=1, help="The approval request's id (see `rr approvals list`).")]
Comment = Annotated[str, typer.Option("--comment", help="Told to the person who booked.")]


@app.command("list", epilog=examples("rr approvals list", "rr approvals list --mine"))
def list_(
    ctx: typer.Context,
    mine: Annotated[bool, typer.Option("--mine", help="Your own requests instead of those waiting for you.")] = False,
    limit: Limit = 20, cursor: Cursor = None, all_: All = False, yes: Yes = False,
) -> None:
    """Requests waiting for your decision (approvers), or with --mine the ones you made."""
    state = get_state(ctx)
    path = "/approvals/my-requests" if mine else "/approvals/pending"
    state.output.page(fetch(state, path, {}, Paging(limit, cursor, all_, yes), "approval requests"), COLUMNS, noun="approval requests")


def _respond(ctx: typer.Context, approval_id: int, approve: bool, comment: str) -> None:
    state = get_state(ctx)
    answer = state.client.post(f"/approvals/{approval_id}/respond", {"approve": approve, "comment": comment})
    verb = "Approved" if approve else "Rejected"
    state.output.done(f"{verb} request {approval_id}.", answer, approval_id)


@app.command(epilog=examples("rr approvals approve 5", "rr approvals approve 5 --comment 'Enjoy the lab'"))
def approve(ctx: typer.Context, approval_id: ApprovalId, comment: Comment = "") -> None:
    """Approve a booking request: the reservation is confirmed."""
    _respond(ctx, approval_id, True, comment)


@app.command(epilog=examples("rr approvals reject 5 --comment 'The lab is closed that week'"))
def reject(ctx: typer.Context, approval_id: ApprovalId, comment: Comment = "") -> None:
    """Reject a booking request: the slot is freed."""
    _respond(ctx, approval_id, False, comment)
