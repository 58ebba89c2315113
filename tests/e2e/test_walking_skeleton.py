"""The walking skeleton through every layer: gateway -> auth/catalog/booking over gRPC ->
outbox -> JetStream -> notify (idempotent consumer) -> in-app notification."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.e2e.support import Session, sign_up_and_in, slot


async def wait_for_notifications(
    api: httpx.AsyncClient, who: Session, count: int, timeout: float = 20
) -> list[dict[str, object]]:
    deadline = time.monotonic() + timeout
    while True:
        answer = await api.get("/api/v1/notifications", headers=who.auth)
        assert answer.status_code == 200, answer.text
        items: list[dict[str, object]] = answer.json()["data"]
        if len(items) >= count or time.monotonic() > deadline:
            return items
        await asyncio.sleep(0.2)


async def test_register_login_book_conflict_and_get_notified(api: httpx.AsyncClient, admin: Session) -> None:
    alice = await sign_up_and_in(api, "alice")

    me = await api.get("/api/v1/users/me", headers=alice.auth)
    assert me.status_code == 200
    assert me.json()["username"] == alice.username and me.json()["roles"] == ["user"]

    room = await api.post(
        "/api/v1/resources",
        json={"name": "Skeleton lab", "tags": ["lab"], "timezone": "Europe/Paris"},
        headers=admin.auth,
    )
    assert room.status_code == 201, room.text
    room_id = room.json()["id"]

    start, end = slot(days=5, hour=9, hours=2)
    booked = await api.post(
        "/api/v1/reservations", json={"resource_id": room_id, "start_time": start, "end_time": end}, headers=alice.auth
    )
    assert booked.status_code == 201, booked.text
    reservation = booked.json()
    assert reservation["status"] == "confirmed"
    assert reservation["start_time"].endswith("Z") and reservation["start_time_local"].endswith(("+01:00", "+02:00"))

    bob = await sign_up_and_in(api, "bob")
    later_start, later_end = slot(days=5, hour=10, hours=2)  # overlaps 10:00-11:00
    clash = await api.post(
        "/api/v1/reservations",
        json={"resource_id": room_id, "start_time": later_start, "end_time": later_end},
        headers=bob.auth,
    )
    assert clash.status_code == 409
    body = clash.json()
    assert body["code"] == "reservation_conflict"
    assert "already booked" in body["detail"]
    assert body["conflicts"] and body["conflicts"][0]["start_time"].startswith(start[:16])

    notes = await wait_for_notifications(api, alice, 1)
    assert [n["type"] for n in notes] == ["reservation_confirmed"]
    assert notes[0]["subject_id"] == reservation["id"]
    assert "Skeleton lab" in str(notes[0]["message"])
    # Bob's refused booking produced nothing for him.
    assert await wait_for_notifications(api, bob, 1, timeout=1) == []


async def test_cancel_frees_the_slot_and_notifies(
    api: httpx.AsyncClient, user: Session, resource: dict[str, object]
) -> None:
    start, end = slot(days=6)
    payload = {"resource_id": resource["id"], "start_time": start, "end_time": end}
    first = await api.post("/api/v1/reservations", json=payload, headers=user.auth)
    assert first.status_code == 201
    cancelled = await api.post(
        f"/api/v1/reservations/{first.json()['id']}/cancel", json={"reason": "plans changed"}, headers=user.auth
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = await api.post("/api/v1/reservations", json=payload, headers=user.auth)
    assert again.status_code == 201, "a cancelled reservation must free its slot at once"
    types = sorted(str(n["type"]) for n in await wait_for_notifications(api, user, 3))
    assert types == ["reservation_cancelled", "reservation_confirmed", "reservation_confirmed"]
