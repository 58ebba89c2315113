"""What needs no server: help of every command, parsing of times/days/options, error sentences,
private files, and the real `rr` executables (exit codes, --version, one-line errors)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from rr_cli import __version__
from rr_cli.app import app
from rr_cli.commands.recurrence import Frequency, recurrence_body
from rr_cli.commands.resource_hours import parse_days, parse_spec
from rr_cli.errors import describe
from rr_cli.group import hoist_global_options
from rr_cli.settings import normalize_api_url, write_private
from rr_cli.timefmt import parse_duration, parse_when, show_time, time_range


def command_paths() -> list[list[str]]:
    """Every group and command of `rr`, as argument lists."""
    paths: list[list[str]] = []

    def walk(command: Any, prefix: list[str]) -> None:
        paths.append(prefix)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*prefix, name])

    walk(get_command(app), [])
    return paths


ALL_COMMANDS = command_paths()


def test_the_tree_covers_every_workflow_of_the_issue() -> None:
    names = {" ".join(p) for p in ALL_COMMANDS}
    expected = {
        "auth register",
        "auth login",
        "auth logout",
        "auth whoami",
        "auth mfa setup",
        "auth mfa verify",
        "auth mfa disable",
        "auth password change",
        "config show",
        "config set",
        *(
            f"resources {c}"
            for c in (
                "list",
                "search",
                "show",
                "create",
                "update",
                "delete",
                "status",
                "maintenance",
                "hours",
                "blackouts",
                "upload",
                "export",
                "availability",
            )
        ),
        "availability",
        *(
            f"reservations {c}"
            for c in ("create", "list", "show", "cancel", "cancel-series", "history", "export-ics", "check-in")
        ),
        *(f"waitlist {c}" for c in ("join", "leave", "list", "status", "accept", "decline")),
        *(f"notifications {c}" for c in ("list", "read", "read-all", "watch")),
        "approvals list",
        "approvals approve",
        "approvals reject",
        *(f"admin {c}" for c in ("users", "roles", "quotas", "webhooks", "audit", "analytics", "cleanup")),
        "system status",
    }
    assert expected <= names, sorted(expected - names)


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "rr")
def test_every_help_is_non_empty_and_shows_examples(path: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"XDG_CONFIG_HOME": str(tmp_path), "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Usage:" in text and len(text.strip().splitlines()) > 5
    if not hasattr(_command(path), "commands"):  # groups list their commands; commands show examples
        assert "Examples:" in text and "$ rr " in text, text
    assert result.stderr == ""


def _command(path: list[str]) -> Any:
    command: Any = get_command(app)
    for name in path:
        command = command.commands[name]
    return command


class TestOptionsAnywhere:
    def test_global_flags_move_to_the_front(self) -> None:
        args = ["resources", "list", "--json", "--api-url", "http://x:1", "--limit", "5", "-q"]
        assert hoist_global_options(args) == [
            "--json",
            "--api-url",
            "http://x:1",
            "-q",
            "resources",
            "list",
            "--limit",
            "5",
        ]
        assert hoist_global_options(["--api-url=http://x", "auth", "whoami"]) == [
            "--api-url=http://x",
            "auth",
            "whoami",
        ]
        assert hoist_global_options(["a", "--", "--json"]) == ["a", "--", "--json"]


class TestTimes:
    def test_local_time_without_offset_gets_this_machines_offset(self) -> None:
        moment = parse_when("2030-01-15 09:00", "--start")
        assert moment.tzinfo is not None and (moment.hour, moment.minute) == (9, 0)
        assert moment.utcoffset() == datetime(2030, 1, 15, 9, 0).astimezone().utcoffset()

    def test_rfc3339_keeps_its_offset(self) -> None:
        assert parse_when("2030-01-15T09:00:00+01:00", "--start").isoformat() == "2030-01-15T09:00:00+01:00"
        assert parse_when("2030-01-15T08:00:00Z", "--start").utcoffset() == timedelta(0)

    def test_relative_days(self) -> None:
        assert parse_when("tomorrow 10:30", "--start").date() == date.today() + timedelta(days=1)

    @pytest.mark.parametrize("bad", ["2030-01-15", "15/01/2030 09:00", "soon", ""])
    def test_bad_times_are_usage_errors(self, bad: str) -> None:
        with pytest.raises(typer.BadParameter):
            parse_when(bad, "--start")

    def test_ranges_and_durations(self) -> None:
        start, end = time_range("2030-01-15T09:00:00+00:00", None, "1h30m")
        assert end == "2030-01-15T10:30:00+00:00"
        assert parse_duration("45", "--duration") == timedelta(minutes=45)
        for args in ((None, None), ("2030-01-15T08:00:00+00:00", None), ("2030-01-15T10:00:00+00:00", "1h")):
            with pytest.raises(typer.BadParameter):
                time_range("2030-01-15T09:00:00+00:00", *args)

    def test_display_is_local_to_the_minute(self) -> None:
        expected = datetime.fromisoformat("2030-01-15T09:00:00+00:00").astimezone().strftime("%Y-%m-%d %H:%M")
        assert show_time("2030-01-15T09:00:00Z") == expected
        assert show_time("not a time") == "not a time"


class TestDaysAndRules:
    def test_days_by_name_number_and_range(self) -> None:
        assert parse_days("mon-fri") == [0, 1, 2, 3, 4]
        assert parse_days("1,3,5") == [0, 2, 4]  # ISO 8601: 1 = Monday
        assert parse_days("sat,sun,mon") == [0, 5, 6]
        with pytest.raises(typer.BadParameter):
            parse_days("fri-mon")
        with pytest.raises(typer.BadParameter):
            parse_days("8")

    def test_hours_spec(self) -> None:
        assert parse_spec("sat 9:00-13:30") == [{"day_of_week": 5, "open_time": "09:00", "close_time": "13:30"}]
        with pytest.raises(typer.BadParameter):
            parse_spec("weekdays")

    def test_recurrence_bodies(self) -> None:
        assert recurrence_body(None, 1, None, None, None, None, None) is None
        weekly = recurrence_body(Frequency.weekly, 2, "mon,wed", None, 6, None, ["2030-02-03"])
        assert weekly == {
            "frequency": "weekly",
            "interval": 2,
            "days_of_week": [0, 2],
            "end_type": "after_occurrences",
            "occurrence_count": 6,
            "exdates": ["2030-02-03"],
        }
        assert recurrence_body(None, 1, None, None, None, "FREQ=DAILY;COUNT=3", None) == {
            "rrule": "FREQ=DAILY;COUNT=3",
            "exdates": [],
        }
        for bad in (
            (Frequency.daily, 1, "mon", None, None, None, None),
            (Frequency.daily, 1, None, "2030-01-01", 3, None, None),
            (Frequency.daily, 1, None, None, None, "FREQ=DAILY", None),
            (None, 1, None, None, 3, None, None),
        ):
            with pytest.raises(typer.BadParameter):
                recurrence_body(*bad)


class TestErrorSentences:
    def test_validation_lists_are_readable(self) -> None:
        body = {
            "detail": [{"loc": ["body", "capacity"], "msg": "Input should be a valid integer", "type": "int_parsing"}],
            "code": "validation_failed",
        }
        assert (
            describe(422, body, "POST", "/api/v1/resources", "")
            == "The request was not accepted: capacity: Input should be a valid integer"
        )

    def test_a_missing_route_says_the_server_lacks_it(self) -> None:
        text = describe(
            404,
            {"detail": "There is nothing at this address.", "code": "not_found"},
            "GET",
            "/api/v1/approvals/pending",
            "Not Found",
        )
        assert "does not offer GET /api/v1/approvals/pending" in text and "404" in text

    def test_retry_after_is_added_when_the_sentence_lacks_it(self) -> None:
        assert (
            describe(429, {"detail": "Slow down.", "retry_after": 7}, "GET", "/x", "")
            == "Slow down. Try again in 7 seconds."
        )

    def test_no_body_still_reads(self) -> None:
        assert describe(502, {}, "GET", "/x", "Bad Gateway") == "The server answered 502 Bad Gateway."


class TestFiles:
    def test_private_files_are_0600_in_a_0700_dir(self, tmp_path: Path) -> None:
        target = tmp_path / "cfg" / "tokens.json"
        write_private(target, {"a": 1})
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
        assert [p.name for p in target.parent.iterdir()] == ["tokens.json"]

    def test_api_url_forms(self) -> None:
        assert normalize_api_url("http://h:8000/api/v1/") == "http://h:8000"
        assert normalize_api_url(" https://h ") == "https://h"


def _exe(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed next to {sys.executable}; pip install -e cli"
    return found


def _run(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path),
        "HOME": str(tmp_path),
        "RR_API_URL": "http://127.0.0.1:9",
        **env,
    }
    environment.pop("NO_COLOR", None)
    return subprocess.run(list(args), capture_output=True, text=True, env=environment, timeout=120, check=False)


class TestExecutables:
    def test_version_from_both_names(self, tmp_path: Path) -> None:
        for name in ("rr", "resource-reserver-cli"):
            done = _run(_exe(name), "--version", tmp_path=tmp_path)
            assert done.returncode == 0 and done.stdout.strip() == f"rr (resource-reserver-cli) {__version__}"
        module = _run(sys.executable, "-m", "rr_cli", "--version", tmp_path=tmp_path)
        assert module.returncode == 0 and __version__ in module.stdout

    def test_usage_errors_exit_2(self, tmp_path: Path) -> None:
        done = _run(
            _exe("rr"), "reservations", "create", "3", "--start", "someday", "--duration", "1h", tmp_path=tmp_path
        )
        assert done.returncode == 2 and "someday" in done.stderr and done.stdout == ""
        assert _run(_exe("rr"), "resources", "list", "--limit", "0", tmp_path=tmp_path).returncode == 2
        assert _run(_exe("rr"), "no-such-command", tmp_path=tmp_path).returncode == 2

    def test_failures_are_one_uncoloured_line_on_stderr_with_exit_1(self, tmp_path: Path) -> None:
        done = _run(_exe("rr"), "--json", "system", "status", tmp_path=tmp_path)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(
            "Error: Cannot reach the server at http://127.0.0.1:9"
        )
        assert "\x1b[" not in done.stderr  # not a terminal: no colour
        signed_out = _run(_exe("rr"), "reservations", "list", tmp_path=tmp_path)
        assert (
            signed_out.returncode == 1
            and signed_out.stderr.strip() == "Error: You are not signed in to http://127.0.0.1:9; run `rr auth login`."
        )

    def test_no_traceback_for_a_corrupt_config_file(self, tmp_path: Path) -> None:
        (tmp_path / "resource-reserver").mkdir()
        (tmp_path / "resource-reserver" / "config.json").write_text("{not json")
        done = _run(_exe("rr"), "config", "show", tmp_path=tmp_path, RR_API_URL="")
        assert done.returncode == 1 and "is not valid JSON" in done.stderr and "Traceback" not in done.stderr
