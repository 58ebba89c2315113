"""gRPC and event contracts never break in place: the committed descriptor baseline rules."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import proto_compat  # noqa: E402


def test_no_breaking_change_against_the_baseline() -> None:
    problems = proto_compat.check(proto_compat.packages())
    assert not problems, "breaking proto changes; make a new package version instead:\n" + "\n".join(problems)


def test_every_package_has_a_baseline() -> None:
    assert set(proto_compat.packages()) <= {p.stem for p in proto_compat.BASELINE_DIR.glob("*.json")}, (
        "a new proto package needs its baseline: run `python tools/proto_compat.py`"
    )


def test_the_checker_catches_each_kind_of_break() -> None:
    old = json.loads((proto_compat.BASELINE_DIR / "rr.booking.v1.json").read_text())
    new = copy.deepcopy(old)
    reservation = new["messages"]["Reservation"]
    reservation["renamed_status"] = reservation.pop("status")  # name change of field 6
    reservation["notes"][0] = 99  # renumbered
    reservation["user_id"][1] = "TYPE_STRING"  # retyped
    del new["services"]["BookingService"]["CancelReservation"]
    problems = "\n".join(proto_compat.breaking_changes(old, new, "rr.booking.v1"))
    assert "Reservation.status: field removed (number 6 now 'renamed_status')" in problems
    assert "Reservation.notes: changed" in problems
    assert "Reservation.user_id: changed" in problems
    assert "BookingService.CancelReservation: rpc removed" in problems


def test_additions_pass() -> None:
    old = json.loads((proto_compat.BASELINE_DIR / "rr.booking.v1.json").read_text())
    new = copy.deepcopy(old)
    new["messages"]["Reservation"]["brand_new"] = [500, "TYPE_STRING", "LABEL_OPTIONAL", ""]
    new["messages"]["BrandNew"] = {}
    assert proto_compat.breaking_changes(old, new, "rr.booking.v1") == []
