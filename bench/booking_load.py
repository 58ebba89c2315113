"""Booking benchmarks through the gateway, on a private stack (embedded PostgreSQL, NATS, Redis).

    .venv/bin/python -m bench.booking_load [--seconds 20] [--concurrency 32] [--rows 1000000]

Prints: create throughput and latency at a concurrency, double bookings under contention (must be
0), 52-occurrence series latency, my-reservations latency with --rows reservations in the table,
analytics latency on them, and ListBusyResources for 10,000 candidates. Rate limits are raised:
this measures booking, not the limiter.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import grpc
import httpx
import psutil
from rr.booking.v1 import booking_pb2, booking_pb2_grpc
from rr.common.v1 import common_pb2

from rr_common.timeconv import to_timestamp
from rr_devstack.infra import start_infra
from rr_devstack.stack import Stack

API = "/api/v1"
PASSWORD = "Correct-Horse-9"
HIGH = "1000000/minute"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def line(name: str, figure: str) -> None:
    print(f"{name:<58} {figure}")


async def sign_up(api: httpx.AsyncClient, prefix: str) -> tuple[int, dict[str, str]]:
    name = f"{prefix}{uuid.uuid4().hex[:8]}"
    made = await api.post(f"{API}/register", json={"username": name, "password": PASSWORD, "email": f"{name}@example.com"})
    token = (await api.post(f"{API}/token", data={"username": name, "password": PASSWORD})).json()["access_token"]
    return made.json()["id"], {"Authorization": f"Bearer {token}"}


async def timed(call: Callable[[], Awaitable[httpx.Response]]) -> tuple[float, int]:
    started = time.perf_counter()
    answer = await call()
    return time.perf_counter() - started, answer.status_code


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU used so far by each process of the stack (PostgreSQL with all its backends): a figure
    that holds even when other work shares the machine."""
    out: dict[str, float] = {}
    for name in ("gateway", "auth", "catalog", "booking"):
        process = stack.process(name)
        if process is not None and process.pid is not None:
            t = psutil.Process(process.pid).cpu_times()
            out[name] = t.user + t.system
    pg = stack.infra.postgres
    if pg is not None and pg.process is not None and pg.process.pid is not None:
        root = psutil.Process(pg.process.pid)
        out["postgres"] = 0.0
        for p in [root, *root.children(recursive=True)]:
            try:
                t = p.cpu_times()
                out["postgres"] += t.user + t.system
            except psutil.NoSuchProcess:
                continue
    return out


async def create_load(api: httpx.AsyncClient, users: list[dict[str, str]], rooms: list[int], seconds: float, concurrency: int, seed: int, stack: Stack) -> None:
    latencies: list[float] = []
    codes: Counter[int] = Counter()
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=400)
    stop_at = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        while time.perf_counter() < stop_at:
            start = base + timedelta(hours=rng.randrange(24 * 300))
            body = {"resource_id": rng.choice(rooms), "start_time": start.isoformat(), "end_time": (start + timedelta(hours=1)).isoformat()}
            elapsed, code = await timed(lambda body=body: api.post(f"{API}/reservations", json=body, headers=users[n % len(users)]))  # type: ignore[misc]
            latencies.append(elapsed)
            codes[code] += 1

    started = time.perf_counter()
    cpu_before = cpu_seconds(stack)
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    wall = time.perf_counter() - started
    cpu_after = cpu_seconds(stack)
    line(f"create: {len(latencies)} requests in {wall:.1f}s at concurrency {concurrency}", f"{len(latencies) / wall:.0f} req/s ({codes[201] / wall:.0f} created/s)")
    line("create latency p50 / p99", f"{pct(latencies, 50):.1f} ms / {pct(latencies, 99):.1f} ms")
    line("create answers", ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())))
    per_request = {k: (cpu_after[k] - cpu_before.get(k, 0.0)) / max(1, len(latencies)) * 1000 for k in cpu_after}
    line("CPU per create request, by process", ", ".join(f"{k} {v:.2f} ms" for k, v in per_request.items()) + f"; total {sum(per_request.values()):.2f} ms")
    line("load average during the run (2 cores, shared)", " ".join(f"{x:.1f}" for x in psutil.getloadavg()))


