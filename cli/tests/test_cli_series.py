"""rr reservations show on an occurrence of a series: the series as the API stores it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli.tests.support import Cli, signed_up
from cli.tests.test_cli_reservations import monday


def test_show_prints_the_rule_the_exceptions_and_every_occurrence(
    user: Cli, resource: dict[str, Any], api_url: str, tmp_path: Path
) -> None:
    made = user.json(
        "reservations",
        "create",
        resource["id"],
        "--start",
        monday(14).isoformat(),
        "--duration",
        "1h",
        "--rrule",
        "FREQ=WEEKLY;COUNT=4",
        "--yes",
    )
    created = made["created"]
    user("reservations", "cancel", created[2]["id"], "--yes").ok()

    shown = user("reservations", "show", created[0]["id"]).ok().out
    assert f"Series {made['series_id']}: every week" in shown and "4 times" in shown
    assert "Occurrences cancelled or moved" in shown and "cancelled" in shown
    assert all(str(r["id"]) in shown for r in created)

    as_json = user.json("reservations", "show", created[0]["id"])["series"]
    assert as_json["id"] == made["series_id"] and as_json["occurrence_count"] == 4
    assert [(e["kind"], e["reservation"]["id"]) for e in as_json["exceptions"]] == [("cancelled", created[2]["id"])]

    stranger = signed_up(tmp_path, api_url, "stranger")
    assert "Error: " in stranger("reservations", "show", created[0]["id"]).fails(1).one_error_line()
