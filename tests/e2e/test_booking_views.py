"""Reading through the gateway: history, my upcoming/past, the manager view, availability and
the schedule of a resource."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx

from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_booking import API, book, new_resource, next_weekday


async def test_history_records_who_did_what_and_why(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(1, 9, 3)
    rid = (await book(api, user, room["id"], start, start + timedelta(hours=1))).json()["id"]
    await api.post(f"{API}/reservations/{rid}/cancel", json={"reason": "meeting moved"}, headers=admin.auth)
    history = await api.get(f"{API}/reservations/{rid}/history", headers=user.auth)
    assert [(h["from_status"], h["to_status"], h["actor_user_id"], h["reason"]) for h in history.json()] == [
        (None, "confirmed", user.user_id, ""),
        ("confirmed", "cancelled", admin.user_id, "meeting moved"),
    ]
    stranger = await sign_up_and_in(api, "stranger")
    assert (await api.get(f"{API}/reservations/{rid}/history", headers=stranger.auth)).status_code == 404


async def test_manager_view_filters_and_users_are_refused(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    other = await sign_up_and_in(api, "other")
    start = next_weekday(2, 9, 3)
    for who, days in ((user, 0), (other, 1), (user, 2)):
        assert (
            await book(api, who, room["id"], start + timedelta(days=days), start + timedelta(days=days, hours=1))
        ).status_code == 201
    everyone = await api.get(f"{API}/reservations?resource_id={room['id']}", headers=admin.auth)
    assert [r["user_id"] for r in everyone.json()["data"]] == [user.user_id, other.user_id, user.user_id]
    only = await api.get(f"{API}/reservations?resource_id={room['id']}&user_id={other.user_id}", headers=admin.auth)
    assert [r["user_id"] for r in only.json()["data"]] == [other.user_id]
    window = await api.get(
        f"{API}/reservations",
        params={"resource_id": room["id"], "from": (start + timedelta(days=1)).isoformat(), "sort_order": "desc"},
        headers=admin.auth,
    )
    assert [r["user_id"] for r in window.json()["data"]] == [user.user_id, other.user_id]
    refused = await api.get(f"{API}/reservations", headers=user.auth)
    assert refused.status_code == 403 and refused.json()["detail"]
    naive = await api.get(f"{API}/reservations/my", params={"from": "2030-01-01T09:00:00"}, headers=user.auth)
    assert naive.status_code == 422


async def test_upcoming_and_past_are_separated(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(3, 9, 2)
    rid = (await book(api, user, room["id"], start, start + timedelta(hours=1))).json()["id"]
    upcoming = await api.get(f"{API}/reservations/my?upcoming=true", headers=user.auth)
    past = await api.get(f"{API}/reservations/my?past=true", headers=user.auth)
    assert [r["id"] for r in upcoming.json()["data"]] == [rid] and past.json()["data"] == []
    bad = await api.get(f"{API}/reservations/my?status=sleeping", headers=user.auth)
    assert bad.status_code == 422


async def test_availability_of_a_day_shows_free_slots_around_bookings(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin, rules={"buffer_after_minutes": 30})
    start = next_weekday(4, 10, 2)
    await book(api, user, room["id"], start, start + timedelta(hours=2))
    local_day = start.astimezone(ZoneInfo("Europe/Paris")).date()
    answer = await api.get(f"{API}/resources/{room['id']}/availability?date={local_day.isoformat()}", headers=user.auth)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["timezone"] == "Europe/Paris"
    assert [(b["start_time"], b["mine"]) for b in body["reservations"]] == [
        (start.isoformat().replace("+00:00", "Z"), True)
    ]
    ends = [s["end_time"] for s in body["free_slots"]]
    starts = [s["start_time"] for s in body["free_slots"]]
    # A new booking needs its own 30-minute buffer after it, so it must end by 09:30 for a 10:00
    # booking; it may start once that booking and its buffer are over.
    assert (start - timedelta(minutes=30)).isoformat().replace("+00:00", "Z") in ends
    assert (start + timedelta(hours=2, minutes=30)).isoformat().replace("+00:00", "Z") in starts
    schedule = await api.get(
        f"{API}/resources/{room['id']}/schedule",
        params={"start": start.isoformat(), "end": (start + timedelta(days=1)).isoformat()},
        headers=admin.auth,
    )
    assert [r["user_id"] for r in schedule.json()["reservations"]] == [user.user_id]
    missing = await api.get(f"{API}/resources/987654321/availability?date={local_day.isoformat()}", headers=user.auth)
    assert missing.status_code == 404
    nothing = await api.get(f"{API}/resources/{room['id']}/availability", headers=user.auth)
    assert nothing.status_code == 422
