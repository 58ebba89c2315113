"""The durable scheduler: a background loop in every booking process that runs the lifecycle
sweep. State lives in the rows (deadlines, expiries), so a restart loses nothing; SKIP LOCKED
keeps replicas from applying a change twice."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Table

from rr_booking.lifecycle.service import LifecycleService
from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.outbox import OutboxRelay

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


class RelayWithSweeper(OutboxRelay):
    """The outbox relay plus the sweeper, so the kernel's RunningService starts and cancels both.
    Stop-gap until ServiceParts has a slot for background tasks."""

    def __init__(self, db: Database, outbox: Table, service: str, sweeper: Sweeper | None) -> None:
        super().__init__(db, outbox, service)
        self.sweeper = sweeper

    async def run(self, js_ready: Any) -> None:
        if self.sweeper is None:
            await super().run(js_ready)
            return
        async with asyncio.TaskGroup() as group:
            group.create_task(super().run(js_ready))
            group.create_task(self.sweeper.run())