async def contention(api: httpx.AsyncClient, users: list[dict[str, str]], room: int, rounds: int, racers: int) -> None:
    winners: Counter[int] = Counter()
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
    for r in range(rounds):
        start = base + timedelta(hours=r)
        body = {"resource_id": room, "start_time": start.isoformat(), "end_time": (start + timedelta(hours=1)).isoformat()}
        answers = await asyncio.gather(*(api.post(f"{API}/reservations", json=body, headers=users[i % len(users)]) for i in range(racers)))
        winners[sum(1 for a in answers if a.status_code == 201)] += 1
    line(f"contention: {rounds} slots x {racers} racers, winners per slot", dict(winners).__repr__())


async def series(api: httpx.AsyncClient, user: dict[str, str], rooms: list[int], count: int) -> None:
    latencies = []
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    for room in rooms[:count]:
        body = {"resource_id": room, "start_time": start.isoformat(), "end_time": (start + timedelta(hours=1)).isoformat(), "recurrence": {"rrule": "FREQ=WEEKLY;COUNT=52"}}
        elapsed, code = await timed(lambda body=body: api.post(f"{API}/reservations/recurring", json=body, headers=user))  # type: ignore[misc]
        assert code == 201, code
        latencies.append(elapsed)
    line(f"52-occurrence weekly series x{count}: p50 / max", f"{pct(latencies, 50):.1f} ms / {max(latencies) * 1000:.1f} ms")


async def fill(db_url: str, rows: int, user_ids: list[int]) -> None:
    """`rows` reservations straight into booking's table: 1,000 resources, 10,000 users (the bench
    users among them), two-hourly slots from 60 days ago, a mix of states."""
    conn = await asyncpg.connect(db_url)
    try:
        started = time.perf_counter()
        await conn.execute(
            """
            INSERT INTO reservations (user_id, username, resource_id, resource_name, timezone, start_time, end_time,
                                      occupied_start, occupied_end, status, created_at, updated_at)
            SELECT u.uid, 'bench' || u.uid, 900000 + i % 1000, 'Bench room ' || i % 1000, 'Europe/Paris',
                   t.s, t.s + interval '1 hour', t.s, t.s + interval '1 hour',
                   (ARRAY['confirmed','completed','completed','cancelled','no_show','confirmed'])[1 + i % 6],
                   t.s - interval '3 days', t.s - interval '3 days'
            FROM generate_series(0, $1 - 1) AS i,
                 LATERAL (SELECT now() - interval '60 days' + (i / 1000) * interval '2 hours' AS s) AS t,
                 LATERAL (SELECT CASE WHEN i % 10000 < $3 THEN ($2::bigint[])[1 + i % 10000] ELSE 10000000 + i % 10000 END AS uid) AS u
            """,
            rows, user_ids, len(user_ids),
        )
        await conn.execute("ANALYZE reservations")
        line(f"filled {rows} reservations", f"{time.perf_counter() - started:.1f} s")
        plan = await conn.fetch(
            "EXPLAIN ANALYZE SELECT * FROM reservations WHERE user_id = $1 ORDER BY start_time, id LIMIT 21", user_ids[0]
        )
        line("my-reservations plan (first page), database only", plan[-1][0])
    finally:
        await conn.close()


async def read_latency(api: httpx.AsyncClient, name: str, path: str, headers: dict[str, str], times: int, concurrency: int, params: dict[str, str] | None = None) -> None:
    latencies: list[float] = []
    codes: Counter[int] = Counter()
    gate = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with gate:
            elapsed, code = await timed(lambda: api.get(path, headers=headers, params=params))
            latencies.append(elapsed)
            codes[code] += 1

    await asyncio.gather(*(one() for _ in range(times)))
    line(f"{name} ({times}x, concurrency {concurrency}) p50 / p99", f"{pct(latencies, 50):.1f} ms / {pct(latencies, 99):.1f} ms  {dict(codes)}")


async def busy_lookup(target: str, token: str) -> None:
    now = datetime.now(UTC)
    request = booking_pb2.ListBusyResourcesRequest(
        resource_ids=list(range(900000, 910000)), range=common_pb2.TimeRange(start=to_timestamp(now - timedelta(days=20)), end=to_timestamp(now - timedelta(days=20) + timedelta(hours=3)))
    )
    async with grpc.aio.insecure_channel(target) as channel:
        stub = booking_pb2_grpc.BookingServiceStub(channel)
        latencies = []
        for _ in range(20):
            started = time.perf_counter()
            answer = await stub.ListBusyResources(request, metadata=(("authorization", f"Bearer {token}"),))
            latencies.append(time.perf_counter() - started)
    line(f"ListBusyResources, 10,000 candidates ({len(answer.busy_resource_ids)} busy) p50 / max", f"{pct(latencies, 50):.1f} ms / {max(latencies) * 1000:.1f} ms")


