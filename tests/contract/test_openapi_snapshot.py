"""The public API never breaks by accident: the committed snapshot is the reference."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import openapi_snapshot  # noqa: E402


def snapshot() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(openapi_snapshot.SNAPSHOT.read_text())
    return loaded


def test_current_api_has_no_breaking_change_against_the_snapshot() -> None:
    problems = openapi_snapshot.breaking_changes(snapshot(), openapi_snapshot.current_spec())
    assert not problems, "breaking API changes (refresh the snapshot only if intended):\n" + "\n".join(problems)


def test_the_checker_catches_removed_routes_fields_and_narrowed_types() -> None:
    old = snapshot()
    new = copy.deepcopy(old)
    paths = new["paths"]  # type: ignore[index]
    del paths["/api/v1/users/me"]
    schemas = new["components"]["schemas"]  # type: ignore[index]
    del schemas["ReservationOut"]["properties"]["status"]
    schemas["ResourceOut"]["properties"]["capacity"] = {"type": "integer"}  # was integer | null
    schemas["RegisterIn"]["required"] = [*schemas["RegisterIn"]["required"], "email"]
    problems = "\n".join(openapi_snapshot.breaking_changes(old, new))  # type: ignore[arg-type]
    assert "GET /api/v1/users/me: removed" in problems
    assert ".status: field removed" in problems
    assert ".capacity: type changed" in problems
    assert "request field 'email' became required" in problems


def test_additions_are_not_breaking() -> None:
    old = snapshot()
    new = copy.deepcopy(old)
    new["paths"]["/api/v1/brand-new"] = {"get": {"responses": {}}}  # type: ignore[index]
    new["components"]["schemas"]["ReservationOut"]["properties"]["extra"] = {"type": "string"}  # type: ignore[index]
    assert openapi_snapshot.breaking_changes(old, new) == []  # type: ignore[arg-type]
