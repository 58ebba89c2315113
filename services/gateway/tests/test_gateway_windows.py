"""The moving window counts a hit and reports what is left in one step, the same with Redis (one
script, shared by replicas) and in process."""

from __future__ import annotations

import time
import uuid

import pytest
from limits import parse

from rr_devstack.infra import Infra
from rr_gateway.windows import MemoryWindows, RedisWindows, WindowCounter, make_windows


@pytest.fixture(params=["redis", "memory"])
def windows(request: pytest.FixtureRequest, rr_infra: Infra) -> WindowCounter:
    if request.param == "memory":
        return MemoryWindows()
    assert rr_infra.redis_url, "the Redis path needs a real Redis"
    made = make_windows(rr_infra.redis_url)
    assert isinstance(made, RedisWindows)
    return made


async def test_hits_count_down_then_refuse_and_peeking_costs_nothing(windows: WindowCounter) -> None:
    item, key = parse("3/minute"), uuid.uuid4().hex
    fresh = await windows.peek(item, "user", key)
    assert (fresh.allowed, fresh.remaining) == (True, 3)
    seen = [await windows.hit(item, "user", key) for _ in range(4)]
    assert [(w.allowed, w.remaining) for w in seen] == [(True, 2), (True, 1), (True, 0), (False, 0)]
    assert (await windows.peek(item, "user", key)).remaining == 0
    assert time.time() < seen[-1].reset_at <= time.time() + 60.5, "the oldest hit leaves the window within a minute"
    assert (await windows.hit(item, "admin", key)).remaining == 2, "each tier keeps its own window"
