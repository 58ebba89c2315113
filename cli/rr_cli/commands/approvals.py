"""rr approvals: bookings waiting for a decision, the decision, one request, withdrawing my own,
and a resource's approval settings (who approves)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli.commands.options import Yes
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.prompts import confirm
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)

COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("Reservation", lambda a: a.get("reservation_id") or (a.get("reservation") or {}).get("id"), justify="right"),
    Column(
        "Resource",
        lambda a: a.get("resource_name") or a.get("resource_id") or (a.get("reservation") or {}).get("resource_id"),
    ),
    Column("Requested by", lambda a: a.get("username") or a.get("requester_username") or a.get("user_id")),
    Column("Start", lambda a: a.get("start_time") or (a.get("reservation") or {}).get("start_time")),
    Column("End", lambda a: a.get("end_time") or (a.get("reservation") or {}).get("end_time")),
    Column("Status", "status"),
    Column("Expires", "expires_at"),
]
DETAIL = [
    Column("ID", "id"),
    Column("Resource", lambda a: (a.get("resource") or {}).get("name") or a.get("resource_id")),
    Column("Requested by", lambda a: a.get("username") or a.get("user_id")),
    Column("Local start", "start_time_local"),
    Column("Local end", "end_time_local"),
    Column("Status", "status"),
    Column("Expires", "expires_at"),
    Column("Decided by", "decided_by"),
    Column("Comment", "decision_comment"),
    Column("You may decide", "may_respond"),
]
SETTINGS = [
    Column("Resource", "resource_id"),
    Column("Requires approval", "requires_approval"),
    Column("Approvers (user ids)", lambda s: ", ".join(str(u) for u in s.get("approver_user_ids") or []) or "-"),
    Column("Approver role", lambda s: s.get("approver_role") or "-"),
    Column("Approval expiry (minutes)", "approval_expiry_minutes"),
    Column("Requires check-in", "requires_check_in"),
    Column("Check-in window (minutes)", "check_in_window_minutes"),
]
ApprovalId = Annotated[int, typer.Argument(min=1, help="The approval request's id (see `rr approvals list`).")]
Comment = Annotated[str, typer.Option("--comment", help="Told to the person who booked.")]


@app.command("list", epilog=examples("rr approvals list", "rr approvals list --mine"))
def list_(
    ctx: typer.Context,
    mine: Annotated[bool, typer.Option("--mine", help="Your own requests instead of those waiting for you.")] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """Requests waiting for your decision (approvers), or with --mine the ones you made."""
    state = get_state(ctx)
    path = "/approvals/my-requests" if mine else "/approvals/pending"
    state.output.page(
        fetch(state, path, {}, Paging(limit, cursor, all_, yes), "approval requests"), COLUMNS, noun="approval requests"
    )


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


@app.command(epilog=examples("rr approvals show 5", "rr --json approvals show 5"))
def show(ctx: typer.Context, approval_id: ApprovalId) -> None:
    """One request: who asked, for what, its status and the decision (requester, approvers, admins)."""
    state = get_state(ctx)
    state.output.record(state.client.get(f"/approvals/{approval_id}"), DETAIL)


@app.command(epilog=examples("rr approvals withdraw 5", "rr approvals withdraw 5 --reason 'Plans changed' --yes"))
def withdraw(
    ctx: typer.Context,
    approval_id: ApprovalId,
    reason: Annotated[str, typer.Option("--reason", help="Shown in the reservation's history.")] = "",
    yes: Yes = False,
) -> None:
    """Withdraw your own pending request: the slot is freed (a decided request cannot be withdrawn)."""
    state = get_state(ctx)
    confirm(f"Withdraw request {approval_id}?", yes)
    answer = state.client.post(f"/approvals/{approval_id}/withdraw", {"reason": reason})
    state.output.done(f"Withdrew request {approval_id}; the slot is free again.", answer, approval_id)


@app.command(
    epilog=examples(
        "rr approvals settings 3",
        "rr approvals settings 3 --approver 12 --approver 15",
        "rr approvals settings 3 --approver-role lab-tech",
        "rr approvals settings 3 --no-approvers",
    )
)
def settings(
    ctx: typer.Context,
    resource_id: Annotated[int, typer.Argument(min=1, help="The resource's id.")],
    approver: Annotated[
        list[int] | None,
        typer.Option("--approver", min=1, help="A user id who approves its requests (repeatable; replaces the list)."),
    ] = None,
    approver_role: Annotated[
        str | None, typer.Option("--approver-role", help="Everyone holding this role approves too ('' for none).")
    ] = None,
    no_approvers: Annotated[
        bool, typer.Option("--no-approvers", help="Name nobody: managers and admins approve.")
    ] = False,
    expiry: Annotated[
        int | None,
        typer.Option("--expiry-minutes", min=0, help="Pending requests lapse after this long (0: the default)."),
    ] = None,
) -> None:
    """A resource's approval settings; with options, change them (admins and managers)."""
    state = get_state(ctx)
    path = f"/approvals/resources/{resource_id}/settings"
    current: dict[str, Any] = state.client.get(path)
    if approver is None and approver_role is None and not no_approvers and expiry is None:
        state.output.record(current, SETTINGS, key="resource_id")
        return
    keep = (
        "requires_check_in",
        "check_in_window_minutes",
        "approval_expiry_minutes",
        "approver_user_ids",
        "approver_role",
    )
    body = {k: current.get(k) for k in keep}
    if no_approvers:
        body |= {"approver_user_ids": [], "approver_role": ""}
    if approver is not None:
        body["approver_user_ids"] = approver
    if approver_role is not None:
        body["approver_role"] = approver_role
    if expiry is not None:
        body["approval_expiry_minutes"] = expiry
    saved = state.client.put(path, body)
    state.output.record(
        saved, SETTINGS, message=f"Saved the approval settings of resource {resource_id}.", key="resource_id"
    )
