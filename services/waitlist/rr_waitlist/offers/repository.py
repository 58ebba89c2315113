"""The queries of the offer saga: candidates for a freed slot, offers due to expire, the queues
the re-check compares with booking's schedule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from rr_waitlist.entries.repository import EntryRepository
from rr_waitlist.models import OFFERED, WAITING, WaitlistEntry


class OfferRepository(EntryRepository):
    """The entry queries (locks, lookups, history) and those only offers need."""

    async def by_reservation(self, reservation_id: int) -> WaitlistEntry | None:
        return await self.session.scalar(
            select(WaitlistEntry).where(WaitlistEntry.reservation_id == reservation_id).with_for_update()
        )

    async def candidates(
        self, resource_id: int, start: datetime, end: datetime, flexible_spread: timedelta, limit: int
    ) -> Sequence[WaitlistEntry]:
        """Waiting entries, first come first served, that a freed [start, end) could serve: their
        range overlaps it, or (flexible) their range widened by the spread does. Locked, so a
        concurrent leave or a second offer waits for this one."""
        exact = and_(WaitlistEntry.desired_start < end, WaitlistEntry.desired_end > start)
        near = and_(
            WaitlistEntry.flexible_time,
            WaitlistEntry.desired_start < end + flexible_spread,
            WaitlistEntry.desired_end > start - flexible_spread,
        )
        query = (
            select(WaitlistEntry)
            .where(WaitlistEntry.resource_id == resource_id, WaitlistEntry.status == WAITING, or_(exact, near))
            .order_by(WaitlistEntry.id)
            .limit(limit)
            .with_for_update()
        )
        return (await self.session.scalars(query)).all()

    async def due_offers(self, now: datetime, limit: int) -> Sequence[WaitlistEntry]:
        """Offers past their expiry, locked; replicas (and an accept in progress) are skipped."""
        query = (
            select(WaitlistEntry)
            .where(WaitlistEntry.status == OFFERED, WaitlistEntry.offer_expires_at <= now)
            .order_by(WaitlistEntry.offer_expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.scalars(query)).all()

    async def waiting_windows(
        self, now: datetime, after_resource: int, limit: int
    ) -> Sequence[tuple[int, datetime, datetime]]:
        """Per resource with future waiting entries (in id order, after `after_resource`): the
        span from the earliest desired start to the latest desired end."""
        query = (
            select(
                WaitlistEntry.resource_id, func.min(WaitlistEntry.desired_start), func.max(WaitlistEntry.desired_end)
            )
            .where(
                WaitlistEntry.status == WAITING,
                WaitlistEntry.desired_end > now,
                WaitlistEntry.resource_id > after_resource,
            )
            .group_by(WaitlistEntry.resource_id)
            .order_by(WaitlistEntry.resource_id)
            .limit(limit)
        )
        return [(int(r), s, e) for r, s, e in (await self.session.execute(query)).all()]
