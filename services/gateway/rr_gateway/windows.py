"""Moving-window counters behind the rate limits: count a hit and read the window in one step.

With Redis (shared by every gateway replica) one Lua script does both, so a limited request costs
one round trip; `limits`' moving window needs two (hit, then the window's stats for the headers).
Without Redis, `limits`' in-process storage: there a call is a function call.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Protocol

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import Redis

# KEYS[1]: the window's sorted set (member: a unique token, score: hit time in ms).
# ARGV: limit, window ms, member (empty: only read). Redis's own clock, so replicas agree.
# Returns {allowed (1/0: whether this hit, or a hit now when only reading, fits), hits in the
# window, oldest hit ms (or now)}.
_MOVING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  allowed = 1
  if ARGV[3] ~= '' then
    redis.call('ZADD', KEYS[1], now, ARGV[3])
    redis.call('PEXPIRE', KEYS[1], window)
    count = count + 1
  end
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
return {allowed, count, tonumber(oldest) or now}
"""
KEY_PREFIX = "rr:ratelimit"


@dataclass(frozen=True)
class Window:
    allowed: bool
    remaining: int
    reset_at: float  # epoch seconds when the oldest hit leaves the window


class WindowCounter(Protocol):
    async def hit(self, item: RateLimitItem, tier: str, key: str) -> Window: ...

    async def peek(self, item: RateLimitItem, tier: str, key: str) -> Window: ...


class RedisWindows:
    def __init__(self, redis: Redis) -> None:
        self._script = redis.register_script(_MOVING_WINDOW)

    async def _run(self, item: RateLimitItem, tier: str, key: str, member: str) -> Window:
        window_ms = item.get_expiry() * 1000
        allowed, count, oldest_ms = await self._script(
            keys=[f"{KEY_PREFIX}:{tier}:{key}"], args=[item.amount, window_ms, member]
        )
        return Window(bool(allowed), max(item.amount - int(count), 0), (int(oldest_ms) + window_ms) / 1000)

    async def hit(self, item: RateLimitItem, tier: str, key: str) -> Window:
        return await self._run(item, tier, key, os.urandom(8).hex())

    async def peek(self, item: RateLimitItem, tier: str, key: str) -> Window:
        return await self._run(item, tier, key, "")


class MemoryWindows:
    def __init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def hit(self, item: RateLimitItem, tier: str, key: str) -> Window:
        allowed = await self._limiter.hit(item, tier, key)
        return await self._window(item, tier, key, allowed)

    async def peek(self, item: RateLimitItem, tier: str, key: str) -> Window:
        return await self._window(item, tier, key, True)

    async def _window(self, item: RateLimitItem, tier: str, key: str, allowed: bool) -> Window:
        stats = await self._limiter.get_window_stats(item, tier, key)
        reset = stats.reset_time if stats.remaining < item.amount else time.time() + item.get_expiry()
        return Window(allowed, max(stats.remaining, 0), reset)


def make_windows(redis_url: str) -> WindowCounter:
    if redis_url:
        # Short timeouts: a slow Redis must fail (and fail open or closed as configured) fast.
        return RedisWindows(Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5))
    return MemoryWindows()
