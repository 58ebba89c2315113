"""Catalog killed: booking still books, and still refuses what catalog's rules refuse, from its
own projection of catalog's events; when catalog is back, its changes reach booking again."""

from __future__ import annotations

import asyncio
import time

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_up_and_in
from tests.faults.test_faults import book, new_room, wait_ready

OPEN_HOURS = [{"day_of_week": d, "open_time": "08:00", "close_time": "18:00"} for d in range(7)]


async def test_booking_keeps_booking_and_enforcing_rules_while_catalog_is_dead(
    api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    await wait_ready(api)
    alice, bob = await sign_up_and_in(api, "projalice"), await sign_up_and_in(api, "projbob")
    room = await new_room(api, admin)
    hours = await api.put(f"/api/v1/resources/{room}/business-hours", json=OPEN_HOURS, headers=admin.auth)
    assert hours.status_code == 200, hours.text
    # While catalog is up: what a slot after closing time gets (the projection may still be
    # catching up on the hours, so wait for the refusal).
    deadline = time.monotonic() + 10
    while (late_before := await book(api, alice, room, day=30, hour=20)).status_code == 201:
        assert time.monotonic() < deadline, "the opening hours never applied"
        await asyncio.sleep(0.1)
    assert late_before.status_code == 422, late_before.text

    rr_stack.kill("catalog")  # SIGKILL: no goodbye, its port refuses connections
    try:
        made = await book(api, alice, room, day=31, hour=9)
        assert made.status_code == 201, made.text
        taken = await book(api, bob, room, day=31, hour=9)
        assert taken.status_code == 409, taken.text
        late = await book(api, bob, room, day=31, hour=20)
        assert (late.status_code, late.json()["code"]) == (late_before.status_code, late_before.json()["code"]), (
            late.text
        )
        mine = await api.get("/api/v1/reservations/my?limit=100", headers=alice.auth)
        assert made.json()["id"] in [r["id"] for r in mine.json()["data"]]
    finally:
        await asyncio.to_thread(rr_stack.start, "catalog")
    await wait_ready(api)

    # Catalog back: a change made now is honoured by booking, and the slot booked while catalog
    # was away is still the only one.
    closed_early = [{"day_of_week": d, "open_time": "08:00", "close_time": "12:00"} for d in range(7)]
    assert (
        await api.put(f"/api/v1/resources/{room}/business-hours", json=closed_early, headers=admin.auth)
    ).status_code == 200
    deadline = time.monotonic() + 10
    while (afternoon := await book(api, bob, room, day=32, hour=14)).status_code == 201:
        assert time.monotonic() < deadline, "catalog's change after its restart never reached booking"
        await asyncio.sleep(0.1)
    assert afternoon.json()["code"] == "outside_business_hours", afternoon.text
    again = await book(api, bob, room, day=31, hour=9)
    assert again.status_code == 409, again.text
