"""Overload: reads at 32, 256 and 1,024 concurrent clients. Every request must be answered,
either served (200) or refused fast (503 + Retry-After from the admission limit); the served rate
must stay near the c32 peak and no served request may wait past the gateway's deadline.

Clients honour Retry-After, as the API asks: a client that retries a refusal at once is a flood,
not a crowd, and then the figure measures how fast the gateway can say no."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

from bench.harness import Bench, say
from bench.load import run_load
from bench.seed import Seeded
from bench.stats import figures
from bench.wire import Pool

CONCURRENCY = (32, 256, 1024)
ROUNDS_PER_CLIENT, MAX_SECONDS = 8, 30.0
RETRY_AFTER_SECONDS = 1.0  # what the gateway's refusals say (rr_gateway.admission)


async def _at(bench: Bench, seeded: Seeded, concurrency: int) -> dict[str, Any]:
    ids = seeded.resource_ids
    statuses: Counter[int] = Counter()
    served: list[float] = []
    refused: list[float] = []
    async with Pool(bench.url, concurrency, timeout=15.0) as pool:

        async def one(i: int) -> bool:
            began = time.perf_counter()
            answer = await pool.get(f"/api/v1/resources/{ids[i % len(ids)]}", seeded.pool[i % len(seeded.pool)])
            statuses[answer.status] += 1
            (served if answer.status == 200 else refused).append(time.perf_counter() - began)
            if answer.status == 503:
                await asyncio.sleep(RETRY_AFTER_SECONDS)
            return answer.status in (200, 503)

        meter = bench.meter()
        began = time.perf_counter()
        result, failures = await run_load(one, concurrency, max(4000, concurrency * ROUNDS_PER_CLIENT), MAX_SECONDS)
        seconds = time.perf_counter() - began
    return {
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "other_than_200_or_503": failures,
        "served": figures(served, seconds).as_dict(),
        "refused": figures(refused, seconds).as_dict() if refused else None,
        "server_cpu_ms": meter.per_request(result.count),
    }


async def overload(bench: Bench, seeded: Seeded) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for concurrency in CONCURRENCY:
        say(f"overload: reads at concurrency {concurrency}")
        out[f"c{concurrency}"] = await _at(bench, seeded, concurrency)
    peak = out["c32"]["served"]["per_second"] or 1.0
    for concurrency in CONCURRENCY[1:]:
        out[f"c{concurrency}"]["served_vs_c32"] = round(out[f"c{concurrency}"]["served"]["per_second"] / peak, 2)
    return out
