"""rr resources: CRUD, filters and pages, CSV upload/export, status, hours, blackouts, search."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cli.tests.support import Cli, offered, slot, unique


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["name", "tags", "available", "capacity"], *rows])
    return path


class TestCrud:
    def test_create_show_update_delete(self, admin: Cli) -> None:
        name = unique("Lab ")
        created = admin.json(
            "resources",
            "create",
            name,
            "--tag",
            "lab",
            "--capacity",
            4,
            "--requires-approval",
            "--rule",
            "max_duration_minutes=120",
            "--attr",
            "floor=2",
            "--description",
            "Wet lab",
        )
        assert created["requires_approval"] is True and created["rules"]["max_duration_minutes"] == 120
        assert created["attributes"] == {"floor": "2"}
        shown = admin("resources", "show", created["id"]).ok().out
        assert name in shown and "Wet lab" in shown and "max_duration_minutes=120" in shown

        updated = admin.json(
            "resources",
            "update",
            created["id"],
            "--capacity",
            10,
            "--tag",
            "lab,bio",
            "--no-approval",
            "--rule",
            "min_notice_minutes=30",
        )
        assert updated["capacity"] == 10 and updated["tags"] == ["lab", "bio"] and updated["requires_approval"] is False
        assert updated["rules"]["max_duration_minutes"] == 120 and updated["rules"]["min_notice_minutes"] == 30
        assert admin("resources", "update", created["id"]).fails(2).code == 2

        refused = admin("resources", "delete", created["id"]).fails(1).one_error_line()
        assert "add --yes" in refused
        admin("resources", "show", created["id"]).ok()
        assert admin("-q", "resources", "delete", created["id"], "--yes").ok().out.strip() == str(created["id"])
        assert "Error: " in admin("resources", "show", created["id"]).fails(1).one_error_line()

    def test_duplicate_names_and_bad_input_are_one_line(self, admin: Cli, resource: dict[str, object]) -> None:
        assert "already" in admin("resources", "create", str(resource["name"])).fails(1).one_error_line().lower()
        line = admin("resources", "create", unique("Tz "), "--timezone", "Mars/Olympus").fails(1).one_error_line()
        assert "Mars/Olympus" in line or "time zone" in line.lower()

    def test_users_may_look_but_not_change(self, user: Cli, resource: dict[str, object]) -> None:
        user("resources", "show", resource["id"]).ok()
        line = user("resources", "update", resource["id"], "--capacity", 1).fails(1).one_error_line()
        assert "rr auth login" not in line


class TestListsAndPages:
    def test_pages_cursor_hint_sort_and_all_with_a_threshold(self, admin: Cli, tmp_path: Path) -> None:
        tag = unique("batch")
        rows = [[f"{tag}-{i:03d}", tag, "true", str(i)] for i in range(120)]
        admin("resources", "upload", str(write_csv(tmp_path / "many.csv", rows))).ok()

        first = admin("resources", "list", "--tag", tag, "--limit", 7, "--sort", "name").ok().out
        assert "Showing 7 of 120 resources." in first and "--cursor" in first
        page = admin.json("resources", "list", "--tag", tag, "--limit", 7, "--sort", "name")
        assert [r["name"] for r in page["data"]] == [f"{tag}-{i:03d}" for i in range(7)] and page["has_more"]
        second = admin.json(
            "resources", "list", "--tag", tag, "--limit", 7, "--sort", "name", "--cursor", page["next_cursor"]
        )
        assert second["data"][0]["name"] == f"{tag}-007"
        backwards = admin.json("resources", "list", "--tag", tag, "--limit", 3, "--sort", "capacity", "--order", "desc")
        assert [r["capacity"] for r in backwards["data"]] == [119, 118, 117]

        admin("config", "set", "all_threshold", "50").ok()
        refused = admin("resources", "list", "--tag", tag, "--all").fails(1)
        assert "Fetch all 120 resources" in refused.one_error_line() and "--yes" in refused.err
        everything = admin.json("resources", "list", "--tag", tag, "--all", input="y\n")
        assert len(everything["data"]) == 120 and everything["has_more"] is False and everything["total_count"] == 120
        assert len(admin.json("resources", "list", "--tag", tag, "--all", "--yes")["data"]) == 120
        quiet = admin("-q", "resources", "list", "--tag", tag, "--all", "--yes").ok().out.split()
        assert len(quiet) == 120 and all(i.isdigit() for i in quiet)

    def test_filters(self, admin: Cli) -> None:
        tag = unique("f")
        big = admin.json(
            "resources", "create", unique("Big "), "--tag", tag, "--capacity", 30, "--location", "North wing"
        )
        admin.json("resources", "create", unique("Small "), "--tag", tag, "--capacity", 2)
        assert [r["id"] for r in admin.json("resources", "list", "--tag", tag, "--min-capacity", 10)["data"]] == [
            big["id"]
        ]
        assert [r["id"] for r in admin.json("resources", "list", "--tag", tag, "--location", "north")["data"]] == [
            big["id"]
        ]
        assert admin("resources", "list", "--status", "broken").code == 2


class TestCsv:
    def test_dry_run_errors_partial_and_export(self, admin: Cli, tmp_path: Path) -> None:
        tag = unique("csv")
        good = [[f"{tag}-a", tag, "true", "3"], [f"{tag}-b", tag, "false", ""]]
        bad = write_csv(tmp_path / "bad.csv", [*good, [f"{tag}-c", tag, "maybe", "x"]])

        dry = admin.json("resources", "upload", str(write_csv(tmp_path / "good.csv", good)), "--dry-run")
        assert dry["dry_run"] is True and dry["applied"] is False and dry["rows"] == 2
        assert admin.json("resources", "list", "--tag", tag)["data"] == []

        rejected = admin("resources", "upload", str(bad)).fails(1)
        assert "Nothing was imported" in rejected.err.splitlines()[-1]
        assert "Rows with errors" in rejected.err and "4" in rejected.err  # the line number of the bad row
        assert admin.json("resources", "list", "--tag", tag)["data"] == []

        partial = admin("resources", "upload", str(bad), "--partial").ok().out
        assert "2 created" in partial and "1 with errors" in partial
        assert len(admin.json("resources", "list", "--tag", tag)["data"]) == 2

        target = tmp_path / "out.csv"
        admin("resources", "export", "-o", str(target)).ok()
        exported = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
        assert exported[0][:3] == ["name", "tags", "available"] and {f"{tag}-a", f"{tag}-b"} <= {
            row[0] for row in exported
        }
        assert f"{tag}-a" in admin("resources", "export").ok().out

    def test_a_missing_file_is_a_usage_error(self, admin: Cli, tmp_path: Path) -> None:
        assert admin("resources", "upload", str(tmp_path / "nope.csv")).code == 2


class TestStatusHoursBlackouts:
    def test_status_and_maintenance(self, admin: Cli, resource: dict[str, object]) -> None:
        rid = resource["id"]
        assert admin.json("resources", "status", rid)["status"] == "available"
        off = admin.json(
            "resources", "status", rid, "unavailable", "--reason", "Broken lamp", "--until", "2031-01-01 08:00"
        )
        assert off["status"] == "unavailable" and off["reason"] == "Broken lamp" and off["until"]
        assert admin.json("resources", "maintenance", rid, "--reason", "Service")["status"] == "maintenance"
        assert "available" in admin("resources", "maintenance", rid, "--done").ok().out
        assert admin("resources", "status", rid, "gone").code == 2

    def test_hours(self, admin: Cli, resource: dict[str, object]) -> None:
        rid = resource["id"]
        hours = admin.json("resources", "hours", "set", rid, "mon-fri 09:00-17:00", "sat 10:00-13:00")
        assert len(hours["intervals"]) == 6 and hours["timezone"] == "Europe/Paris"
        shown = admin("resources", "hours", "show", rid).ok().out
        assert "Mon" in shown and "Sat" in shown and "17:00" in shown
        assert admin("resources", "hours", "set", rid, "someday 9-5").code == 2
        admin("resources", "hours", "clear", rid, "--yes").ok()
        assert "around the clock" in admin("resources", "hours", "show", rid).ok().out

    def test_blackouts(self, admin: Cli, resource: dict[str, object]) -> None:
        rid = resource["id"]
        added = admin.json(
            "resources", "blackouts", "add", rid, "2031-12-24", "--to", "2031-12-26", "--reason", "Holidays", "--yearly"
        )
        assert (added["start_date"], added["end_date"], added["yearly"]) == ("2031-12-24", "2031-12-26", True)
        assert "Holidays" in admin("resources", "blackouts", "list", rid).ok().out
        admin("resources", "blackouts", "remove", rid, added["id"]).ok()
        assert admin.json("resources", "blackouts", "list", rid)["data"] == []


def test_search_for_free_resources_in_a_window(admin: Cli, user: Cli) -> None:
    tag = unique("s")
    busy = admin.json("resources", "create", unique("Busy "), "--tag", tag)
    free = admin.json("resources", "create", unique("Free "), "--tag", tag)
    start, end = slot(days=50, hour=10)
    user("reservations", "create", busy["id"], "--start", start, "--end", end).ok()
    found = user.json("resources", "search", "--tag", tag, "--from", start, "--until", end)
    assert [r["id"] for r in found["data"]] == [free["id"]]
    assert user("resources", "search", "--from", start).code == 2


def test_availability_of_a_day(admin: Cli, user: Cli, resource: dict[str, object], api_url: str) -> None:
    start, end = slot(days=45, hour=12)
    user("reservations", "create", resource["id"], "--start", start, "--end", end).ok()
    run = user("availability", resource["id"], "--date", start[:10])
    if not offered(api_url, "get", "/api/v1/resources/{resource_id}/availability"):
        assert "does not offer GET" in run.fails(1).one_error_line()
        return
    shown = run.ok().out
    assert "Booked" in shown and "Free" in shown
    data = user.json("resources", "availability", resource["id"], "--date", start[:10])
    assert len(data["reservations"]) == 1 and data["reservations"][0]["mine"] is True
