"""gRPC load spreads over replicas: each of two catalog and two booking processes serves its share
of the calls the gateways make, and losing one replica costs no call."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import Session

CALLS = 1000
# A catalog read the gateway always forwards: resources by id, lists and window-less searches may
# be answered from the gateway's read cache, suggestions never are.
CATALOG_READ = "/api/v1/search/suggestions?q=Bal"
CONCURRENCY = 8
# The gateway's upstream deadline (RR_GATEWAY_UPSTREAM_TIMEOUT_SECONDS): no call may take longer.
DEADLINE_SECONDS = 5.0
_SAMPLE = re.compile(r'^rr_grpc_server_requests_total\{code="(\w+)",method="([^"]+)"\} ([0-9.e+]+)$', re.M)


async def served(stack: Stack, replica: str, service: str) -> int:
    """Calls to ``service``'s own API that one replica has answered, read from its metrics port."""
    async with httpx.AsyncClient(timeout=5, trust_env=False) as plain:
        text = (await plain.get(f"http://127.0.0.1:{stack.metrics_port(replica)}/metrics")).text
    prefix = f"/rr.{service}."
    return int(sum(float(n) for _, method, n in _SAMPLE.findall(text) if method.startswith(prefix)))


async def per_replica(stack: Stack, service: str) -> dict[str, int]:
    return {name: await served(stack, name, service) for name in stack.replica_names(service)}


async def run_calls(call: Callable[[], Awaitable[httpx.Response]], count: int) -> list[tuple[int, float]]:
    """``count`` calls, ``CONCURRENCY`` at a time: (status, seconds) of each."""
    results: list[tuple[int, float]] = []
    queue = iter(range(count))

    async def worker() -> None:
        for _ in queue:
            began = time.monotonic()
            answer = await call()
            results.append((answer.status_code, time.monotonic() - began))

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return results


def shares(before: dict[str, int], after: dict[str, int]) -> dict[str, float]:
    delta = {name: after[name] - before[name] for name in after}
    total = sum(delta.values())
    assert total >= CALLS, f"expected at least {CALLS} calls, replicas saw {delta}"
    return {name: n / total for name, n in delta.items()}


@pytest.fixture
async def resource_id(api: httpx.AsyncClient, admin: Session) -> int:
    created = await api.post(
        "/api/v1/resources",
        json={"name": f"Balanced room {uuid.uuid4().hex[:8]}", "tags": ["room"], "capacity": 4, "timezone": "UTC"},
        headers=admin.auth,
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


async def test_catalog_calls_spread_over_both_replicas(
    rr_stack: Stack, api: httpx.AsyncClient, user: Session, resource_id: int
) -> None:
    before = await per_replica(rr_stack, "catalog")
    results = await run_calls(lambda: api.get(CATALOG_READ, headers=user.auth), CALLS)
    assert {status for status, _ in results} == {200}
    split = shares(before, await per_replica(rr_stack, "catalog"))
    print(f"catalog split over {CALLS} calls: {split}")  # the measured figure
    assert all(0.35 <= share <= 0.65 for share in split.values()), split


async def test_booking_calls_spread_over_both_replicas(rr_stack: Stack, api: httpx.AsyncClient, user: Session) -> None:
    before = await per_replica(rr_stack, "booking")
    results = await run_calls(lambda: api.get("/api/v1/reservations/my", headers=user.auth), CALLS)
    assert {status for status, _ in results} == {200}
    split = shares(before, await per_replica(rr_stack, "booking"))
    print(f"booking split over {CALLS} calls: {split}")  # the measured figure
    assert all(0.35 <= share <= 0.65 for share in split.values()), split


async def test_calls_keep_succeeding_when_a_replica_dies(
    rr_stack: Stack, api: httpx.AsyncClient, user: Session, resource_id: int
) -> None:
    """A crashed catalog replica (SIGKILL, no goodbye) costs no call: the other one takes them all,
    each within its deadline; once the replica is back it gets its share again."""
    victim = rr_stack.replica_names("catalog")[1]

    async def read() -> httpx.Response:
        return await api.get(CATALOG_READ, headers=user.auth)

    calls = asyncio.ensure_future(run_calls(read, 300))
    await asyncio.sleep(0.5)
    rr_stack.kill(victim)
    try:
        results = await calls
        assert [s for s, _ in results if s != 200] == [], "calls failed while a replica died"
        slowest = max(seconds for _, seconds in results)
        print(f"{len(results)} reads while {victim} was killed: all 200, slowest {slowest:.2f} s")
        assert slowest < DEADLINE_SECONDS
    finally:
        await asyncio.to_thread(rr_stack.start, victim)
    # Round robin keeps reconnecting to the listed address, so the restarted replica serves again.
    before = await served(rr_stack, victim, "catalog")
    await asyncio.sleep(1.0)
    await run_calls(read, 100)
    assert await served(rr_stack, victim, "catalog") - before >= 20
