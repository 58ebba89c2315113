"""A whole user journey from the terminal, against the real stack."""

from __future__ import annotations

from pathlib import Path

from cli.tests.support import PASSWORD, Cli, new_cli, slot, unique


def test_a_user_signs_up_finds_a_room_books_it_and_is_refused_an_overlap(
    admin: Cli, api_url: str, tmp_path: Path
) -> None:
    # The admin creates a resource; -q prints only its id.
    name = unique("Journey Room ")
    created = admin(
        "-q", "resources", "create", name, "--tag", "room,projector", "--capacity", 6, "--timezone", "Europe/Paris"
    ).ok()
    resource_id = int(created.out.strip())

    # A new person signs up, signs in, and sees who they are.
    alice = new_cli(tmp_path, api_url)
    username = unique("alice")
    registered = alice("auth", "register", username, "--email", f"{username}@example.com", "--password", PASSWORD).ok()
    assert f"Account {username} created" in registered.out
    alice("auth", "login", username, "--password", PASSWORD).ok()
    me = alice.json("auth", "whoami")
    assert me["username"] == username and "user" in me["roles"]

    # They find the room by tag and text, and look at it.
    found = alice.json("resources", "search", name.split()[-1], "--tag", "projector")
    assert [r["id"] for r in found["data"]] == [resource_id]
    shown = alice("resources", "show", resource_id).ok()
    assert name in shown.out and "Europe/Paris" in shown.out

    # They book it with local-time input; the table shows it; JSON has the API's shape.
    start, end = slot(days=40, hour=9)
    booked = alice.json("reservations", "create", resource_id, "--start", start, "--end", end, "--notes", "Planning")
    assert booked["resource_id"] == resource_id and booked["status"] in ("confirmed", "pending_approval")
    listing = alice("reservations", "list", "--upcoming").ok()
    assert str(booked["id"]) in listing.out and "Planning" in listing.out

    # An overlapping booking by someone else is refused with one clear line and exit code 1.
    bob = new_cli(tmp_path, api_url)
    bob_name = unique("bob")
    bob("auth", "register", bob_name, "--password", PASSWORD, "--login").ok()
    refused = bob("reservations", "create", resource_id, "--start", start, "--duration", "30m").fails(1)
    assert "already booked" in refused.one_error_line()
    assert refused.out == ""

    # Bob queues instead; Alice cancels; Bob's entry moves on (offer or still waiting, never lost).
    entry = bob.json("waitlist", "join", resource_id, "--start", start, "--end", end)
    assert entry["position"] == 1 and entry["status"] == "waiting"
    alice("reservations", "cancel", booked["id"], "--reason", "Plans changed", "--yes").ok()
    assert alice.json("reservations", "show", booked["id"])["status"] == "cancelled"
    mine = bob.json("waitlist", "list")
    assert [e["id"] for e in mine["data"]] == [entry["id"]]

    # Notifications arrived for Alice's booking; read-all clears them.
    before = {n["id"] for n in alice.json("notifications", "list", "--all")["data"]}
    alice("notifications", "read-all").ok()
    after_read = alice.json("notifications", "list", "--all")["data"]
    assert all(n["is_read"] for n in after_read if n["id"] in before)

    # Signing out forgets the session; commands then say how to sign in again.
    alice("auth", "logout").ok()
    after = alice("reservations", "list").fails(1)
    assert "rr auth login" in after.one_error_line()
