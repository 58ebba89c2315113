"""One resource is read from each gateway's cache, which catalog's events keep true: a strong ETag,
304 for If-None-Match, and a change visible on every gateway replica within a second."""

from __future__ import annotations

import asyncio
import time

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import Session
from tests.e2e.support_catalog import new_resource, unique
from tests.e2e.support_notify import gateway_replica


async def test_etag_and_304_for_an_unchanged_resource(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    first = await api.get(f"/api/v1/resources/{room['id']}", headers=user.auth)
    assert first.status_code == 200 and first.json()["name"] == room["name"]
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/"), "a strong validator"
    again = await api.get(f"/api/v1/resources/{room['id']}", headers={**user.auth, "If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    other = await api.get(
        f"/api/v1/resources/{room['id']}", headers={**admin.auth, "If-None-Match": '"something-else"'}
    )
    assert other.status_code == 200 and other.headers["etag"] == etag, "the same bytes for every caller, the same tag"
    missing = await api.get("/api/v1/resources/987654321", headers=user.auth)
    assert missing.status_code == 404, "a refusal is not cached as an answer"


async def test_a_change_shows_on_every_gateway_within_a_second(
    api: httpx.AsyncClient, admin: Session, user: Session, rr_stack: Stack
) -> None:
    room = await new_resource(api, admin)
    path = f"/api/v1/resources/{room['id']}"
    async with gateway_replica(rr_stack) as other_url, httpx.AsyncClient(base_url=other_url, timeout=15) as other:
        gateways = (api, other)
        for gateway in gateways:
            for _ in range(50):  # the replica's cache follows catalog once it is subscribed
                if (await gateway.get(path, headers=user.auth)).status_code == 200:
                    break
                await asyncio.sleep(0.1)
        before = [(await g.get(path, headers=user.auth)).headers["etag"] for g in gateways]
        renamed = unique("Renamed ")
        changed = await api.patch(path, json={"name": renamed}, headers=admin.auth)
        assert changed.status_code == 200, changed.text
        began = time.monotonic()
        for gateway, etag in zip(gateways, before, strict=True):
            while True:
                seen = await gateway.get(path, headers={**user.auth, "If-None-Match": etag})
                if seen.status_code == 200 and seen.json()["name"] == renamed:
                    assert seen.headers["etag"] != etag
                    break
                assert time.monotonic() - began < 1.0, "the change did not reach this gateway within a second"
                await asyncio.sleep(0.02)
