"""Reservation guarantees through the gateway: no double booking under a race, idempotent
retries, and no user reading or cancelling another's reservation."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.e2e.support import Session, sign_up_and_in, slot


async def test_fifty_clients_racing_for_each_slot_get_exactly_one_booking(
    api: httpx.AsyncClient, resource: dict[str, object]
) -> None:
    racers = [await sign_up_and_in(api, "racer") for _ in range(10)]
    for round_ in range(4):
        start, end = slot(days=10 + round_, hour=9)
        payload = {"resource_id": resource["id"], "start_time": start, "end_time": end}
        answers = await asyncio.gather(
            *(api.post("/api/v1/reservations", json=payload, headers=racers[i % len(racers)].auth) for i in range(50))
        )
        codes = sorted(a.status_code for a in answers)
        assert codes.count(201) == 1, f"round {round_}: {codes}"
        assert codes.count(409) == 49, f"round {round_}: {codes}"


async def test_idempotency_key_returns_the_original_reservation(
    api: httpx.AsyncClient, user: Session, resource: dict[str, object]
) -> None:
    start, end = slot(days=7)
    headers = {**user.auth, "Idempotency-Key": uuid.uuid4().hex}
    payload = {"resource_id": resource["id"], "start_time": start, "end_time": end}
    first = await api.post("/api/v1/reservations", json=payload, headers=headers)
    retry = await api.post("/api/v1/reservations", json=payload, headers=headers)
    assert first.status_code == 201 and retry.status_code in (200, 201)
    assert retry.json()["id"] == first.json()["id"]
    mine = (await api.get("/api/v1/reservations/my?limit=100", headers=user.auth)).json()["data"]
    assert [r["id"] for r in mine].count(first.json()["id"]) == 1 and len(mine) == 1


async def test_nobody_reads_or_cancels_anothers_reservation(
    api: httpx.AsyncClient, user: Session, resource: dict[str, object]
) -> None:
    start, end = slot(days=8)
    mine = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource["id"], "start_time": start, "end_time": end},
        headers=user.auth,
    )
    rid = mine.json()["id"]
    intruder = await sign_up_and_in(api, "mallory")
    assert (await api.get(f"/api/v1/reservations/{rid}", headers=intruder.auth)).status_code == 404
    cancel = await api.post(f"/api/v1/reservations/{rid}/cancel", json={}, headers=intruder.auth)
    assert cancel.status_code == 404
    assert "does not exist" in cancel.json()["detail"]
    still = await api.get(f"/api/v1/reservations/{rid}", headers=user.auth)
    assert still.json()["status"] == "confirmed"


async def test_cancelling_twice_answers_the_same(
    api: httpx.AsyncClient, user: Session, resource: dict[str, object]
) -> None:
    start, end = slot(days=9)
    rid = (
        await api.post(
            "/api/v1/reservations",
            json={"resource_id": resource["id"], "start_time": start, "end_time": end},
            headers=user.auth,
        )
    ).json()["id"]
    first = await api.post(f"/api/v1/reservations/{rid}/cancel", headers=user.auth)
    second = await api.post(f"/api/v1/reservations/{rid}/cancel", headers=user.auth)
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == second.json()["status"] == "cancelled"


async def test_my_reservations_paginate_with_cursors(api: httpx.AsyncClient, resource: dict[str, object]) -> None:
    who: Session = await sign_up_and_in(api, "pager")
    for day in range(5):
        start, end = slot(days=20 + day)
        assert (
            await api.post(
                "/api/v1/reservations",
                json={"resource_id": resource["id"], "start_time": start, "end_time": end},
                headers=who.auth,
            )
        ).status_code == 201
    seen, cursor = [], ""
    while True:
        page = (await api.get(f"/api/v1/reservations/my?limit=2&cursor={cursor}", headers=who.auth)).json()
        seen += [r["id"] for r in page["data"]]
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5
    bad = await api.get("/api/v1/reservations/my?cursor=%%%junk", headers=who.auth)
    assert bad.status_code == 422
