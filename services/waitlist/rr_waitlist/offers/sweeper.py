"""The durable timer: a loop in every waitlist process that expires offers past their time and
closes waiting entries whose time has passed, and beside it a slower loop that re-checks the
queues against booking's schedule. State lives in the rows, so a restart loses nothing; SKIP
LOCKED keeps replicas (and an accept in progress) from handling an entry twice."""

from __future__ import annotations

import asyncio

from rr_common.errors import DomainError
from rr_common.logs import get_logger
from rr_common.loops import every
from rr_common.timeconv import utcnow
from rr_waitlist.offers.domain import FreedSlot
from rr_waitlist.offers.repository import OfferRepository
from rr_waitlist.wiring import Services

log = get_logger("rr.waitlist.sweeper")


class Sweeper:
    def __init__(self, app: Services, interval: float, batch_size: int, recheck_interval: float = 0) -> None:
        self.app = app
        self.interval = interval
        self.batch_size = batch_size
        self.recheck_interval = recheck_interval

    async def run(self) -> None:
        """The timer. The re-check has a loop of its own (`run_recheck`): it makes one schedule
        call per resource with a queue, and an offer's expiry must not wait for all of them."""
        await every(self.interval, self.sweep, log, "waitlist sweep failed")

    async def run_recheck(self) -> None:
        if self.recheck_interval > 0:
            await asyncio.sleep(self.recheck_interval)
            await every(self.recheck_interval, self.recheck, log, "waitlist re-check failed")

    async def sweep(self) -> None:
        while True:
            async with self.app.db.session() as session:
                handled = await self.app.offers.expire_due(session, self.batch_size)
            if handled < self.batch_size:
                break
        while await self.close_past() >= self.batch_size:
            pass

    async def recheck(self) -> int:
        """Offer free ranges that no event announced: a freed-slot event whose hold booking
        refused at the time (maintenance, say), a flexible entry's nearby slot that opened up
        quietly. Each resource with future waiting entries costs one schedule call."""
        now = utcnow()
        # Hold keys are per round, so a hold that lapsed in an earlier round is not replayed.
        key = f"recheck:{int(now.timestamp() // max(self.recheck_interval, 1.0))}"
        offered, after = 0, 0
        while True:
            async with self.app.db.session() as session:
                windows = await OfferRepository(session).waiting_windows(now, after, self.batch_size)
            for resource_id, first_start, last_end in windows:
                after = resource_id
                try:
                    free, timezone = await self.app.offers.booking.free_schedule(
                        resource_id, (max(first_start, now), last_end)
                    )
                    for start, end in free:
                        async with self.app.db.session() as session:
                            offered += len(
                                await self.app.offers.offer_freed(
                                    session, FreedSlot(resource_id, start, end, timezone), key
                                )
                            )
                except DomainError as exc:  # booking or catalog away, the resource gone: next round
                    log.warning("waitlist re-check skipped a resource", resource_id=resource_id, error=exc.detail)
            if len(windows) < self.batch_size:
                break
        if offered:
            log.info("re-check made offers", count=offered)
        return offered

    async def close_past(self) -> int:
        async with self.app.db.session() as session:
            closed = await self.app.entries.close_past(session, self.batch_size)
        if closed:
            log.info("closed past waiting entries", count=closed)
        return closed
