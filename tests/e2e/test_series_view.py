"""A series as a first-class thing: GET /reservations/series/{id} shows its rule, the occurrences
cancelled or moved (with their original start) and its occurrences, to its owner and admins."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_booking import API, new_resource, next_weekday
from tests.e2e.test_booking_series import series_body


async def test_owner_sees_rule_exceptions_and_occurrences_others_get_404_admin_sees_it(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(0, 9)
    made = await api.post(
        f"{API}/reservations/recurring",
        json=series_body(room["id"], start, rrule="FREQ=WEEKLY;COUNT=5"),
        headers=user.auth,
    )
    assert made.status_code == 201, made.text
    series_id, created = made.json()["series_id"], made.json()["created"]
    cancelled, moved = created[1], created[3]
    assert (
        await api.post(f"{API}/reservations/{cancelled['id']}/cancel", json={"reason": "holiday"}, headers=user.auth)
    ).status_code == 200
    new_start = datetime.fromisoformat(moved["start_time"]) + timedelta(hours=3)
    shifted = await api.patch(
        f"{API}/reservations/{moved['id']}",
        json={"start_time": new_start.isoformat(), "end_time": (new_start + timedelta(hours=1)).isoformat()},
        headers=user.auth,
    )
    assert shifted.status_code == 200, shifted.text

    listed = (await api.get(f"{API}/reservations/my?resource_id={room['id']}", headers=user.auth)).json()["data"]
    assert {r["series_id"] for r in listed} == {series_id}  # lists say which reservations belong to the series

    answer = await api.get(f"{API}/reservations/series/{series_id}", headers=user.auth)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "FREQ=WEEKLY" in body["rrule"] and "COUNT=5" in body["rrule"]
    assert body["timezone"] == "Europe/Paris" and body["resource"]["id"] == room["id"] and body["status"] == "active"
    assert body["occurrence_count"] == 5 and [o["id"] for o in body["occurrences"]] == [r["id"] for r in created]
    kinds = {e["reservation"]["id"]: (e["kind"], e["recurrence_id"]) for e in body["exceptions"]}
    assert kinds == {
        cancelled["id"]: ("cancelled", cancelled["recurrence_id"]),
        moved["id"]: ("moved", moved["recurrence_id"]),
    }
    moved_now = next(e["reservation"] for e in body["exceptions"] if e["kind"] == "moved")
    assert datetime.fromisoformat(moved_now["start_time"]) == new_start
    assert datetime.fromisoformat(moved_now["recurrence_id"]) == datetime.fromisoformat(moved["start_time"])

    bounded = (await api.get(f"{API}/reservations/series/{series_id}?limit=2", headers=user.auth)).json()
    assert len(bounded["occurrences"]) == 2 and bounded["occurrence_count"] == 5 and len(bounded["exceptions"]) == 2

    stranger = await sign_up_and_in(api, "stranger")
    hidden = await api.get(f"{API}/reservations/series/{series_id}", headers=stranger.auth)
    assert hidden.status_code == 404 and hidden.json()["code"] == "series_not_found"
    assert (await api.get(f"{API}/reservations/series/{series_id + 10_000_000}", headers=user.auth)).status_code == 404

    seen_by_admin = await api.get(f"{API}/reservations/series/{series_id}", headers=admin.auth)
    assert seen_by_admin.status_code == 200 and seen_by_admin.json()["user_id"] == user.user_id


async def test_bad_series_id_or_limit_is_422(api: httpx.AsyncClient, user: Session) -> None:
    assert (await api.get(f"{API}/reservations/series/0", headers=user.auth)).status_code == 422
    assert (await api.get(f"{API}/reservations/series/1?limit=5000", headers=user.auth)).status_code == 422
