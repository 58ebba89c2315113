"""Catalog's own background work: end statuses whose `until` has passed (durable: the schedule is
the `status_until` column, so it survives restarts) and drop abandoned imports."""

from __future__ import annotations

from rr_catalog.imports.service import discard_stale_imports
from rr_catalog.status.service import SWEEP_BATCH, StatusService
from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.loops import every

log = get_logger("rr.catalog.sweeper")
IMPORT_CLEANUP_EVERY = 300


class Sweeper:
    def __init__(self, db: Database, status: StatusService, interval_seconds: float = 1.0) -> None:
        self._db = db
        self._status = status
        self._interval = interval_seconds
        self._rounds = 0

    async def sweep_once(self) -> bool:
        """One round; True when it ended a full batch (more may be due at once)."""
        rounds, self._rounds = self._rounds, self._rounds + 1  # a failed round counts too
        async with self._db.session() as session:
            ended = await self._status.end_due(session)
        if ended:
            log.info("statuses ended", count=ended)
        if rounds % IMPORT_CLEANUP_EVERY == 0:
            async with self._db.session() as session:
                await discard_stale_imports(session)
        return ended >= SWEEP_BATCH

    async def run(self) -> None:
        await every(self._interval, self.sweep_once, log, "sweep failed")
