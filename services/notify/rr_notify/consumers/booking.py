"""Booking's events: confirmations, cancellations, approvals, series, reminders to schedule."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_common.logs import get_logger
from rr_notify.consumers.facts import reservation_facts, text_field
from rr_notify.consumers.router import Reaction
from rr_notify.decoding import DomainEvent
from rr_notify.delivery import Notifier
from rr_notify.directory.repository import DirectoryRepository
from rr_notify.inapp import domain
from rr_notify.inapp.domain import NewNotification, ReservationFacts
from rr_notify.inapp.preferences import Preferences
from rr_notify.reminders.service import Reminders

RESERVATION_CREATED = subjects.BOOKING_RESERVATION_CREATED
RESERVATION_CANCELLED = subjects.BOOKING_RESERVATION_CANCELLED
_R = "rr.booking.reservation."
log = get_logger("rr.notify.booking")


class BookingReactions:
    def __init__(self, notifier: Notifier, reminders: Reminders, preferences: Preferences) -> None:
        self.notifier = notifier
        self.reminders = reminders
        self.preferences = preferences

    def reactions(self) -> dict[str, Reaction]:
        return {
            RESERVATION_CREATED: self.created,
            RESERVATION_CANCELLED: self.cancelled,
            _R + "confirmed": self.confirmed,
            _R + "rejected": self.rejected,
            _R + "moved": self.moved,
            _R + "resource_unavailable": self.resource_unavailable,
            _R + "no_show": self.ended,
            _R + "hold_released": self.ended,
            subjects.BOOKING_SERIES_CREATED: self.series_created,
            subjects.BOOKING_SERIES_CANCELLED: self.series_cancelled,
        }

    async def _remind(self, session: AsyncSession, facts: list[ReservationFacts]) -> None:
        leads = await self.preferences.lead_minutes(session, {f.user_id for f in facts})
        await self.reminders.schedule(session, facts, leads)

    async def _tell(self, session: AsyncSession, news: list[NewNotification]) -> None:
        await self.notifier.deliver(session, news)

    def _facts(self, event: DomainEvent) -> tuple[Any, ReservationFacts] | None:
        message: Any = event.message
        if message is None or not message.HasField("reservation") or message.reservation.user_id <= 0:
            log.warning(
                "reservation event without a user; nothing to notify", subject=event.subject, event_id=event.event_id
            )
            return None
        return message, reservation_facts(message.reservation, text_field(message, "resource_name"))

    async def created(self, session: AsyncSession, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        status = message.reservation.status
        if status in ("confirmed", ""):
            await self._tell(session, [domain.reservation_confirmed(facts)])
            await self._remind(session, [facts])
        elif status == "pending_approval":
            approvers = await DirectoryRepository(session).ids_with_role("admin")
            approvers += await DirectoryRepository(session).ids_with_role("manager")
            await self._tell(
                session, [domain.approval_requested(a, facts) for a in sorted(set(approvers)) if a != facts.user_id]
            )

    async def cancelled(self, session: AsyncSession, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        _, facts = found
        await self._tell(session, [domain.reservation_cancelled(facts)])
        await self.reminders.cancel(session, [facts.reservation_id])

    async def confirmed(self, session: AsyncSession, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        if text_field(message, "previous_status") == "pending_approval":
            note = domain.approval_decided(facts, approved=True, comment=text_field(message, "reason"))
        else:
            note = domain.reservation_confirmed(facts)
        await self._tell(session, [note])
        await self._remind(session, [facts])

    async def rejected(self, session: AsyncSession, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        await self._tell(
            session, [domain.approval_decided(facts, approved=False, comment=text_field(message, "reason"))]
        )
        await self.reminders.cancel(session, [facts.reservation_id])

    async def moved(self, session: AsyncSession, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is not None:
            await self._remind(session, [found[1]])

    async def resource_unavailable(self, session: AsyncSession, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        note = domain.resource_maintenance(
            facts.user_id, facts.resource_id, facts.resource_name, text_field(message, "reason")
        )
        await self._tell(session, [note])

    async def ended(self, session: AsyncSession, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is not None:
            await self.reminders.cancel(session, [found[1].reservation_id])

    async def _series(self, event: DomainEvent) -> tuple[Any, list[ReservationFacts]] | None:
        message: Any = event.message
        if message is None or not message.HasField("series") or message.series.user_id <= 0:
            return None
        name = text_field(message, "resource_name") or message.series.resource_name
        return message, [reservation_facts(r, name) for r in message.reservations]

    async def series_created(self, session: AsyncSession, event: DomainEvent) -> None:
        found = await self._series(event)
        if found is None or not found[1]:
            return
        message, occurrences = found
        await self._tell(
            session, [domain.series_changed(occurrences[0], message.series.id, len(occurrences), cancelled=False)]
        )
        confirmed = [f for f, r in zip(occurrences, message.reservations, strict=True) if r.status in ("confirmed", "")]
        await self._remind(session, confirmed)

    async def series_cancelled(self, session: AsyncSession, event: DomainEvent) -> None:
        found = await self._series(event)
        if found is None or not found[1]:
            return
        message, occurrences = found
        note = domain.series_changed(
            occurrences[0], message.series.id, len(occurrences), cancelled=True, reason=text_field(message, "reason")
        )
        await self._tell(session, [note])
        await self.reminders.cancel(session, [f.reservation_id for f in occurrences])
