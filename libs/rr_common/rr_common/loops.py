"""The loop under every service's durable timer: run a step, and when it fails (the database or a
peer is away) log it and try again next round instead of ending the loop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from structlog.typing import FilteringBoundLogger


async def every(
    interval: float, step: Callable[[], Awaitable[object]], log: FilteringBoundLogger, failure: str
) -> None:
    """Run `step` forever, `interval` seconds apart. A step that returns True filled its batch:
    the next one starts at once, so a backlog drains without waiting a round per batch."""
    while True:
        more = False
        try:
            more = await step() is True
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a peer or the database away: try again next round
            log.warning(failure, error=str(exc) or type(exc).__name__)
        if not more:
            await asyncio.sleep(interval)
