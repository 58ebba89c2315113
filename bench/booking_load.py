"""Booking through the gateway: create throughput and latency at several concurrencies, contention
(50 clients per slot x 20 slots: exactly one may win each), 52-occurrence weekly series, and
my-reservations over the seeded table. Role quotas stay on (as in production): the requests are
spread over users and weeks so none is refused by a quota.

    python -m bench.booking_load [options of python -m bench]

runs only these scenarios (same as `python -m bench --only create,contention,series,my_reservations`)."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from bench.harness import Bench, say
from bench.load import expect, run_load, sequential
from bench.seed import CREATE_AFTER_DAYS, Seeded
from bench.stats import figures

CONCURRENCIES = (16, 32, 64)
CREATE_TOTAL, CREATE_SECONDS, WARM_UP = 2000, 30.0, 100
ACTIVE = "('pending_approval', 'confirmed', 'held', 'checked_in')"
DOUBLES = f"""
SELECT count(*) FROM reservations a JOIN reservations b
  ON a.resource_id = b.resource_id AND a.id < b.id
 AND tstzrange(a.occupied_start, a.occupied_end, '[)') && tstzrange(b.occupied_start, b.occupied_end, '[)')
WHERE a.status IN {ACTIVE} AND b.status IN {ACTIVE} AND ($1::bigint = 0 OR a.resource_id = $1)
"""


class Slots:
    """A distinct (resource, day, hour) for every request of every create run: no request meets
    a taken slot, so the figures are those of successful creates."""

    def __init__(self, resources: list[int]) -> None:
        self.resources = resources
        self.base = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
            days=CREATE_AFTER_DAYS
        )
        self.used = 0

    def payload(self, n: int) -> dict[str, Any]:
        r = len(self.resources)
        day, resource, hour = n % 365, (n // 365) % r, 8 + (n // (365 * r)) % 12
        start = self.base + timedelta(days=day, hours=hour)
        return {
            "resource_id": self.resources[resource],
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
        }

    async def run(
        self, bench: Bench, users: list[dict[str, str]], concurrency: int, total: int, seconds: float
    ) -> dict[str, Any]:
        first, codes = self.used, Counter[int]()
        samples: dict[str, str] = {}
        self.used += total

        async def book(i: int) -> bool:
            n = first + i
            answer = await bench.wire.post("/api/v1/reservations", self.payload(n), headers=users[n % len(users)])
            codes[answer.status] += 1
            if answer.status != 201:
                samples.setdefault(str(answer.status), answer.body[:200].decode(errors="replace"))
            return answer.status == 201

        meter = bench.meter()
        result, failures = await run_load(book, concurrency, total, seconds)
        return {
            **result.as_dict(),
            "failures": failures,
            "answers": {str(k): v for k, v in sorted(codes.items())},
            "server_cpu_ms": meter.per_request(result.count),
            **({"refusals": samples} if samples else {}),
        }


async def create(
    bench: Bench, seeded: Seeded, total: int = CREATE_TOTAL, seconds: float = CREATE_SECONDS
) -> dict[str, Any]:
    slots = Slots(seeded.create_pool)
    await slots.run(bench, seeded.pool, 16, WARM_UP, seconds)  # warm-up: connections, caches, JIT of the plans
    out: dict[str, Any] = {"resources": len(seeded.create_pool), "users": len(seeded.pool)}
    for concurrency in CONCURRENCIES:
        say(f"create reservations at concurrency {concurrency} (at most {total} requests or {seconds:.0f} s)")
        out[f"c{concurrency}"] = await slots.run(bench, seeded.pool, concurrency, total, seconds)
    return out


async def double_bookings(bench: Bench, resource_id: int = 0, timeout: float = 120) -> int | None:
    """Overlapping active reservations on one resource (or the whole table); None if it timed out."""
    conn = await asyncpg.connect(bench.db_url("booking"))
    try:
        await conn.execute(f"SET statement_timeout = {int(timeout * 1000)}")
        return int(await conn.fetchval(DOUBLES, resource_id))
    except asyncpg.exceptions.QueryCanceledError:
        return None
    finally:
        await conn.close()


async def contention(
    bench: Bench, seeded: Seeded, racers: int = 50, slots: int = 20, max_seconds: float = 180
) -> dict[str, Any]:
    say(f"contention: {racers} clients per slot x {slots} slots")
    deadline = time.monotonic() + max_seconds
    samples: dict[str, str] = {}
    resource = seeded.special[0]
    base = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=2)
    winners: list[int] = []
    codes: Counter[int] = Counter()
    latencies: list[float] = []
    started = time.perf_counter()
    for s in range(slots):
        if time.monotonic() > deadline:
            break
        start = base + timedelta(hours=s)
        body = {
            "resource_id": resource,
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(minutes=30)).isoformat(),
        }

        async def race(k: int, body: dict[str, Any] = body) -> int:
            began = time.perf_counter()
            answer = await bench.wire.post("/api/v1/reservations", body, headers=seeded.pool[k % len(seeded.pool)])
            latencies.append(time.perf_counter() - began)
            if answer.status not in (201, 409):
                samples.setdefault(str(answer.status), answer.body[:200].decode(errors="replace"))
            return answer.status

        answers = await asyncio.wait_for(asyncio.gather(*(race(k) for k in range(racers))), timeout=120)
        codes.update(answers)
        winners.append(sum(code == 201 for code in answers))
    on_resource = await double_bookings(bench, resource)
    return {
        "slots": slots,
        "clients_per_slot": racers,
        "successes_per_slot": winners,
        "exactly_one_per_slot": len(winners) == slots and all(w == 1 for w in winners) and on_resource == 0,
        "answers": {str(k): v for k, v in sorted(codes.items())},
        "overlapping_rows_in_database": on_resource,
        "latency": figures(latencies, time.perf_counter() - started).latency(),
        **({"other_answers": samples} if samples else {}),
    }


async def series(bench: Bench, seeded: Seeded, count: int = 20, max_seconds: float = 180) -> dict[str, Any]:
    say(f"52-occurrence weekly series x{count}")
    start = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=3)
    latencies: list[float] = []
    created = 0
    deadline = time.monotonic() + max_seconds
    for k, resource in enumerate(seeded.special[1 : 1 + count]):
        if time.monotonic() > deadline:
            break
        body = {
            "resource_id": resource,
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
            "recurrence": {"rrule": "FREQ=WEEKLY;COUNT=52"},
        }
        began = time.perf_counter()
        answer = await expect(
            bench.wire.post("/api/v1/reservations/recurring", body, headers=seeded.pool[k % len(seeded.pool)]), 201
        )
        latencies.append(time.perf_counter() - began)
        created += len(answer.json()["created"])
    return {**figures(latencies, sum(latencies)).latency(), "occurrences_created": created}


async def my_reservations(bench: Bench, seeded: Seeded, rounds: int = 200, max_seconds: float = 30) -> dict[str, Any]:
    user, user_id = seeded.pool[min(1, len(seeded.pool) - 1)], seeded.pool_ids[min(1, len(seeded.pool_ids) - 1)]
    conn = await asyncpg.connect(bench.db_url("booking"))
    try:
        mine = int(await conn.fetchval("SELECT count(*) FROM reservations WHERE user_id = $1", user_id))
        table = int(await conn.fetchval("SELECT count(*) FROM reservations"))
    finally:
        await conn.close()
    say(f"my-reservations: a user with {mine} of the table's {table} rows")
    out: dict[str, Any] = {"table_rows": table, "user_rows": mine}
    path = "/api/v1/reservations/my"
    shapes = {
        "first_page": {"limit": "20"},
        "upcoming": {"upcoming": "true", "limit": "20"},
        "past_newest_first": {"past": "true", "sort_order": "desc", "limit": "20"},
    }
    second = (await expect(bench.wire.get(path, user, shapes["first_page"]))).json().get("next_cursor") or ""
    if second:
        shapes["next_page"] = {"limit": "20", "cursor": second}
    for name, params in shapes.items():
        out[name] = (
            await sequential(lambda p=params: expect(bench.wire.get(path, user, p)), rounds, max_seconds)
        ).latency()  # type: ignore[misc]

    async def page(i: int) -> bool:
        return (await bench.wire.get(path, seeded.pool[i % len(seeded.pool)], shapes["first_page"])).status == 200

    meter = bench.meter()
    result, failures = await run_load(page, 8, 1000, max_seconds)
    out["first_page_c8_many_users"] = {
        **result.as_dict(),
        "failures": failures,
        "server_cpu_ms": meter.per_request(result.count),
    }
    return out


def main() -> None:
    from bench.__main__ import main as bench_main

    bench_main([*sys.argv[1:], "--only", "create,contention,series,my_reservations"])


if __name__ == "__main__":
    main()
