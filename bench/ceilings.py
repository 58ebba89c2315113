"""Raw ceilings on this machine, measured in the same run, so our figures read as ratios."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

from bench.harness import Bench
from bench.load import run_load

CONSTRAINED_TABLE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE IF NOT EXISTS bench_slots (
  id bigserial PRIMARY KEY, resource_id bigint NOT NULL, during tstzrange NOT NULL,
  EXCLUDE USING gist (resource_id WITH =, during WITH &&)
);
"""


async def postgres_insert(bench: Bench, concurrency: int = 16, total: int = 4000) -> dict[str, Any]:
    url = bench.infra.create_database(f"bench_ceiling_{random.randint(0, 10**6)}")
    pool = await asyncpg.create_pool(url, min_size=concurrency, max_size=concurrency)
    await pool.execute(CONSTRAINED_TABLE)
    base = datetime.now(UTC)

    async def insert(i: int) -> bool:
        start = base + timedelta(hours=i // 100)
        await pool.execute(
            "INSERT INTO bench_slots (resource_id, during) VALUES ($1, tstzrange($2, $3))", i % 100, start, start + timedelta(hours=1)
        )
        return True

    result, _ = await run_load(insert, concurrency, total, 30)
    await pool.close()
    return result.as_dict()


async def grpc_health(bench: Bench, concurrency: int = 16, total: int = 4000) -> dict[str, Any]:
    async with grpc.aio.insecure_channel(bench.stack.grpc_target("auth")) as channel:
        stub = health_pb2_grpc.HealthStub(channel)

        async def check(_: int) -> bool:
            await stub.Check(health_pb2.HealthCheckRequest())
            return True

        result, _ = await run_load(check, concurrency, total, 30)
    return result.as_dict()


async def http_live(bench: Bench, concurrency: int = 16, total: int = 4000) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=bench.url, limits=httpx.Limits(max_connections=concurrency)) as http:

        async def live(_: int) -> bool:
            return (await http.get("/live")).status_code == 200

        result, _ = await run_load(live, concurrency, total, 30)
    return result.as_dict()


async def measure(bench: Bench) -> dict[str, Any]:
    started = time.perf_counter()
    out = {
        "postgres_constrained_insert": await postgres_insert(bench),
        "grpc_health_check": await grpc_health(bench),
        "http_live_endpoint": await http_live(bench),
    }
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out
