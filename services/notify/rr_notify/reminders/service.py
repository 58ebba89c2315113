"""Reminders: scheduled when a reservation is confirmed, moved when the user changes their lead
time, cancelled with the reservation, fired once by the sweep (durable rows survive restarts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.timeconv import utcnow
from rr_notify.delivery import Notifier
from rr_notify.inapp.domain import ReservationFacts, reservation_reminder
from rr_notify.reminders.models import Reminder
from rr_notify.reminders.repository import ReminderRepository

log = get_logger("rr.notify.reminders")


class Reminders:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def schedule(
        self,
        session: AsyncSession,
        facts: Sequence[ReservationFacts],
        lead_minutes: Mapping[int, int],
        now: datetime | None = None,
    ) -> int:
        """One statement for all of them. Skipped: no start, or it would fire in the past (booked
        inside the lead time). Returns how many were scheduled."""
        moment = now or utcnow()
        rows = []
        for f in facts:
            if f.start is None or f.end is None:
                continue
            fire_at = f.start - timedelta(minutes=lead_minutes[f.user_id])
            if fire_at <= moment:
                continue
            rows.append(
                {
                    "reservation_id": f.reservation_id,
                    "user_id": f.user_id,
                    "resource_id": f.resource_id,
                    "resource_name": f.resource_name[:200],
                    "timezone": f.timezone[:64],
                    "start_time": f.start,
                    "end_time": f.end,
                    "fire_at": fire_at,
                    "status": "pending",
                }
            )
        await ReminderRepository(session).upsert_many(rows)
        return len(rows)

    async def cancel(self, session: AsyncSession, reservation_ids: Sequence[int]) -> None:
        await ReminderRepository(session).cancel(reservation_ids)

    async def reschedule_user(self, session: AsyncSession, user_id: int, minutes: int) -> None:
        await ReminderRepository(session).reschedule_user(user_id, minutes)


class ReminderSweep:
    """Fires due reminders: the notification and the `sent` mark commit together, so each fires once."""

    name = "reminders"

    def __init__(self, db: Database, notifier: Notifier, batch_size: int = 100) -> None:
        self.db = db
        self.notifier = notifier
        self.batch_size = batch_size

    async def run_once(self) -> int:
        now = utcnow()
        async with self.db.session() as session:
            repository = ReminderRepository(session)
            due = await repository.claim_due(now, self.batch_size)
            if not due:
                return 0
            live = [r for r in due if r.start_time > now]
            # Down past the start (a long outage): a late reminder would only confuse.
            missed = [r.id for r in due if r.start_time <= now]
            await self.notifier.deliver(session, [reservation_reminder(_facts(r), _lead(r)) for r in live])
            await repository.mark([r.id for r in live], "sent", now)
            await repository.mark(missed, "missed", now)
            if missed:
                log.warning("reminders missed", count=len(missed))
        return len(due)


def _facts(r: Reminder) -> ReservationFacts:
    return ReservationFacts(
        r.reservation_id, r.user_id, r.resource_id, r.resource_name, r.start_time, r.end_time, r.timezone
    )


def _lead(r: Reminder) -> int:
    return round((r.start_time - r.fire_at).total_seconds() / 60)
