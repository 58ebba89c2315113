"""Catalog's own background work: end statuses whose `until` has passed (durable: the schedule is
the `status_until` column, so it survives restarts) and drop abandoned imports."""

from __future__ import annotations

import asyncio

from rr_catalog.imports.service import discard_stale_imports
from rr_catalog.status.service import SWEEP_BATCH, end_due_statuses
from rr_common.db import Database
from rr_common.logs import get_logger

log = get_logger("rr.catalog.sweeper")
IMPORT_CLEANUP_EVERY = 300


class Sweeper:
    def __init__(self, db: Database, interval_seconds: float = 1.0) -> None:
        self._db = db
        self._interval = interval_seconds

    async def sweep_once(self, rounds: int = 0) -> int:
        async with self._db.session() as session:
            ended = await end_due_statuses(session)
        if ended:
            log.info("statuses ended", count=ended)
        if rounds % IMPORT_CLEANUP_EVERY == 0:
            async with self._db.session() as session:
                await discard_stale_imports(session)
        return ended

    async def run(self) -> None:
        rounds = 0
        while True:
            ended = 0
            try:
                ended = await self.sweep_once(rounds)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - database away: try again next round
                log.warning("sweep failed", error=str(exc) or type(exc).__name__)
            rounds += 1
            if ended < SWEEP_BATCH:
                await asyncio.sleep(self._interval)
