"""Helpers for booking's end-to-end tests: resources with options, times, and bookings."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.support import Session

API = "/api/v1"


async def new_resource(api: httpx.AsyncClient, admin: Session, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Room {uuid.uuid4().hex[:8]}", "timezone": "Europe/Paris", **fields}
    answer = await api.post(f"{API}/resources", json=body, headers=admin.auth)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def next_weekday(weekday: int, hour: int, weeks_ahead: int = 1) -> datetime:
    """A future UTC datetime on a given weekday (0 = Monday) and whole hour."""
    today = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


async def book(
    api: httpx.AsyncClient, who: Session, resource_id: int, start: datetime, end: datetime, **extra: Any
) -> httpx.Response:
    body = {"resource_id": resource_id, "start_time": start.isoformat(), "end_time": end.isoformat(), **extra}
    return await api.post(f"{API}/reservations", json=body, headers=who.auth)


async def mine(api: httpx.AsyncClient, who: Session, query: str = "") -> list[dict[str, Any]]:
    """Every reservation of `who` matching the query, across pages."""
    found: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = await api.get(
            f"{API}/reservations/my?limit=100&cursor={cursor}{'&' + query if query else ''}", headers=who.auth
        )
        assert page.status_code == 200, page.text
        body = page.json()
        found += body["data"]
        if not body["has_more"]:
            return found
        cursor = body["next_cursor"]
