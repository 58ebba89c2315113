"""Lifecycle: no-shows released, lapsed approvals and holds expired, finished reservations
completed; each batch in its own transaction with its events."""

from __future__ import annotations

from dataclasses import dataclass

from rr_booking import events
from rr_booking.lifecycle.repository import COMPLETED, EXPIRED_APPROVAL, EXPIRED_HOLD, NO_SHOW, Transition, apply
from rr_booking.reservations.repository import ReservationRepository
from rr_common.db import Database

SUBJECTS = {
    NO_SHOW.name: events.RESERVATION_NO_SHOW,
    EXPIRED_APPROVAL.name: events.RESERVATION_REJECTED,
    EXPIRED_HOLD.name: events.HOLD_RELEASED,
    COMPLETED.name: events.RESERVATION_COMPLETED,
}
# No-shows go first: a reservation past both its check-in deadline and its end was a no-show.
ORDER = (NO_SHOW, EXPIRED_APPROVAL, EXPIRED_HOLD, COMPLETED)


@dataclass(frozen=True)
class SweepReport:
    no_shows: int = 0
    expired_approvals: int = 0
    expired_holds: int = 0
    completed: int = 0


class LifecycleService:
    def __init__(self, db: Database, batch_size: int) -> None:
        self.db = db
        self.batch_size = batch_size

    async def sweep(self) -> SweepReport:
        counts = {step.name: await self._drain(step) for step in ORDER}
        return SweepReport(
            counts[NO_SHOW.name], counts[EXPIRED_APPROVAL.name], counts[EXPIRED_HOLD.name], counts[COMPLETED.name]
        )

    async def _drain(self, step: Transition) -> int:
        total = 0
        while True:
            async with self.db.session() as session:
                moved = await apply(session, step, self.batch_size)
                rows = await ReservationRepository(session).get_many([i for i, _ in moved], fresh=True)
                before = dict(moved)
                await events.reservation_events(
                    session, SUBJECTS[step.name], rows, step.reason, [before[r.id] for r in rows]
                )
            total += len(moved)
            if len(moved) < self.batch_size:
                return total
