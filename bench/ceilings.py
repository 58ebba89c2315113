"""Raw ceilings on this machine, measured in the same run, so our figures read as ratios of them:

* a bare INSERT into a copy of booking's reservations table (same exclusion constraint, checks and
  indexes), over asyncpg, one statement per reservation: what PostgreSQL alone allows;
* a bare gRPC echo (grpc.aio, no interceptors, no database): what a gRPC hop alone allows;
* a bare FastAPI endpoint under uvicorn (no middleware): what an HTTP hop alone allows;
* and, for reference, the gateway's `/live` (the gateway's middleware, no upstream call)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import grpc

from bench import bare, wire
from bench.harness import Bench, CpuMeter, process_cpu_seconds, say
from bench.load import expect, run_load, sequential

TABLE = "bench_ceiling_reservations"
# A copy of booking's table, with its own id sequence (so booking's ids are untouched).
CREATE = f"""
DROP TABLE IF EXISTS {TABLE};
CREATE TABLE {TABLE} (LIKE reservations INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
CREATE SEQUENCE IF NOT EXISTS {TABLE}_seq;
ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_seq');
"""
INSERT = f"""
INSERT INTO {TABLE} (user_id, resource_id, start_time, end_time, occupied_start, occupied_end, status)
VALUES ($1, $2, $3, $4, $3, $4, 'confirmed')
"""
TOTAL, SECONDS, ROUNDS = 3000, 20.0, 300


async def postgres_insert(bench: Bench, concurrency: int = 16) -> dict[str, Any]:
    pool = await asyncpg.create_pool(bench.db_url("booking"), min_size=concurrency, max_size=concurrency)
    try:
        await pool.execute(CREATE)
        base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1000)

        async def insert(i: int) -> bool:
            start = base + timedelta(hours=i // 100)
            await pool.execute(INSERT, i % 1000, i % 100, start, start + timedelta(hours=1))
            return True

        meter = CpuMeter(lambda: {"postgres": bench.cpu_seconds().get("postgres", 0.0)})
        result, failures = await run_load(insert, concurrency, TOTAL, SECONDS)
        cpu = meter.per_request(result.count)
        counter = iter(range(TOTAL, 2 * TOTAL))
        alone = await sequential(lambda: insert(next(counter)), ROUNDS, SECONDS)
        # The constraint is really there: an overlapping row is refused.
        start = base
        try:
            await pool.execute(INSERT, 1, 0, start, start + timedelta(minutes=30))
            refused = False
        except asyncpg.exceptions.ExclusionViolationError:
            refused = True
        await pool.execute(f"DROP TABLE {TABLE}; DROP SEQUENCE {TABLE}_seq")
    finally:
        await pool.close()
    return {
        f"c{concurrency}": {**result.as_dict(), "failures": failures, "server_cpu_ms": cpu},
        "sequential": alone.latency(),
        "overlap_refused": refused,
    }


async def grpc_echo(concurrency: int = 16) -> dict[str, Any]:
    with bare.serve("grpc") as (port, pid):
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            echo = channel.unary_unary(bare.ECHO_METHOD)
            payload = b"x" * 64

            async def call(_: int) -> bool:
                return bytes(await echo(payload)) == payload

            meter = CpuMeter(lambda: {"server": process_cpu_seconds(pid)})
            result, failures = await run_load(call, concurrency, TOTAL, SECONDS)
            cpu = meter.per_request(result.count)
            alone = await sequential(lambda: echo(payload), ROUNDS, SECONDS)
    return {
        f"c{concurrency}": {**result.as_dict(), "failures": failures, "server_cpu_ms": cpu},
        "sequential": alone.latency(),
    }


async def _http_figures(base_url: str, path: str, concurrency: int, meter: Callable[[], CpuMeter]) -> dict[str, Any]:
    async with wire.Pool(base_url, concurrency) as pool:

        async def call(_: int) -> bool:
            return (await pool.get(path)).status == 200

        cpu = meter()
        result, failures = await run_load(call, concurrency, TOTAL, SECONDS)
        used = cpu.per_request(result.count)
        alone = await sequential(lambda: expect(pool.get(path)), ROUNDS, SECONDS)
    return {
        f"c{concurrency}": {**result.as_dict(), "failures": failures, "server_cpu_ms": used},
        "sequential": alone.latency(),
    }


async def bare_http(concurrency: int = 16) -> dict[str, Any]:
    with bare.serve("http") as (port, pid):
        return await _http_figures(
            f"http://127.0.0.1:{port}",
            "/ping",
            concurrency,
            lambda: CpuMeter(lambda: {"server": process_cpu_seconds(pid)}),
        )


async def measure(bench: Bench) -> dict[str, Any]:
    started = time.perf_counter()
    out: dict[str, Any] = {}
    say("ceilings: bare PostgreSQL insert into the constrained table")
    out["postgres_constrained_insert"] = await postgres_insert(bench)
    say("ceilings: bare gRPC echo")
    out["grpc_echo"] = await grpc_echo()
    say("ceilings: bare FastAPI endpoint")
    out["fastapi_bare_endpoint"] = await bare_http()
    say("ceilings: the gateway's /live")
    out["gateway_live_endpoint"] = await _http_figures(bench.url, "/live", 16, bench.meter)
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out
