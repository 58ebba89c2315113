"""rr reservations, waitlist, approvals and notifications (watch included)."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cli.tests.support import RR, Cli, environment, offered, served_or_missing, signed_up, slot, unique


def monday(weeks_ahead: int = 8) -> datetime:
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    return today + timedelta(days=7 * weeks_ahead - today.weekday())


class TestOneOff:
    def test_local_time_input_rfc3339_output_and_show(self, user: Cli, resource: dict[str, Any]) -> None:
        day = (datetime.now() + timedelta(days=20)).strftime("%Y-%m-%d")
        booked = user.json("reservations", "create", resource["id"], "--start", f"{day} 14:00", "--duration", "45m")
        start = datetime.fromisoformat(booked["start_time"])
        assert start == datetime.fromisoformat(f"{day}T14:00:00").astimezone()
        assert datetime.fromisoformat(booked["end_time"]) - start == timedelta(minutes=45)
        shown = user("reservations", "show", booked["id"]).ok().out
        assert f"{day} 14:00" in shown and "Europe/Paris" in shown
        assert user("-q", "reservations", "list").ok().out.split() == [str(booked["id"])]

    def test_bad_times_are_usage_errors_and_book_nothing(self, user: Cli, resource: dict[str, Any]) -> None:
        assert (
            user("reservations", "create", resource["id"], "--start", "2030-13-01 09:00", "--duration", "1h").code == 2
        )
        assert (
            user(
                "reservations", "create", resource["id"], "--start", "2030-01-15 10:00", "--end", "2030-01-15 09:00"
            ).code
            == 2
        )
        assert user("reservations", "create", resource["id"], "--start", "2030-01-15 10:00").code == 2
        assert user.json("reservations", "list")["data"] == []

    def test_server_side_rule_violations_are_one_line(self, user: Cli, resource: dict[str, Any]) -> None:
        past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
        assert (
            "Error: "
            in user("reservations", "create", resource["id"], "--start", past, "--duration", "1h")
            .fails(1)
            .one_error_line()
        )
        assert (
            "Error: "
            in user("reservations", "create", 999999999, "--start", slot()[0], "--duration", "1h")
            .fails(1)
            .one_error_line()
        )

    def test_cancel_history_ics_and_check_in(
        self, user: Cli, resource: dict[str, Any], api_url: str, tmp_path: Path
    ) -> None:
        start, end = slot(days=25, hour=8)
        booked = user.json("reservations", "create", resource["id"], "--start", start, "--end", end)
        target = tmp_path / "r.ics"
        if served_or_missing(
            api_url,
            "get",
            "/api/v1/calendar/export/{reservation_id}.ics",
            user("reservations", "export-ics", booked["id"], "-o", str(target)),
        ):
            assert (
                "BEGIN:VCALENDAR" in target.read_text()
                and "BEGIN:VEVENT" in user("reservations", "export-ics", booked["id"]).ok().out
            )
        early = user("reservations", "check-in", booked["id"])
        if early.code == 0:
            assert user.json("reservations", "show", booked["id"])["status"] == "checked_in"
        else:
            assert "Error: " in early.one_error_line()  # too early to check in, or the route is not there yet
        user("reservations", "cancel", booked["id"], "--reason", "No longer needed", "--yes").ok()
        again = user("reservations", "cancel", booked["id"], "--yes")  # cancelling twice: harmless, or one clear line
        assert again.code == 0 or "Error: " in again.one_error_line()
        history = user("reservations", "history", booked["id"])
        if served_or_missing(api_url, "get", "/api/v1/reservations/{reservation_id}/history", history):
            statuses = [e["to_status"] for e in user.json("reservations", "history", booked["id"])]
            assert statuses[-1] == "cancelled" and "No longer needed" in history.out

    def test_others_cannot_see_my_reservation(
        self, user: Cli, resource: dict[str, Any], api_url: str, tmp_path: Path
    ) -> None:
        booked = user.json("reservations", "create", resource["id"], "--start", slot(days=26)[0], "--duration", "1h")
        stranger = signed_up(tmp_path, api_url, "stranger")
        assert "Error: " in stranger("reservations", "show", booked["id"]).fails(1).one_error_line()
        assert "Error: " in stranger("reservations", "cancel", booked["id"], "--yes").fails(1).one_error_line()


class TestRecurring:
    def test_weekly_on_days_with_a_count_prints_each_occurrence(
        self, user: Cli, resource: dict[str, Any], api_url: str
    ) -> None:
        first = monday()
        run = user(
            "reservations",
            "create",
            resource["id"],
            "--start",
            first.isoformat(),
            "--duration",
            "1h",
            "--recurrence",
            "weekly",
            "--days",
            "mon,wed",
            "--recurrence-count",
            4,
            "--yes",
        )
        if not served_or_missing(api_url, "post", "/api/v1/reservations/recurring", run):
            return
        assert "4 of 4 occurrences booked" in run.out and "every week on Mon, Wed" in run.out
        mine = user.json("reservations", "list", "--limit", 100)["data"]
        starts = sorted(datetime.fromisoformat(r["start_time"]) for r in mine)
        assert [s.weekday() for s in starts] == [0, 2, 0, 2]

    def test_all_or_nothing_refusal_then_skip_conflicts(
        self, user: Cli, admin: Cli, resource: dict[str, Any], api_url: str
    ) -> None:
        first = monday(10)
        blocker = admin.json(
            "reservations",
            "create",
            resource["id"],
            "--start",
            (first + timedelta(days=2)).isoformat(),
            "--duration",
            "1h",
        )
        args = (
            "reservations",
            "create",
            resource["id"],
            "--start",
            first.isoformat(),
            "--duration",
            "1h",
            "--recurrence",
            "daily",
            "--recurrence-end",
            (first + timedelta(days=3)).date().isoformat(),
            "--yes",
        )
        refused = user(*args).fails(1)
        if not offered(api_url, "post", "/api/v1/reservations/recurring"):
            assert "does not offer" in refused.one_error_line()
            return
        assert "cannot be booked" in refused.err.splitlines()[-1] and "skipped" in refused.err
        assert user.json("reservations", "list")["data"] == []
        partial = user.json(*args, "--skip-conflicts")
        assert len(partial["created"]) == 3 and len(partial["skipped"]) == 1
        assert partial["skipped"][0]["code"] == "reservation_conflict"
        series = partial["series_id"]
        assert series and blocker["id"] not in [r["id"] for r in partial["created"]]
        cancelled = user("reservations", "cancel-series", partial["created"][0]["id"], "--yes").ok()
        assert "whole series" in cancelled.out
        statuses = {r["status"] for r in user.json("reservations", "list", "--all")["data"]}
        assert statuses == {"cancelled"}

    def test_rrule(self, user: Cli, resource: dict[str, Any], api_url: str) -> None:
        run = user(
            "--json",
            "reservations",
            "create",
            resource["id"],
            "--start",
            monday(12).isoformat(),
            "--duration",
            "30m",
            "--rrule",
            "FREQ=DAILY;COUNT=3",
            "--yes",
        )
        if served_or_missing(api_url, "post", "/api/v1/reservations/recurring", run):
            assert len(run.json()["created"]) == 3


class TestWaitlist:
    def test_join_list_status_leave(self, user: Cli, admin: Cli, resource: dict[str, Any], api_url: str) -> None:
        start, end = slot(days=33, hour=15)
        admin("reservations", "create", resource["id"], "--start", start, "--end", end).ok()
        entry = user.json("waitlist", "join", resource["id"], "--start", start, "--end", end, "--flexible")
        assert entry["flexible_time"] is True and entry["position"] == 1
        assert str(entry["id"]) in user("waitlist", "list").ok().out
        if served_or_missing(api_url, "get", "/api/v1/waitlist/{entry_id}", user("waitlist", "status", entry["id"])):
            assert user.json("waitlist", "status", entry["id"])["position"] == 1
        served_or_missing(
            api_url, "delete", "/api/v1/waitlist/{entry_id}", user("waitlist", "leave", entry["id"], "--yes")
        )
        for action in ("accept", "decline"):
            run = user("waitlist", action, entry["id"])
            if run.code:
                assert "Error: " in run.one_error_line()  # no offer to answer, or not offered yet by this server

    def test_a_freed_slot_is_offered_and_accepted(
        self, user: Cli, admin: Cli, resource: dict[str, Any], api_url: str
    ) -> None:
        start, end = slot(days=34, hour=15)
        taken = admin.json("reservations", "create", resource["id"], "--start", start, "--end", end)
        entry = user.json("waitlist", "join", resource["id"], "--start", start, "--end", end)
        admin("reservations", "cancel", taken["id"], "--yes").ok()
        if not offered(api_url, "post", "/api/v1/waitlist/{entry_id}/accept"):
            assert "does not offer" in user("waitlist", "accept", entry["id"]).fails(1).one_error_line()
            return
        deadline = time.monotonic() + 60
        while (status := user.json("waitlist", "status", entry["id"]))[
            "status"
        ] == "waiting" and time.monotonic() < deadline:
            time.sleep(1)
        if status["status"] != "offered":
            assert (
                status["status"] == "waiting"
            )  # offers are off in this stack (no client credentials): the entry is kept
            return
        assert status["offer_expires_at"] and "Offer expires" in user("waitlist", "status", entry["id"]).ok().out
        user("waitlist", "accept", entry["id"]).ok()
        mine = user.json("reservations", "list", "--resource", resource["id"])["data"]
        assert [r["start_time"][:16] for r in mine if r["status"] in ("confirmed", "pending_approval")] == [start[:16]]


class TestApprovals:
    def test_pending_requests_are_approved_or_rejected(self, admin: Cli, user: Cli, api_url: str) -> None:
        lab = admin.json("resources", "create", unique("Approval Lab "), "--requires-approval")
        first = user.json("reservations", "create", lab["id"], "--start", slot(days=35)[0], "--duration", "1h")
        second = user.json("reservations", "create", lab["id"], "--start", slot(days=36)[0], "--duration", "1h")
        assert first["status"] == "pending_approval"
        pending = admin("approvals", "list")
        if not served_or_missing(api_url, "get", "/api/v1/approvals/pending", pending):
            return
        waiting = {r["id"] for r in admin.json("approvals", "list", "--all", "--yes")["data"]}
        assert {first["id"], second["id"]} <= waiting
        assert {first["id"], second["id"]} <= {r["id"] for r in user.json("approvals", "list", "--mine")["data"]}
        assert "Error: " in user("approvals", "approve", first["id"]).fails(1).one_error_line()
        admin("approvals", "approve", first["id"], "--comment", "Enjoy").ok()
        admin("approvals", "reject", second["id"], "--comment", "Closed that week").ok()
        assert user.json("reservations", "show", first["id"])["status"] == "confirmed"
        assert user.json("reservations", "show", second["id"])["status"] == "rejected"


class TestNotifications:
    def test_list_read_and_count(self, user: Cli, resource: dict[str, Any]) -> None:
        user("reservations", "create", resource["id"], "--start", slot(days=37)[0], "--duration", "1h").ok()
        deadline = time.monotonic() + 60
        while not (items := user.json("notifications", "list", "--unread")["data"]) and time.monotonic() < deadline:
            time.sleep(1)
        assert items, "the booking's notification never arrived"
        user("notifications", "read", items[0]["id"]).ok()
        assert items[0]["id"] not in {n["id"] for n in user.json("notifications", "list", "--unread", "--all")["data"]}
        assert "Error: " in user("notifications", "read", 999999999).fails(1).one_error_line()

    def test_watch_streams_live_events_or_says_the_server_lacks_them(
        self, user: Cli, resource: dict[str, Any], api_url: str
    ) -> None:
        args = [
            RR,
            "--json",
            "notifications",
            "watch",
            "--resource",
            str(resource["id"]),
            "--count",
            "1",
            "--timeout",
            "60",
        ]
        watcher = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(user.home, api_url, NO_COLOR="1"),
        )
        time.sleep(5)  # let it connect and subscribe
        user("reservations", "create", resource["id"], "--start", slot(days=38)[0], "--duration", "1h").ok()
        out, err = watcher.communicate(timeout=120)
        if watcher.returncode == 1 and "does not offer live events" in err:
            assert err.count("\n") == 1 and err.startswith("Error: ")
            return
        assert watcher.returncode == 0, err
        events = [json.loads(line) for line in out.splitlines() if line.strip()]
        assert len(events) == 1 and events[0]["type"] in ("resource", "notification")

        # A token about to expire is renewed on the open socket, which keeps streaming.
        user.edit_session(expires_at=time.time() + 63)
        before = user.session()["access_token"]
        table = [RR, "notifications", "watch", "--resource", str(resource["id"]), "--count", "1", "--timeout", "60"]
        watcher = subprocess.Popen(
            table,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(user.home, api_url, NO_COLOR="1"),
        )
        time.sleep(8)
        user("reservations", "create", resource["id"], "--start", slot(days=39)[0], "--duration", "1h").ok()
        out, err = watcher.communicate(timeout=120)
        assert watcher.returncode == 0 and err == "", err
        assert user.session()["access_token"] != before
        assert f"resource {resource['id']}: reservation.created" in out or "Reservation" in out
