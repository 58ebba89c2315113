"""Helpers for the catalog's end-to-end tests: unique names, resources and CSV uploads."""

from __future__ import annotations

import asyncio
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


async def cache_hits(gateway: httpx.AsyncClient, cache: str) -> float:
    """The gateway's count of reads its `cache` (resource or page) answered."""
    wanted = f'rr_read_cache_lookups_total{{cache="{cache}",outcome="hit"}} '
    for line in (await gateway.get("/metrics")).text.splitlines():
        if line.startswith(wanted):
            return float(line.split()[-1])
    return 0.0


async def served_from_cache(
    gateway: httpx.AsyncClient, who: Session, path: str, params: dict[str, str] | None = None, cache: str = "page"
) -> httpx.Response:
    """The answer once this gateway serves it from its cache twice in a row: the events of the
    writes that made the data may still be on their way, and each empties the cache."""
    in_a_row = 0
    for _ in range(100):
        before = await cache_hits(gateway, cache)
        seen = await gateway.get(path, params=params, headers=who.auth)
        assert seen.status_code == 200, seen.text
        in_a_row = in_a_row + 1 if await cache_hits(gateway, cache) == before + 1 else 0
        if in_a_row == 2:
            return seen
        await asyncio.sleep(0.1)
    raise AssertionError(f"{path} was never served from the gateway's {cache} cache")