async def run(stack: Stack, seconds: float, concurrency: int, rows: int) -> None:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30, limits=httpx.Limits(max_connections=64, keepalive_expiry=2)) as api:
        await api.post(f"{API}/setup/initialize", json={"username": "admin", "password": PASSWORD, "email": "admin@example.com"})
        admin_token = (await api.post(f"{API}/token", data={"username": "admin", "password": PASSWORD})).json()["access_token"]
        admin = {"Authorization": f"Bearer {admin_token}"}
        # This measures booking, not quotas: let bench users book freely.
        await api.patch(f"{API}/quotas/config", json={"roles": {"user": {"max_active_reservations": 0, "max_hours_per_week": 0, "max_advance_days": 0}}}, headers=admin)
        accounts = [await sign_up(api, "bench") for _ in range(64)]
        users = [h for _, h in accounts]
        rooms = []
        for _ in range(200):
            made = await api.post(f"{API}/resources", json={"name": f"Bench {uuid.uuid4().hex[:8]}", "timezone": "Europe/Paris"}, headers=admin)
            rooms.append(made.json()["id"])
        await create_load(api, users, rooms, 3, concurrency, 1, stack)  # warm-up
        await create_load(api, users, rooms, seconds, concurrency, 2, stack)
        await contention(api, users, rooms[0], 50, 50)
        await series(api, users[0], rooms[1:], 20)
        await fill(stack.infra.database_url_for("booking"), rows, [uid for uid, _ in accounts])
        await read_latency(api, "GET /reservations/my?limit=20", f"{API}/reservations/my?limit=20", users[1], 500, 8)
        await read_latency(api, "GET /reservations/my?upcoming=true&limit=20", f"{API}/reservations/my?upcoming=true&limit=20", users[2], 500, 8)
        window = {"start_date": (datetime.now(UTC) - timedelta(days=61)).isoformat(), "end_date": (datetime.now(UTC) + timedelta(days=30)).isoformat()}
        for path in ("dashboard", "peak-times", "popular-resources", "user-patterns", "utilization"):
            await read_latency(api, f"GET /analytics/{path} over all rows", f"{API}/analytics/{path}", admin, 5, 1, window)
        await read_latency(api, "GET /reservations (manager view, a resource)", f"{API}/reservations?resource_id=900007&limit=20", admin, 200, 8)
        await busy_lookup(stack.grpc_target("booking"), admin_token)
        conn = await asyncpg.connect(stack.infra.database_url_for("booking"))
        try:
            doubles = await conn.fetchval(
                "SELECT count(*) FROM reservations a JOIN reservations b ON a.resource_id = b.resource_id AND a.id < b.id"
                " AND tstzrange(a.occupied_start, a.occupied_end) && tstzrange(b.occupied_start, b.occupied_end)"
                " WHERE a.status IN ('pending_approval', 'confirmed', 'held', 'checked_in') AND b.status IN ('pending_approval', 'confirmed', 'held', 'checked_in')"
            )
        finally:
            await conn.close()
        line("double bookings in the whole table", str(doubles))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rr-bench-") as tmp:
        infra = start_infra(Path(tmp), testing=True)
        limits = {"RR_GATEWAY_RATE_LIMIT_LOGIN": HIGH, "RR_GATEWAY_RATE_LIMIT_ANONYMOUS": HIGH, "RR_GATEWAY_RATE_LIMIT_USER": HIGH, "RR_GATEWAY_RATE_LIMIT_ADMIN": HIGH}
        stack = Stack(infra, environment="test", extra_env={"gateway": {**limits, "RR_GATEWAY_LOG_LEVEL": "WARNING"}, **{s: {f"RR_{s.upper()}_LOG_LEVEL": "WARNING"} for s in ("auth", "catalog", "booking", "waitlist", "notify")}}, inherit_service_env=False)
        try:
            stack.start_all()
            asyncio.run(run(stack, args.seconds, args.concurrency, args.rows))
        finally:
            stack.stop_all()
            infra.stop()


if __name__ == "__main__":
    main()
