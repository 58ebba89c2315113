"""Helpers for driving the whole stack as a user would: HTTP through the gateway only."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

PASSWORD = "Correct-Horse-9"


@dataclass
class Session:
    client: httpx.AsyncClient
    username: str
    token: str
    refresh_token: str
    user_id: int

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def sign_up_and_in(client: httpx.AsyncClient, prefix: str = "user") -> Session:
    username = f"{prefix}{uuid.uuid4().hex[:10]}"
    created = await client.post(
        "/api/v1/register", json={"username": username, "password": PASSWORD, "email": f"{username}@example.com"}
    )
    assert created.status_code == 201, created.text
    return await sign_in(client, username, created.json()["id"])


async def sign_in(client: httpx.AsyncClient, username: str, user_id: int) -> Session:
    answer = await client.post("/api/v1/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return Session(client, username, body["access_token"], body["refresh_token"], user_id)


def slot(days: int = 3, hour: int = 9, hours: int = 1) -> tuple[str, str]:
    """An RFC 3339 range in the future, on a whole hour."""
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return start.isoformat(), (start + timedelta(hours=hours)).isoformat()


# Booking judges a booking from its projection of catalog's events, which follows a change to a
# resource within about a second (not at once): a test that changes a resource and books at once
# tries until booking answers as catalog now would.
CATALOG_CHANGE_SECONDS = 5.0


async def once_booking_agrees(
    api: httpx.AsyncClient, who: Session, body: dict[str, object], status: int, seconds: float = CATALOG_CHANGE_SECONDS
) -> httpx.Response:
    """POST the reservation until the answer has `status`; a reservation made while booking had not
    heard of the change yet is cancelled again, so the tries leave nothing behind."""
    deadline = time.monotonic() + seconds
    while True:
        answer = await api.post("/api/v1/reservations", json=body, headers=who.auth)
        if answer.status_code == status or time.monotonic() > deadline:
            return answer
        if answer.status_code == 201:
            cancelled = await api.post(f"/api/v1/reservations/{answer.json()['id']}/cancel", json={}, headers=who.auth)
            assert cancelled.status_code == 200, cancelled.text
        await asyncio.sleep(0.05)
