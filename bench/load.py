"""Bounded load generators: every loop stops at its count or its time budget, whichever comes first.

* `run_load`: closed loop, N workers sending requests back to back (throughput and latency under
  concurrency);
* `sequential`: one request at a time (latency without queueing), after a few warm-up calls."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bench.stats import Figures, figures
from bench.wire import Answer

Request = Callable[[int], Awaitable[bool]]


async def run_load(request: Request, concurrency: int, total: int, max_seconds: float) -> tuple[Figures, int]:
    """Run `request(i)` up to `total` times at `concurrency`; returns figures and the failure count
    (a request that raises counts as a failure)."""
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
            try:
                ok = await request(i)
            except Exception:  # noqa: BLE001 - a timeout or reset is a failed request, not a crashed bench
                ok = False
            latencies.append(time.perf_counter() - began)
            failures += 0 if ok else 1

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result = figures(latencies, time.perf_counter() - started)
    if latencies:
        result = dataclasses.replace(
            result, client_cpu_ms=round((time.process_time() - cpu) / len(latencies) * 1000, 3)
        )
    return result, failures


async def sequential(call: Callable[[], Awaitable[Any]], count: int, max_seconds: float, warm_up: int = 5) -> Figures:
    """`call()` up to `count` times, one at a time, within `max_seconds` (warm-up included)."""
    deadline = time.monotonic() + max_seconds
    for _ in range(warm_up):
        await call()
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        began = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - began)
    return figures(latencies, time.perf_counter() - started)


async def checked(response: Awaitable[Any], expected: int = 200) -> Any:
    """Await an httpx response and raise unless it has the expected status."""
    answer = await response
    if answer.status_code != expected:
        raise RuntimeError(
            f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {answer.text[:300]}"
        )
    return answer


async def expect(response: Awaitable[Answer], status: int = 200) -> Answer:
    """Await a wire answer and raise unless it has the expected status."""
    answer = await response
    if answer.status != status:
        raise RuntimeError(f"expected {status}, got {answer.status}: {answer.body[:300]!r}")
    return answer
