"""Invocations of the old CLI keep their meaning: positional bookings, `rr reserve`, `rr upcoming`,
`search -q`, `waitlist status` without an id, `waitlist join --resource`, unambiguous weekdays,
the old environment variables, and `reservations show` of a series."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from cli.tests.support import Cli, slot, unique
from rr_cli.app import app
from rr_cli.group import hoist_global_options
from rr_cli.weekdays import parse_weekdays


def local_day(days_ahead: int) -> str:
    return (date.today() + timedelta(days=days_ahead)).isoformat()


def next_monday(days_ahead: int) -> date:
    day = date.today() + timedelta(days=days_ahead)
    return day + timedelta(days=-day.weekday() % 7)


def local(day: str, clock: str) -> datetime:
    """What `rr` makes of a local time typed without an offset."""
    return datetime.fromisoformat(f"{day}T{clock}").astimezone()


class TestWeekdays:
    def test_names_and_iso_numbers_mean_the_same_days(self) -> None:
        assert parse_weekdays("mon,wed,fri", "--days") == parse_weekdays("1,3,5", "--days") == [0, 2, 4]
        assert parse_weekdays("Monday-Friday", "--days") == parse_weekdays("1-5", "--days") == [0, 1, 2, 3, 4]
        assert parse_weekdays("7", "--days") == [6]

    @pytest.mark.parametrize("bad", ["0", "0,2,4", "8", "mo"])
    def test_ambiguous_or_unknown_days_are_refused(self, bad: str) -> None:
        with pytest.raises(typer.BadParameter):
            parse_weekdays(bad, "--days")

    def test_day_zero_is_refused_with_the_reason_before_anything_is_sent(self, tmp_path: Path) -> None:
        args = [
            "reservations",
            "create",
            "3",
            "2030-01-14 09:00",
            "1h",
            "--recurrence",
            "weekly",
            "--days",
            "0,2,4",
            "--yes",
        ]
        result = CliRunner().invoke(
            app, args, env={"XDG_CONFIG_HOME": str(tmp_path), "RR_API_URL": "http://127.0.0.1:9", "COLUMNS": "300"}
        )
        assert result.exit_code == 2
        text = " ".join(result.stderr.split())
        assert "1 (Monday) to 7 (Sunday)" in text and "0 is refused" in text


class TestOldEnvironment:
    def show(self, tmp_path: Path, **env: str) -> dict[str, Any]:
        base = {
            "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
            "RR_API_URL": "",
            "API_URL": "",
            "RR_CONFIG_DIR": "",
            "CLI_CONFIG_DIR": "",
        }
        result = CliRunner().invoke(app, ["--json", "config", "show"], env={**base, **env})
        assert result.exit_code == 0, result.output
        import json

        shown: dict[str, Any] = json.loads(result.stdout)
        return shown

    def test_api_url_and_cli_config_dir_are_honoured(self, tmp_path: Path) -> None:
        shown = self.show(tmp_path, API_URL="http://old-server:8000/api/v1", CLI_CONFIG_DIR=str(tmp_path / "old"))
        assert shown["settings"]["api_url"] == "http://old-server:8000" and shown["api_url_source"] == "API_URL"
        assert shown["config_file"] == str(tmp_path / "old" / "config.json")

    def test_the_rr_names_come_first(self, tmp_path: Path) -> None:
        shown = self.show(
            tmp_path,
            API_URL="http://old:1",
            RR_API_URL="http://new:2",
            CLI_CONFIG_DIR=str(tmp_path / "old"),
            RR_CONFIG_DIR=str(tmp_path / "new"),
        )
        assert shown["settings"]["api_url"] == "http://new:2" and shown["config_file"] == str(
            tmp_path / "new" / "config.json"
        )

    def test_a_session_is_kept_where_cli_config_dir_points(self, user: Cli, tmp_path: Path) -> None:
        moved = tmp_path / "old-config"
        env = {
            "XDG_CONFIG_HOME": str(tmp_path / "elsewhere"),
            "CLI_CONFIG_DIR": str(moved),
            "RR_API_URL": "",
            "API_URL": user.api_url,
        }
        from cli.tests.support import PASSWORD

        user("auth", "login", user.username, "--password", PASSWORD, env=env).ok()
        assert (moved / "tokens.json").exists()
        assert user.username in user("auth", "whoami", env=env).ok().out


class TestPositionalBooking:
    def test_id_start_and_duration_or_end_as_words(self, user: Cli, resource: dict[str, Any]) -> None:
        day = local_day(60)
        booked = user.json("reservations", "create", resource["id"], f"{day} 09:00", "2h")
        assert datetime.fromisoformat(booked["start_time"]) == local(day, "09:00")
        assert datetime.fromisoformat(booked["end_time"]) == local(day, "11:00")
        by_option = user.json("reservations", "create", "--resource", resource["id"], f"{day} 12:00", f"{day} 13:30")
        assert by_option["resource_id"] == resource["id"]
        assert datetime.fromisoformat(by_option["end_time"]) == local(day, "13:30")
        # `rr reserve`, with the start typed unquoted (two words) and a minute count.
        reserved = user.json("reserve", resource["id"], day, "15:00", "90m")
        assert datetime.fromisoformat(reserved["end_time"]) - datetime.fromisoformat(
            reserved["start_time"]
        ) == timedelta(minutes=90)
        assert datetime.fromisoformat(reserved["start_time"]) == local(day, "15:00")
        # The option form still works, and `rr upcoming` lists all of them, soonest first.
        user("reservations", "create", resource["id"], "--start", f"{day} 17:00", "--duration", "30m").ok()
        ids = user("-q", "upcoming").ok().out.split()
        assert ids[:3] == [str(booked["id"]), str(by_option["id"]), str(reserved["id"])] and len(ids) == 4

    def test_a_value_given_twice_or_missing_is_a_clear_usage_error(self, user: Cli, resource: dict[str, Any]) -> None:
        day = local_day(61)
        twice = user("reservations", "create", resource["id"], f"{day} 09:00", "1h", "--resource", resource["id"])
        assert twice.code == 2 and "not both" in twice.err
        assert (
            "not both"
            in user("reservations", "create", resource["id"], f"{day} 09:00", "1h", "--duration", "2h").fails(2).err
        )
        no_end = user("reserve", resource["id"], f"{day} 09:00").fails(2)
        assert "--end or --duration" in no_end.err
        assert "resource id" in user("reserve", "Room", f"{day} 09:00", "1h").fails(2).err
        assert user.json("reservations", "list")["data"] == []


class TestSeries:
    def test_iso_days_are_shown_and_confirmed_before_booking(self, user: Cli, resource: dict[str, Any]) -> None:
        monday = next_monday(70).isoformat()
        args = (
            "reservations",
            "create",
            resource["id"],
            f"{monday} 09:00",
            "1h",
            "--recurrence",
            "weekly",
            "--days",
            "1,3,5",
            "--recurrence-count",
            3,
        )
        declined = user(*args, input="n\n").fails(1)
        assert "Days: Monday, Wednesday, Friday." in declined.err and "nothing was changed" in declined.err
        assert user.json("reservations", "list")["data"] == []
        booked = user(*args, input="y\n").ok()
        first = date.fromisoformat(monday)
        for offset in (0, 2, 4):
            assert f"{(first + timedelta(days=offset)).strftime('%a %Y-%m-%d')} 09:00" in booked.err
        starts = [datetime.fromisoformat(r["start_time"]) for r in user.json("reservations", "list")["data"]]
        assert [s.astimezone().weekday() for s in starts] == [0, 2, 4]
        assert "3 of 3 occurrences booked" in booked.out

    def test_without_an_answer_a_series_needs_yes(self, user: Cli, resource: dict[str, Any]) -> None:
        monday = next_monday(80).isoformat()
        args = (
            "reservations",
            "create",
            resource["id"],
            f"{monday} 09:00",
            "1h",
            "--recurrence",
            "daily",
            "--recurrence-count",
            2,
        )
        unanswered = user(*args).fails(1).err.splitlines()
        assert (
            unanswered[0].startswith("Series: every day, 2 times")
            and "Mon " in unanswered[2]
            and "Tue " in unanswered[3]
        )
        assert unanswered[-1].startswith("Error: ") and "add --yes" in unanswered[-1]
        assert len(user.json(*args, "--yes")["created"]) == 2

    def test_show_prints_the_rule_and_every_occurrence(self, user: Cli, resource: dict[str, Any]) -> None:
        monday = next_monday(90).isoformat()
        answer = user.json(
            "reservations",
            "create",
            resource["id"],
            "--start",
            f"{monday} 09:00",
            "--duration",
            "1h",
            "--recurrence",
            "weekly",
            "--days",
            "mon,wed,fri",
            "--recurrence-count",
            4,
            "--yes",
        )
        ids = [r["id"] for r in answer["created"]]
        shown = user("reservations", "show", ids[1]).ok().out
        assert "every week on Monday, Wednesday, Friday" in shown and "4 times" in shown
        assert all(str(i) in shown for i in ids)
        data = user.json("reservations", "show", ids[1])
        assert data["id"] == ids[1] and [r["id"] for r in data["series"]["occurrences"]] == ids
        # A one-off reservation shows no series.
        single = user.json("reservations", "create", resource["id"], f"{monday} 18:00", "1h")
        assert "Occurrences" not in user("reservations", "show", single["id"]).ok().out


class TestSearchAndWaitlist:
    def test_q_is_the_query_in_resources_search_only(self) -> None:
        assert hoist_global_options(["resources", "search", "-q", "lab", "--json"]) == [
            "--json",
            "resources",
            "search",
            "-q",
            "lab",
        ]
        assert hoist_global_options(["resources", "search", "lab", "-q"]) == ["-q", "resources", "search", "lab"]
        assert hoist_global_options(["resources", "list", "-q"]) == ["-q", "resources", "list"]

    def test_search_q_with_an_availability_window(self, admin: Cli, user: Cli) -> None:
        word = unique("habit")
        busy = admin.json("resources", "create", f"{word} north")
        free = admin.json("resources", "create", f"{word} south")
        start, end = slot(days=55, hour=10)
        user("reservations", "create", busy["id"], "--start", start, "--end", end).ok()
        shown = user("resources", "search", "-q", word, "--from", start, "--until", end).ok().out
        assert free["name"] in shown and busy["name"] not in shown
        found = user.json("resources", "search", "--query", word, "--from", start, "--until", end)
        assert [r["id"] for r in found["data"]] == [free["id"]]
        assert "not both" in user("resources", "search", word, "-q", word).fails(2).err

    def test_join_with_resource_option_and_status_without_id(
        self, admin: Cli, user: Cli, resource: dict[str, Any]
    ) -> None:
        start, end = slot(days=57, hour=15)
        admin("reservations", "create", resource["id"], "--start", start, "--end", end).ok()
        entry = user.json("waitlist", "join", "--resource", resource["id"], "--start", start, "--end", end)
        assert entry["resource_id"] == resource["id"] and entry["position"] == 1
        assert user("-q", "waitlist", "status").ok().out.split() == [str(entry["id"])]
        listed = user.json("waitlist", "status")
        assert [e["id"] for e in listed["data"]] == [entry["id"]]
