"""Helpers for the waitlist through the gateway: the waitlist's own OAuth2 client, queues for a
taken slot, and waiting for offers (they are made asynchronously, from booking's events)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_up_and_in

# What the waitlist's client may do: hold, confirm and release slots for users; see queues.
WAITLIST_CLIENT_SCOPES = "reservations:manage waitlist:manage"
# Short offers and a brisk timer, so expiry shows within seconds.
OFFER_TTL_SECONDS = 2.0
FAST_WAITLIST = {"RR_WAITLIST_OFFER_TTL_SECONDS": str(OFFER_TTL_SECONDS), "RR_WAITLIST_SWEEP_INTERVAL_SECONDS": "0.2"}


async def give_waitlist_its_client(api: httpx.AsyncClient, admin: Session, stack: Stack) -> None:
    """The dev stack declares the waitlist's OAuth2 client; only when the environment turned that
    off, register one through the public API and restart the waitlist with its credentials."""
    if stack.env_for("waitlist").get("RR_WAITLIST_CLIENT_ID"):
        return
    created = await api.post(
        "/api/v1/oauth/clients",
        json={"client_name": "waitlist-service", "scope": WAITLIST_CLIENT_SCOPES},
        headers=admin.auth,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    stack.extra_env.setdefault("waitlist", {}).update(
        {
            "RR_WAITLIST_CLIENT_ID": body["client_id"],
            "RR_WAITLIST_CLIENT_SECRET": body["client_secret"],
            **FAST_WAITLIST,
        }
    )
    await asyncio.to_thread(stack.restart, "waitlist")


def offer_ttl(stack: Stack) -> float:
    return float(stack.env_for("waitlist").get("RR_WAITLIST_OFFER_TTL_SECONDS", "900"))


@dataclass
class Queue:
    """A booked slot and the people waiting for it, in order."""

    holder: Session
    reservation_id: int
    start: str
    end: str
    waiting: list[tuple[Session, int]]


async def queue_for(api: httpx.AsyncClient, resource_id: object, start: str, end: str, people: int) -> Queue:
    holder = await sign_up_and_in(api, "holder")
    booked = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource_id, "start_time": start, "end_time": end},
        headers=holder.auth,
    )
    assert booked.status_code == 201, booked.text
    waiting = []
    for i in range(people):
        who = await sign_up_and_in(api, "waiter")
        joined = await api.post(
            "/api/v1/waitlist",
            json={"resource_id": resource_id, "desired_start": start, "desired_end": end},
            headers=who.auth,
        )
        assert joined.status_code == 201, joined.text
        assert joined.json()["position"] == i + 1
        waiting.append((who, int(joined.json()["id"])))
    return Queue(holder, int(booked.json()["id"]), start, end, waiting)


async def entry_of(api: httpx.AsyncClient, who: Session, entry_id: int) -> dict[str, object]:
    answer = await api.get(f"/api/v1/waitlist/{entry_id}", headers=who.auth)
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


async def wait_for_status(
    api: httpx.AsyncClient, who: Session, entry_id: int, status: str, timeout: float = 20
) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        answer = await api.get(f"/api/v1/waitlist/{entry_id}", headers=who.auth)
        # Just after a restart the gateway may still be reconnecting: 503 means "try again
        # shortly", which is what a client does; any other failure is one.
        assert answer.status_code in (200, 503), answer.text
        entry: dict[str, object] = answer.json() if answer.status_code == 200 else {"status": "unavailable"}
        if entry["status"] == status:
            return entry
        assert time.monotonic() < deadline, f"entry {entry_id} stayed {entry['status']}, never {status}"
        await asyncio.sleep(0.1)
