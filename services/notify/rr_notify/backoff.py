"""Retry schedule shared by e-mail and webhook deliveries: exponential, capped, with jitter so
many failures at once do not retry in lock-step."""

from __future__ import annotations

import random
from datetime import datetime, timedelta


def retry_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): base·2^(n-1), ±20 %."""
    exact = min(base * 2 ** max(attempt - 1, 0), cap)
    return float(exact * (rng or random).uniform(0.8, 1.2))


def next_attempt(now: datetime, attempt: int, base: float, cap: float) -> datetime:
    return now + timedelta(seconds=retry_delay(attempt, base, cap))
