"""The waitlist through the gateway: a fair queue for a taken slot, exclusive held offers that are
accepted, declined or expire (also across a crash of the waitlist), and bad input refused."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_up_and_in, slot
from tests.e2e.support_waitlist import entry_of, give_waitlist_its_client, offer_ttl, queue_for, wait_for_status


@pytest.fixture(scope="module", autouse=True)
async def waitlist_client(api: httpx.AsyncClient, admin: Session, rr_stack: Stack) -> AsyncIterator[None]:
    await give_waitlist_its_client(api, admin, rr_stack)
    yield


async def test_a_cancelled_slot_goes_to_the_first_in_line_who_accepts_it(
    api: httpx.AsyncClient, resource: dict[str, object]
) -> None:
    start, end = slot(days=20, hour=9)
    queue = await queue_for(api, resource["id"], start, end, people=2)
    (first, first_entry), (second, second_entry) = queue.waiting

    cancelled = await api.post(
        f"/api/v1/reservations/{queue.reservation_id}/cancel", json={}, headers=queue.holder.auth
    )
    assert cancelled.status_code == 200, cancelled.text

    offered = await wait_for_status(api, first, first_entry, "offered")
    assert offered["offer_expires_at"] and offered["reservation_id"] and offered["position"] == 0
    assert (await entry_of(api, second, second_entry))["position"] == 1
    # The held slot is nobody else's to take meanwhile.
    sniper = await sign_up_and_in(api, "sniper")
    snipe = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource["id"], "start_time": start, "end_time": end},
        headers=sniper.auth,
    )
    assert snipe.status_code == 409

    accepted = await api.post(f"/api/v1/waitlist/{first_entry}/accept", headers=first.auth)
    again = await api.post(f"/api/v1/waitlist/{first_entry}/accept", headers=first.auth)
    assert accepted.status_code == again.status_code == 200, accepted.text
    assert accepted.json()["status"] == again.json()["status"] == "fulfilled"
    reservation = await api.get(f"/api/v1/reservations/{offered['reservation_id']}", headers=first.auth)
    assert reservation.status_code == 200 and reservation.json()["status"] == "confirmed"
    history = [h["to_status"] for h in (await entry_of(api, first, first_entry))["history"]]  # type: ignore[union-attr]
    assert history == ["waiting", "offered", "fulfilled"]
    await asyncio.sleep(0.5)
    assert (await entry_of(api, second, second_entry))["status"] == "waiting"


async def test_the_offer_reaches_the_user_as_a_notification(
    api: httpx.AsyncClient, resource: dict[str, object]
) -> None:
    start, end = slot(days=21, hour=9)
    queue = await queue_for(api, resource["id"], start, end, people=1)
    ((first, first_entry),) = queue.waiting
    await api.post(f"/api/v1/reservations/{queue.reservation_id}/cancel", json={}, headers=queue.holder.auth)
    await wait_for_status(api, first, first_entry, "offered")

    deadline = time.monotonic() + 15
    while True:
        notes = (await api.get("/api/v1/notifications", headers=first.auth)).json()["data"]
        if any(n["type"] == "waitlist_offer" for n in notes) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    offer = [n for n in notes if n["type"] == "waitlist_offer"]
    assert len(offer) == 1 and offer[0]["subject_id"] == first_entry


async def test_a_declined_or_expired_offer_moves_down_the_line(
    api: httpx.AsyncClient, resource: dict[str, object], rr_stack: Stack
) -> None:
    start, end = slot(days=22, hour=9)
    queue = await queue_for(api, resource["id"], start, end, people=3)
    (first, first_entry), (second, second_entry), (third, third_entry) = queue.waiting
    await api.post(f"/api/v1/reservations/{queue.reservation_id}/cancel", json={}, headers=queue.holder.auth)
    await wait_for_status(api, first, first_entry, "offered")

    declined = await api.post(f"/api/v1/waitlist/{first_entry}/decline", headers=first.auth)
    assert declined.status_code == 200 and declined.json()["status"] == "cancelled"
    await wait_for_status(api, second, second_entry, "offered")

    # The second person does not answer: the offer lapses and the third gets it.
    await wait_for_status(api, second, second_entry, "expired", timeout=offer_ttl(rr_stack) + 20)
    late = await api.post(f"/api/v1/waitlist/{second_entry}/accept", headers=second.auth)
    assert late.status_code == 404 and late.json()["code"] == "offer_expired"
    await wait_for_status(api, third, third_entry, "offered")


async def test_an_offer_pending_while_the_waitlist_crashes_still_expires(
    api: httpx.AsyncClient, resource: dict[str, object], rr_stack: Stack
) -> None:
    start, end = slot(days=23, hour=9)
    queue = await queue_for(api, resource["id"], start, end, people=2)
    (first, first_entry), (second, second_entry) = queue.waiting
    await api.post(f"/api/v1/reservations/{queue.reservation_id}/cancel", json={}, headers=queue.holder.auth)
    await wait_for_status(api, first, first_entry, "offered")

    await asyncio.to_thread(rr_stack.kill, "waitlist")
    try:
        await asyncio.sleep(offer_ttl(rr_stack) + 0.5)
    finally:
        await asyncio.to_thread(rr_stack.start, "waitlist")

    await wait_for_status(api, first, first_entry, "expired")
    offered = await wait_for_status(api, second, second_entry, "offered")
    held = await api.get(f"/api/v1/reservations/{offered['reservation_id']}", headers=second.auth)
    assert held.status_code == 200 and held.json()["status"] == "held"


async def test_bad_waitlist_input_is_refused_and_writes_nothing(
    api: httpx.AsyncClient, resource: dict[str, object], user: Session
) -> None:
    start, end = slot(days=24, hour=9)
    body = {"resource_id": resource["id"], "desired_start": start, "desired_end": end}

    free = await api.post("/api/v1/waitlist", json=body, headers=user.auth)
    assert free.status_code == 409 and free.json()["code"] == "slot_available" and "book it" in free.json()["detail"]
    unknown = await api.post("/api/v1/waitlist", json={**body, "resource_id": 987654321}, headers=user.auth)
    assert unknown.status_code == 404 and unknown.json()["detail"]
    past = await api.post(
        "/api/v1/waitlist",
        json={**body, "desired_start": "2020-01-01T09:00:00Z", "desired_end": "2020-01-01T10:00:00Z"},
        headers=user.auth,
    )
    assert past.status_code == 422 and "past" in str(past.json()["detail"])
    naive = await api.post(
        "/api/v1/waitlist", json={**body, "desired_start": start[:19], "desired_end": end[:19]}, headers=user.auth
    )
    assert naive.status_code == 422
    backwards = await api.post(
        "/api/v1/waitlist", json={**body, "desired_start": end, "desired_end": start}, headers=user.auth
    )
    assert backwards.status_code == 422
    assert (await api.get("/api/v1/waitlist", headers=user.auth)).json()["data"] == []

    queue = await queue_for(api, resource["id"], start, end, people=1)
    ((waiter, entry_id),) = queue.waiting
    twice = await api.post("/api/v1/waitlist", json=body, headers=waiter.auth)
    assert twice.status_code == 409 and twice.json()["code"] == "already_waiting"
    assert len((await api.get("/api/v1/waitlist", headers=waiter.auth)).json()["data"]) == 1
    for method, path in (("GET", ""), ("POST", "/accept"), ("POST", "/decline"), ("DELETE", "")):
        answer = await api.request(method, f"/api/v1/waitlist/{entry_id}{path}", headers=user.auth)
        assert answer.status_code == 404, (method, path, answer.text)
    assert (await entry_of(api, waiter, entry_id))["status"] == "waiting"
    nothing_offered = await api.post(f"/api/v1/waitlist/{entry_id}/accept", headers=waiter.auth)
    assert nothing_offered.status_code == 404 and nothing_offered.json()["code"] == "offer_not_found"


async def test_leaving_and_the_managers_view_of_a_queue(
    api: httpx.AsyncClient, resource: dict[str, object], admin: Session
) -> None:
    start, end = slot(days=25, hour=9)
    queue = await queue_for(api, resource["id"], start, end, people=3)
    (first, first_entry), (second, second_entry), (third, third_entry) = queue.waiting

    left = await api.delete(f"/api/v1/waitlist/{first_entry}", headers=first.auth)
    assert left.status_code == 200 and left.json()["status"] == "cancelled"
    assert (await entry_of(api, third, third_entry))["position"] == 2

    view = await api.get(f"/api/v1/waitlist/resource/{resource['id']}", headers=admin.auth)
    assert view.status_code == 200, view.text
    assert [(e["id"], e["position"]) for e in view.json()["data"]] == [(second_entry, 1), (third_entry, 2)]
    assert (await api.get(f"/api/v1/waitlist/resource/{resource['id']}", headers=second.auth)).status_code == 403
