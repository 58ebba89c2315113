"""rr approvals settings (approvers), show and withdraw against the stack."""

from __future__ import annotations

from pathlib import Path

from cli.tests.support import Cli, signed_up, slot, unique


def test_a_named_approver_sees_shows_and_approves_and_a_requester_withdraws(
    admin: Cli, api_url: str, tmp_path: Path
) -> None:
    approver = signed_up(tmp_path / "approver", api_url, "approver")
    requester = signed_up(tmp_path / "requester", api_url, "requester")
    approver_id = approver.json("auth", "whoami")["id"]
    lab = admin.json("resources", "create", unique("Approver Lab "), "--requires-approval")

    saved = admin("approvals", "settings", lab["id"], "--approver", approver_id, "--approver-role", "lab-tech").ok().out
    assert "Saved the approval settings" in saved and str(approver_id) in saved and "lab-tech" in saved
    assert admin.json("approvals", "settings", lab["id"])["approver_user_ids"] == [approver_id]
    assert (
        "Error: "
        in admin("approvals", "settings", lab["id"], "--approver-role", "Not A Role").fails(1).one_error_line()
    )

    first = requester.json("reservations", "create", lab["id"], "--start", slot(days=41)[0], "--duration", "1h")
    second = requester.json("reservations", "create", lab["id"], "--start", slot(days=42)[0], "--duration", "1h")
    assert {r["id"] for r in approver.json("approvals", "list", "--all", "--yes")["data"]} == {
        first["id"],
        second["id"],
    }
    shown = approver("approvals", "show", first["id"]).ok().out
    assert "pending_approval" in shown and requester.username in shown
    assert approver.json("approvals", "show", first["id"])["may_respond"] is True

    approver("approvals", "approve", first["id"], "--comment", "Enjoy").ok()
    decided = requester.json("approvals", "show", first["id"])
    assert (decided["status"], decided["decision_comment"], decided["decided_by"]) == (
        "confirmed",
        "Enjoy",
        approver_id,
    )
    late = requester("approvals", "withdraw", first["id"], "--yes").fails(1).one_error_line()
    assert "no longer be withdrawn" in late

    assert "Error: " in approver("approvals", "withdraw", second["id"], "--yes").fails(1).one_error_line()
    withdrawn = requester("approvals", "withdraw", second["id"], "--reason", "Plans changed", "--yes").ok().out
    assert f"Withdrew request {second['id']}" in withdrawn
    assert requester.json("reservations", "show", second["id"])["status"] == "cancelled"
    assert approver.json("approvals", "list", "--all", "--yes")["data"] == []

    stranger = signed_up(tmp_path / "stranger", api_url, "stranger")
    assert "Error: " in stranger("approvals", "show", second["id"]).fails(1).one_error_line()
    admin("approvals", "settings", lab["id"], "--no-approvers").ok()
    assert admin.json("approvals", "settings", lab["id"])["approver_user_ids"] == []
