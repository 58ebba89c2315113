"""The timers' loop: a failing step is logged and retried, a full batch runs again at once, and
cancelling the loop stops it."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from rr_common.loops import every


class Warnings:
    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def warning(self, event: str, **fields: Any) -> None:
        self.seen.append((event, fields))


async def test_a_failing_step_is_logged_and_the_loop_goes_on() -> None:
    calls: list[float] = []
    log = Warnings()

    async def step() -> None:
        calls.append(time.monotonic())
        if len(calls) <= 2:
            raise ConnectionError("database away")

    task = asyncio.create_task(every(0.01, step, log, "sweep failed"))  # type: ignore[arg-type]
    while len(calls) < 4:
        await asyncio.sleep(0.005)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert log.seen == [("sweep failed", {"error": "database away"})] * 2


async def test_a_full_batch_runs_again_without_waiting_and_other_answers_wait() -> None:
    answers = [True, True, 3, None]
    calls: list[float] = []

    async def step() -> object:
        calls.append(time.monotonic())
        return answers[len(calls) - 1] if len(calls) <= len(answers) else None

    task = asyncio.create_task(every(0.3, step, Warnings(), "sweep failed"))  # type: ignore[arg-type]
    while len(calls) < 4:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert gaps[0] < 0.2 and gaps[1] < 0.2  # after True: at once
    assert gaps[2] >= 0.3  # a count is not "more to do": it waits its interval
