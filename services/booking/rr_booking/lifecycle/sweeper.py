"""The durable scheduler: a background loop in every booking process that runs the lifecycle
sweep. State lives in the rows (deadlines, expiries), so a restart loses nothing; SKIP LOCKED
keeps replicas from applying a change twice."""

from __future__ import annotations

import asyncio

from rr_booking.lifecycle.service import LifecycleService
from rr_common.logs import get_logger

log = get_logger("rr.booking.sweeper")


class Sweeper:
    def __init__(self, lifecycle: LifecycleService, interval_seconds: float) -> None:
        self.lifecycle = lifecycle
        self.interval = interval_seconds

    async def run(self) -> None:
        while True:
            try:
                report = await self.lifecycle.sweep()
                if any(vars(report).values()):
                    log.info("lifecycle sweep", **vars(report))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - database away: try again next round
                log.warning("lifecycle sweep failed", error=str(exc) or type(exc).__name__)
            await asyncio.sleep(self.interval)
