"""Catalog latency and import figures at the service (gRPC, real PostgreSQL), bounded in count
and time, loopback only. Prints one JSON summary.

    .venv/bin/python -m services.catalog.bench.catalog_bench [--resources 10000] [--import-rows 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import grpc
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from rr.common.v1 import common_pb2

from rr_catalog.app import build
from rr_catalog.config import Settings
from rr_common.runtime import RunningService, open_infrastructure
from rr_common.testing import TestTokens, migrated_database
from rr_common.timeconv import to_timestamp
from rr_devstack.infra import start_infra

WORDS = "quiet bright large small corner window projector whiteboard studio lab desk booth lounge garden north south".split()
TAGS = [f"tag{i}" for i in range(30)]
ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC"]
ROUNDS = 300
HEADER = ["name", "tags", "available", "description", "location", "capacity", "timezone"]


def csv_row(i: int, rng: random.Random) -> list[str]:
    return [
        f"Room {i:06d} {rng.choice(WORDS)}", ";".join(rng.sample(TAGS, rng.randint(1, 4))), "true" if rng.random() > 0.1 else "false",
        " ".join(rng.choices(WORDS, k=8)), f"Building {rng.randint(1, 50)}", str(rng.randint(1, 100)), rng.choice(ZONES),
    ]


async def timed(call: Callable[[], Awaitable[Any]], rounds: int = ROUNDS) -> dict[str, float]:
    for _ in range(10):
        await call()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"p50_ms": round(statistics.median(samples), 2), "p99_ms": round(samples[int(len(samples) * 0.99) - 1], 2), "rounds": rounds}


async def import_rows(stub: Any, who: Any, count: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    started = time.perf_counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    begin = await stub.BeginImport(catalog_pb2.BeginImportRequest(mode="create", columns=HEADER), metadata=who)
    for first in range(0, count, 5000):
        rows = [catalog_pb2.ImportRow(line=i + 2, cells=csv_row(i + seed * 1_000_000, rng)) for i in range(first, min(first + 5000, count))]
        await stub.AddImportRows(catalog_pb2.AddImportRowsRequest(import_id=begin.import_id, rows=rows), metadata=who)
    report = await stub.FinishImport(catalog_pb2.FinishImportRequest(import_id=begin.import_id), metadata=who)
    assert report.created == count, report
    return {
        "rows": count, "seconds": round(time.perf_counter() - started, 2),
        "max_rss_growth_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1),
    }


async def seed_calendars(url: str) -> None:
    """Weekday hours for 70 % of resources, a yearly holiday for 20 %, a group tree for all."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("""
            INSERT INTO business_hours (resource_id, day_of_week, open_minute, close_minute)
            SELECT r.id, d, 480, 1080 FROM resources r, generate_series(0, 4) d WHERE r.id % 10 < 7;
            UPDATE resources SET hours_key = '0:480-1080,1:480-1080,2:480-1080,3:480-1080,4:480-1080' WHERE id % 10 < 7;
            INSERT INTO blackout_dates (resource_id, start_date, end_date, reason, yearly)
            SELECT id, DATE '2020-12-25', DATE '2020-12-26', 'Holidays', true FROM resources WHERE id % 5 = 0;
            INSERT INTO resource_groups (name, path) SELECT 'Site ' || s, '' FROM generate_series(1, 3) s;
            UPDATE resource_groups SET path = '/' || id || '/';
            UPDATE resources SET group_id = 1 + id % 3;
        """)
        await conn.execute("VACUUM ANALYZE")  # the steady state autovacuum reaches within minutes
    finally:
        await conn.close()


async def main(resources: int, import_count: int) -> dict[str, Any]:
    tokens = TestTokens()
    who = (("authorization", f"Bearer {tokens.token(1, roles=('admin',), ttl=3600)}"),)
    summary: dict[str, Any] = {"resources": resources}
    with tempfile.TemporaryDirectory() as tmp:
        infra = start_infra(Path(tmp), use_redis=False, testing=True, create_databases=False)
        try:
            url = await migrated_database(infra.create_database("bench_catalog"), "rr_catalog")
            settings = Settings(environment="test", database_url=url, nats_url=infra.nats_url, grpc_port=0, metrics_port=0, grpc_grace_seconds=1.0)
            service_infra = open_infrastructure(settings)
            service = RunningService(service_infra, build(service_infra, settings, verifier=tokens.verifier()))
            port = await service.start()
            try:
                async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                    stub = catalog_pb2_grpc.CatalogServiceStub(channel)
                    summary["seed_import"] = await import_rows(stub, who, resources, 1)
                    await seed_calendars(url)
                    summary["latency"] = await latencies(stub, who)
                big = await migrated_database(infra.create_database("bench_import"), "rr_catalog")
                summary["import"] = await import_elsewhere(big, infra.nats_url, tokens, who, import_count)
            finally:
                await service.stop()
        finally:
            infra.stop()
    return summary


async def latencies(stub: Any, who: Any) -> dict[str, Any]:
    def page(**fields: Any) -> catalog_pb2.ListResourcesRequest:
        return catalog_pb2.ListResourcesRequest(page=common_pb2.PageRequest(limit=20), **fields)

    second = await stub.ListResources(page(sort_by="name"), metadata=who)
    deep = catalog_pb2.ListResourcesRequest(page=common_pb2.PageRequest(limit=20, cursor=second.page.next_cursor), sort_by="name")
    start = datetime(2030, 3, 5, 9, tzinfo=UTC)
    window = common_pb2.TimeRange(start=to_timestamp(start), end=to_timestamp(start + timedelta(hours=1)))
    shapes: dict[str, Callable[[], Awaitable[Any]]] = {
        "list_first_page": lambda: stub.ListResources(page(), metadata=who),
        "list_by_name_next_page": lambda: stub.ListResources(deep, metadata=who),
        "list_with_total": lambda: stub.ListResources(page(include_total=True), metadata=who),
        "search_word": lambda: stub.ListResources(page(query="projector"), metadata=who),
        "search_two_words_filters": lambda: stub.ListResources(page(query="quiet lab", tags=["tag3"], capacity_min=20, sort_by="capacity", sort_order="desc"), metadata=who),
        "search_rare_word_with_total": lambda: stub.ListResources(page(query="000123", include_total=True), metadata=who),
        "filter_group_subtree_location": lambda: stub.ListResources(page(group_id=2, location="building 1"), metadata=who),
        "suggestions": lambda: stub.SuggestResources(catalog_pb2.SuggestResourcesRequest(prefix="room 0001", limit=10), metadata=who),
        "availability_candidates_all": lambda: stub.ListAvailabilityCandidates(
            catalog_pb2.ListAvailabilityCandidatesRequest(filters=catalog_pb2.ListResourcesRequest(), window=window), metadata=who),
    }
    results = {name: await timed(call, 50 if name.startswith("availability") else ROUNDS) for name, call in shapes.items()}
    candidates = await shapes["availability_candidates_all"]()
    results["availability_candidates_all"]["candidates"] = len(candidates.resource_ids)
    return results


async def import_elsewhere(url: str, nats_url: str, tokens: TestTokens, who: Any, count: int) -> dict[str, Any]:
    settings = Settings(environment="test", database_url=url, nats_url=nats_url, grpc_port=0, metrics_port=0, grpc_grace_seconds=1.0)
    infra = open_infrastructure(settings)
    service = RunningService(infra, build(infra, settings, verifier=tokens.verifier()))
    port = await service.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            return await import_rows(catalog_pb2_grpc.CatalogServiceStub(channel), who, count, 2)
    finally:
        await service.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.resources, args.import_rows)), indent=2))  # noqa: T201
