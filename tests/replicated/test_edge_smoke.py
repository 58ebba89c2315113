"""A short smoke run of the replicated stack through the real Traefik: two gateways, two of every
service, the edge configured from the same files as Compose's. What a user or operator would
notice: booking and conflicts work, requests reach both gateways, a socket held on one gateway
hears what happened through the other, a deactivation is honoured everywhere, notifications and
webhooks arrive once each, and Traefik's own rate limit answers 429 with Retry-After."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from rr_devstack.stack import Stack
from services.notify.tests.support import Receiver, start_receiver, stop_receiver
from tests.e2e.support import Session, sign_up_and_in, slot
from tests.e2e.support_notify import eventually, signed_in_socket
from tests.e2e.support_waitlist import queue_for, wait_for_status

API = "/api/v1"
_HTTP = re.compile(r"^rr_http_requests_total\{([^}]*)\} ([0-9.e+]+)$", re.M)


@pytest.fixture
async def resource_id(edge: httpx.AsyncClient, admin: Session) -> int:
    created = await edge.post(
        f"{API}/resources",
        json={"name": f"Edge room {uuid.uuid4().hex[:8]}", "tags": ["room"], "capacity": 4, "timezone": "UTC"},
        headers=admin.auth,
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await start_receiver()
    yield r
    await stop_receiver(r)


async def handled(client: httpx.AsyncClient) -> float:
    """HTTP requests a gateway replica has answered (its own /metrics, not routed by Traefik)."""
    text = (await client.get("/metrics")).text
    return sum(float(n) for labels, n in _HTTP.findall(text) if '"/live"' not in labels and "/metrics" not in labels)


async def test_book_and_conflict_through_traefik_with_its_headers(
    edge: httpx.AsyncClient, user: Session, resource_id: int
) -> None:
    start, end = slot(days=30, hour=9, hours=2)
    booked = await edge.post(
        f"{API}/reservations",
        json={"resource_id": resource_id, "start_time": start, "end_time": end},
        headers=user.auth,
    )
    assert booked.status_code == 201, booked.text
    assert booked.headers["x-frame-options"] == "DENY" and booked.headers["x-content-type-options"] == "nosniff"
    overlap_start, overlap_end = slot(days=30, hour=10)
    clash = await edge.post(
        f"{API}/reservations",
        json={"resource_id": resource_id, "start_time": overlap_start, "end_time": overlap_end},
        headers=user.auth,
    )
    assert (clash.status_code, clash.json()["code"]) == (409, "reservation_conflict")
    # Operators scrape /metrics inside; the edge never routes it.
    assert (await edge.get("/metrics")).status_code == 404


async def test_traefik_spreads_requests_over_both_gateways(
    edge: httpx.AsyncClient, gateways: list[httpx.AsyncClient], user: Session
) -> None:
    before = [await handled(g) for g in gateways]
    for _ in range(40):
        assert (await edge.get(f"{API}/reservations/my", headers=user.auth)).status_code == 200
    after = [await handled(g) for g in gateways]
    served = [a - b for a, b in zip(after, before, strict=True)]
    assert sum(served) >= 40 and all(n >= 10 for n in served), served


async def test_a_waitlist_offer_reaches_sockets_on_the_other_gateway_and_through_traefik(
    edge: httpx.AsyncClient, gateways: list[httpx.AsyncClient], rr_stack: Stack, resource_id: int
) -> None:
    first_gateway, other_gateway = gateways
    start, end = slot(days=31, hour=9)
    queue = await queue_for(first_gateway, resource_id, start, end, people=1)
    ((waiter, entry_id),) = queue.waiting

    def is_offer(frame: dict[str, object]) -> bool:
        data = frame["data"]
        return isinstance(data, dict) and data.get("type") == "waitlist_offer" and data.get("subject_id") == entry_id

    async with (
        signed_in_socket(rr_stack.gateway_urls[1], waiter) as held_on_other,
        signed_in_socket(rr_stack.public_url, waiter) as through_traefik,
    ):
        cancelled = await first_gateway.post(
            f"{API}/reservations/{queue.reservation_id}/cancel", json={}, headers=queue.holder.auth
        )
        assert cancelled.status_code == 200, cancelled.text
        await held_on_other.wait_for("notification", is_offer, timeout=30)
        await through_traefik.wait_for("notification", is_offer, timeout=30)
    offered = await wait_for_status(other_gateway, waiter, entry_id, "offered")
    assert offered["reservation_id"]


async def test_a_deactivation_is_honoured_on_both_gateways(
    edge: httpx.AsyncClient, gateways: list[httpx.AsyncClient], admin: Session
) -> None:
    victim = await sign_up_and_in(edge, "gone")
    mine = f"{API}/reservations/my"  # booking's route: only the gateway can refuse a deactivated user
    for gateway in gateways:
        assert (await gateway.get(mine, headers=victim.auth)).status_code == 200

    async def refused_everywhere() -> bool:
        answers = [await g.get(mine, headers=victim.auth) for g in gateways]
        return all((a.status_code, a.json().get("code")) == (403, "account_inactive") for a in answers)

    done = await edge.post(f"{API}/auth/admin/users/{victim.user_id}/deactivate", headers=admin.auth)
    assert done.status_code == 200, done.text
    await eventually(refused_everywhere, timeout=10)


async def test_each_notification_and_webhook_is_delivered_once(
    edge: httpx.AsyncClient, admin: Session, user: Session, resource_id: int, receiver: Receiver
) -> None:
    hook = await edge.post(
        f"{API}/webhooks/", json={"url": receiver.url, "events": ["reservation.created"]}, headers=admin.auth
    )
    assert hook.status_code == 201, hook.text
    hook_id = hook.json()["id"]
    try:
        start, end = slot(days=32, hour=9)
        booked = await edge.post(
            f"{API}/reservations",
            json={"resource_id": resource_id, "start_time": start, "end_time": end},
            headers=user.auth,
        )
        assert booked.status_code == 201, booked.text
        reservation_id = booked.json()["id"]

        async def about_it() -> list[dict[str, object]]:
            notes = (await edge.get(f"{API}/notifications", headers=user.auth)).json()["data"]
            return [n for n in notes if n["subject_id"] == reservation_id]

        async def arrived() -> bool:
            return bool(receiver.requests) and bool(await about_it())

        await eventually(arrived, timeout=20)
        # Two notify replicas consume the same events: give a duplicate time to show up.
        await asyncio.sleep(3)
        bodies = [json.loads(r.body) for r in receiver.requests]
        assert [b["data"]["reservation"]["id"] for b in bodies] == [str(reservation_id)]
        assert len(await about_it()) == 1
    finally:
        await edge.delete(f"{API}/webhooks/{hook_id}", headers=admin.auth)


async def test_traefik_rate_limit_answers_429_with_retry_after(rr_stack: Stack) -> None:
    """A flood from one address is cut at the edge (50 req/s, bursts of 100), before any gateway."""
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=rr_stack.public_url, timeout=30, limits=limits, trust_env=False) as flood:
        answers = await asyncio.gather(*(flood.get("/live") for _ in range(300)))
    refused = [a for a in answers if a.status_code == 429]
    assert refused, "300 requests at once all passed the edge's rate limit"
    assert all(int(a.headers["retry-after"]) >= 1 for a in refused)
    assert {a.status_code for a in answers} <= {200, 429}
    await asyncio.sleep(2.5)  # the bucket refills before later tests
