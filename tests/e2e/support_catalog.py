"""Helpers for the catalog's end-to-end tests: unique names, resources and CSV uploads."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.support import Session

API = "/api/v1"


def unique(prefix: str = "Room") -> str:
    return f"{prefix} {uuid.uuid4().hex[:10]}"


async def new_resource(api: httpx.AsyncClient, admin: Session, **fields: Any) -> dict[str, Any]:
    body = {"name": unique(), "tags": [], **fields}
    answer = await api.post(f"{API}/resources", json=body, headers=admin.auth)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def upload(api: httpx.AsyncClient, who: Session, content: bytes, **params: Any) -> httpx.Response:
    files = {"file": ("resources.csv", content, "text/csv")}
    return await api.post(f"{API}/resources/upload", params=params, files=files, headers=who.auth)


def next_weekday(weekday: int, days_ahead: int = 7) -> datetime:
    """Midnight UTC of a day at least `days_ahead` days away that falls on `weekday` (0 = Monday)."""
    day = (datetime.now(UTC) + timedelta(days=days_ahead)).replace(hour=0, minute=0, second=0, microsecond=0)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


async def walk(api: httpx.AsyncClient, who: Session, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a cursor-paginated list."""
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        answer = await api.get(
            f"{API}{path}", params={**params, **({"cursor": cursor} if cursor else {})}, headers=who.auth
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        items += body["data"]
        if not body["has_more"]:
            return items
        cursor = body["next_cursor"]
