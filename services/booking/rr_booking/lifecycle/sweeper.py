"""The durable scheduler: a background loop in every booking process that runs the lifecycle
sweep. State lives in the rows (deadlines, expiries), so a restart loses nothing; SKIP LOCKED
keeps replicas from applying a change twice."""

from __future__ import annotations

from rr_booking.lifecycle.service import LifecycleService
from rr_common.logs import get_logger
from rr_common.loops import every

log = get_logger("rr.booking.sweeper")


class Sweeper:
    def __init__(self, lifecycle: LifecycleService, interval_seconds: float) -> None:
        self.lifecycle = lifecycle
        self.interval = interval_seconds

    async def run(self) -> None:
        await every(self.interval, self.sweep, log, "lifecycle sweep failed")

    async def sweep(self) -> None:
        report = await self.lifecycle.sweep()
        if any(vars(report).values()):
            log.info("lifecycle sweep", **vars(report))
