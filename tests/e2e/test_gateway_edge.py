"""The public edge while an upstream is down (hostile clients: services/gateway/tests)."""

from __future__ import annotations

import asyncio
import time

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import Session, slot


async def test_a_dead_upstream_gives_a_quick_503_and_ready_follows(
    api: httpx.AsyncClient, rr_stack: Stack, user: Session, resource: dict[str, object]
) -> None:
    start, end = slot(days=40)
    rr_stack.kill("booking")
    try:
        began = time.monotonic()
        answer = await api.post(
            "/api/v1/reservations",
            json={"resource_id": resource["id"], "start_time": start, "end_time": end},
            headers=user.auth,
        )
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"] and answer.json()["detail"]
        assert time.monotonic() - began < 3, "a dead service must not make clients wait"
        # The gateway still serves everything else: degraded, not out of rotation.
        ready = await api.get("/ready")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded" and ready.json()["down"] == ["booking"]
        assert (await api.get("/api/v1/resources", headers=user.auth)).status_code == 200
        whole = await api.get("/ready", params={"all": "true"})
        assert whole.status_code == 503 and whole.json()["checks"]["booking"] == "down"
    finally:
        rr_stack.start("booking")
    for _ in range(50):
        if (await api.get("/ready")).json()["status"] == "ready":
            break
        await asyncio.sleep(0.2)
    assert (await api.get("/ready", params={"all": "true"})).status_code == 200
    again = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource["id"], "start_time": start, "end_time": end},
        headers=user.auth,
    )
    assert again.status_code == 201, "nothing was half-written while booking was down"
