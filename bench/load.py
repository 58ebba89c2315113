"""A bounded closed-loop load generator: N workers, each sending requests back to back until
the count or the time budget is used up."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bench.stats import Figures, figures

Request = Callable[[int], Awaitable[bool]]


async def run_load(request: Request, concurrency: int, total: int, max_seconds: float) -> tuple[Figures, int]:
    """Run `request(i)` `total` times at `concurrency`; returns figures and the failure count."""
    latencies: list[float] = []
    failures = 0
    counter = iter(range(total))
    deadline = time.monotonic() + max_seconds

    async def worker() -> None:
        nonlocal failures
        for i in counter:
            if time.monotonic() > deadline:
                return
            began = time.perf_counter()
            ok = await request(i)
            latencies.append(time.perf_counter() - began)
            failures += 0 if ok else 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return figures(latencies, time.perf_counter() - started), failures
