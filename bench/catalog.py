"""Catalog through the gateway: list and search shapes, the availability filter over every seeded
resource, and a CSV import of many rows. Latencies are sequential (no queueing) unless the name
says otherwise; every loop is bounded in count and time."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import grpc
import httpx
from rr.booking.v1 import booking_pb2, booking_pb2_grpc
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from rr.common.v1 import common_pb2

from bench.harness import Bench, say
from bench.load import expect, run_load, sequential
from bench.seed import Seeded, csv_files, upload
from rr_common.timeconv import to_timestamp

ROUNDS, SECONDS = 100, 20.0
BUSY_BATCH = 10_000


async def search(bench: Bench, seeded: Seeded) -> dict[str, Any]:
    say("list and search resources")
    user = seeded.pool[0]
    conn = await asyncpg.connect(bench.db_url("catalog"))
    try:
        group = int(await conn.fetchval("SELECT min(id) + 1 FROM resource_groups") or 0)
    finally:
        await conn.close()
    api = bench.wire
    first = (await expect(api.get("/api/v1/resources", user, {"sort_by": "name", "limit": "20"}))).json()
    shapes: dict[str, dict[str, str]] = {
        "list_first_page": {"limit": "20"},
        "list_by_name_next_page": {"sort_by": "name", "limit": "20", "cursor": first.get("next_cursor") or ""},
        "list_with_total": {"limit": "20", "include_total": "true"},
        "search_word": {"q": "projector", "limit": "20"},
        "search_two_words_filters": {
            "q": "quiet lab",
            "tags": "tag3",
            "capacity_min": "20",
            "sort_by": "capacity",
            "sort_order": "desc",
            "limit": "20",
        },
        "search_rare_word_with_total": {"q": "0000123", "include_total": "true", "limit": "20"},
        "filter_group_subtree_location": {"group_id": str(group), "location": "building 1", "limit": "20"},
    }
    out: dict[str, Any] = {}
    for name, params in shapes.items():
        out[name] = (
            await sequential(lambda p=params: expect(api.get("/api/v1/resources", user, p)), ROUNDS, SECONDS)
        ).latency()  # type: ignore[misc]
    suggest = {"q": "room 00001", "limit": "10"}
    out["suggestions"] = (
        await sequential(lambda: expect(api.get("/api/v1/search/suggestions", user, suggest)), ROUNDS, SECONDS)
    ).latency()

    async def page(i: int) -> bool:
        return (await api.get("/api/v1/resources", seeded.pool[i % len(seeded.pool)], {"limit": "20"})).status == 200

    meter = bench.meter()
    result, failures = await run_load(page, 16, 3000, SECONDS)
    out["list_first_page_c16"] = {
        **result.as_dict(),
        "failures": failures,
        "server_cpu_ms": meter.per_request(result.count),
    }
    return out


def _windows(fill: dict[str, Any]) -> dict[str, tuple[datetime, datetime]]:
    now = datetime.now(UTC)
    far = (now + timedelta(days=200)).replace(hour=10, minute=0, second=0, microsecond=0)
    far += timedelta(days=(2 - far.weekday()) % 7)  # a Wednesday, 10:00 UTC
    windows = {"no_reservations_hour": (far, far + timedelta(hours=1))}
    if fill.get("rows"):
        # The first seeded slot still ahead: every fill resource has a reservation within its 10 hours.
        slot, step = datetime.fromisoformat(fill["first_slot"]), timedelta(hours=int(fill["slot_step_hours"]))
        while slot < now + timedelta(hours=1):
            slot += step
        if slot + timedelta(hours=10) <= datetime.fromisoformat(fill["until"]):
            windows["seeded_slot_hour"] = (slot, slot + timedelta(hours=1))
            windows["seeded_slot_10_hours"] = (slot, slot + timedelta(hours=10))
    return windows


async def _counts(
    bench: Bench, token: str, window: tuple[datetime, datetime], filters: catalog_pb2.ListResourcesRequest
) -> dict[str, int]:
    """What the gateway's filter works through: catalog's candidates, booking's busy ones."""
    metadata = (("authorization", f"Bearer {token}"),)
    span = common_pb2.TimeRange(start=to_timestamp(window[0]), end=to_timestamp(window[1]))
    async with (
        grpc.aio.insecure_channel(bench.stack.grpc_target("catalog")) as catalog,
        grpc.aio.insecure_channel(bench.stack.grpc_target("booking")) as booking,
    ):
        request = catalog_pb2.ListAvailabilityCandidatesRequest(filters=filters, window=span)
        candidates = list(
            (
                await catalog_pb2_grpc.CatalogServiceStub(catalog).ListAvailabilityCandidates(
                    request, metadata=metadata
                )
            ).resource_ids
        )
        busy = 0
        for first in range(0, len(candidates), BUSY_BATCH):
            ask = booking_pb2.ListBusyResourcesRequest(resource_ids=candidates[first : first + BUSY_BATCH], range=span)
            busy += len(
                (
                    await booking_pb2_grpc.BookingServiceStub(booking).ListBusyResources(ask, metadata=metadata)
                ).busy_resource_ids
            )
    return {"candidates": len(candidates), "busy": busy}


async def availability(bench: Bench, seeded: Seeded) -> dict[str, Any]:
    """GET /resources/search with a window: catalog narrows the candidates (status, hours,
    blackouts, rules), booking names the busy ones in one call per 10,000, catalog pages the rest."""
    say(f"availability filter over {len(seeded.resource_ids)} resources")
    user = seeded.pool[0]
    out: dict[str, Any] = {"resources": len(seeded.resource_ids)}
    fill = seeded.info.get("reservations", {})
    for name, (start, end) in _windows(fill).items():
        for suffix, extra in (("", {}), ("_tag_capacity", {"tags": "tag3", "capacity_min": "20"})):
            params = {"available_from": start.isoformat(), "available_until": end.isoformat(), "limit": "20", **extra}
            figures = await sequential(
                lambda p=params: expect(bench.wire.get("/api/v1/resources/search", user, p)), 50, SECONDS, warm_up=3
            )  # type: ignore[misc]
            filters = (
                catalog_pb2.ListResourcesRequest(tags=["tag3"], capacity_min=20)
                if extra
                else catalog_pb2.ListResourcesRequest()
            )
            answer = (await expect(bench.wire.get("/api/v1/resources/search", user, params))).json()
            out[name + suffix] = {
                **figures.latency(),
                **await _counts(bench, seeded.admin_token, (start, end), filters),
                "page": len(answer["data"]),
                "window": f"{start:%Y-%m-%d %H:%M}..{end:%H:%M} UTC",
            }
    return out


async def csv_import(bench: Bench, http: httpx.AsyncClient, seeded: Seeded, rows: int) -> dict[str, Any]:
    say(f"CSV import of {rows} rows through the gateway")
    files = csv_files(10_000_000, rows, seed=2)
    before = bench.rss_peak_mb()
    started = time.perf_counter()
    out = await upload(http, seeded.admin, files)
    out["seconds_with_request"] = round(time.perf_counter() - started, 2)
    after = bench.rss_peak_mb()
    out["peak_rss_mb"] = {
        name: {"before": before.get(name), "after": after.get(name)} for name in ("gateway", "catalog")
    }
    return out
