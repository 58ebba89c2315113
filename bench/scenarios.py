"""What users do, through the gateway, measured."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from jose import jwt

from bench.harness import Bench, sign_up
from bench.load import run_load
from bench.stats import figures, mean_us
from rr_common.testing import TestTokens


def _slot(day: int, hour: int) -> tuple[str, str]:
    start = (datetime.now(UTC) + timedelta(days=1 + day)).replace(hour=hour % 24, minute=0, second=0, microsecond=0)
    return start.isoformat(), (start + timedelta(minutes=30)).isoformat()


async def _resources(http: httpx.AsyncClient, admin: dict[str, str], count: int, concurrency: int = 16) -> list[int]:
    ids: list[int] = []

    async def create(i: int) -> bool:
        answer = await http.post("/api/v1/resources", json={"name": f"Bench {uuid.uuid4().hex[:12]}", "tags": ["bench", f"t{i % 10}"], "capacity": i % 40}, headers=admin)
        if answer.status_code == 201:
            ids.append(answer.json()["id"])
        return answer.status_code == 201

    await run_load(create, concurrency, count, 600)
    return ids


async def reservations(bench: Bench, resource_count: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=bench.url, timeout=30, limits=httpx.Limits(max_connections=128)) as http:
        admin = {"Authorization": f"Bearer {await sign_up(http, admin=True)}"}
        users = [{"Authorization": f"Bearer {await sign_up(http)}"} for _ in range(32)]
        ids = await _resources(http, admin, resource_count)
        out["resources_seeded"] = len(ids)
        for concurrency in (16, 64):
            offset = concurrency * 1000

            async def book(i: int, offset: int = offset) -> bool:
                # Each request its own slot: no conflicts, pure throughput.
                slot = offset + i
                start, end = _slot(day=slot // (len(ids) * 16) % 300, hour=(slot // len(ids)) % 16 + 6)
                payload = {"resource_id": ids[slot % len(ids)], "start_time": start, "end_time": end}
                return (await http.post("/api/v1/reservations", json=payload, headers=users[i % len(users)])).status_code == 201

            result, failures = await run_load(book, concurrency, 3000, 60)
            out[f"create_c{concurrency}"] = {**result.as_dict(), "failures": failures}

        # Contention: 50 clients per slot x 20 slots; exactly one may win each.
        winners: list[int] = []
        for round_ in range(20):
            start, end = _slot(day=320 + round_, hour=12)
            payload = {"resource_id": ids[0], "start_time": start, "end_time": end}
            answers = await asyncio.gather(*(http.post("/api/v1/reservations", json=payload, headers=users[k % len(users)]) for k in range(50)))
            winners.append(sum(a.status_code == 201 for a in answers))
        out["contention_50x20"] = {"successes_per_slot": sorted(set(winners)), "double_bookings": sum(w > 1 for w in winners)}

        mine = users[0]
        latencies: list[float] = []
        for _ in range(200):
            began = time.perf_counter()
            (await http.get("/api/v1/reservations/my?limit=20", headers=mine)).raise_for_status()
            latencies.append(time.perf_counter() - began)
        out["my_reservations_list"] = figures(latencies, sum(latencies)).as_dict()

        latencies = []
        for i in range(200):
            began = time.perf_counter()
            (await http.get(f"/api/v1/resources?limit=20&q=Bench&tags=t{i % 10}", headers=mine)).raise_for_status()
            latencies.append(time.perf_counter() - began)
        out["resource_search"] = figures(latencies, sum(latencies)).as_dict()

        async def unread(_: int) -> bool:
            return (await http.get("/api/v1/notifications/unread-count", headers=mine)).status_code == 200

        result, _ = await run_load(unread, 16, 4000, 30)
        out["read_endpoint_c16"] = result.as_dict()
        sequential: list[float] = []
        for _ in range(300):
            began = time.perf_counter()
            await http.get("/api/v1/notifications/unread-count", headers=mine)
            sequential.append(time.perf_counter() - began)
        out["read_endpoint_sequential"] = figures(sequential, sum(sequential)).as_dict()
    return out


async def auth(bench: Bench) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=bench.url, timeout=30) as http:
        name = f"login{uuid.uuid4().hex[:8]}"
        await http.post("/api/v1/register", json={"username": name, "password": "Bench-Pass-123"})
        latencies = []
        for _ in range(20):
            began = time.perf_counter()
            (await http.post("/api/v1/token", data={"username": name, "password": "Bench-Pass-123"})).raise_for_status()
            latencies.append(time.perf_counter() - began)
    keys = TestTokens()
    verifier = keys.verifier()
    token = keys.token(1)
    await verifier.verify(token)
    samples = []
    for _ in range(2000):
        began = time.perf_counter()
        await verifier.verify(token)
        samples.append(time.perf_counter() - began)
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    return {"login_through_gateway": figures(latencies, sum(latencies)).as_dict(), "token_verify_us": mean_us(samples)}
