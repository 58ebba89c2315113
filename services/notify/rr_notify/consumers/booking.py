"""Booking's events: confirmations, cancellations, approvals, series, reminders to schedule."""

from __future__ import annotations

from typing import Any

from rr_common import subjects
from rr_common.logs import get_logger
from rr_notify.consumers.effects import Effects
from rr_notify.consumers.facts import reservation_facts, text_field
from rr_notify.consumers.router import Reaction
from rr_notify.decoding import DomainEvent
from rr_notify.directory.repository import DirectoryRepository
from rr_notify.inapp import domain
from rr_notify.inapp.domain import ReservationFacts

RESERVATION_CREATED = subjects.BOOKING_RESERVATION_CREATED
RESERVATION_CANCELLED = subjects.BOOKING_RESERVATION_CANCELLED
_R = "rr.booking.reservation."
log = get_logger("rr.notify.booking")


class BookingReactions:
    """What each event leads to, collected on the batch's `Effects` (written when the batch ends)."""

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

    def _facts(self, event: DomainEvent) -> tuple[Any, ReservationFacts] | None:
        message: Any = event.message
        if message is None or not message.HasField("reservation") or message.reservation.user_id <= 0:
            log.warning(
                "reservation event without a user; nothing to notify", subject=event.subject, event_id=event.event_id
            )
            return None
        return message, reservation_facts(message.reservation, text_field(message, "resource_name"))

    async def created(self, effects: Effects, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        status = message.reservation.status
        if status in ("confirmed", ""):
            effects.tell([domain.reservation_confirmed(facts)])
            effects.remind([facts])
        elif status == "pending_approval":
            directory = DirectoryRepository(await effects.session())
            approvers = await directory.ids_with_role("admin") + await directory.ids_with_role("manager")
            effects.tell([domain.approval_requested(a, facts) for a in sorted(set(approvers)) if a != facts.user_id])

    async def cancelled(self, effects: Effects, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        _, facts = found
        effects.tell([domain.reservation_cancelled(facts)])
        effects.cancel_reminders([facts.reservation_id])

    async def confirmed(self, effects: Effects, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        if text_field(message, "previous_status") == "pending_approval":
            note = domain.approval_decided(facts, approved=True, comment=text_field(message, "reason"))
        else:
            note = domain.reservation_confirmed(facts)
        effects.tell([note])
        effects.remind([facts])

    async def rejected(self, effects: Effects, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        effects.tell([domain.approval_decided(facts, approved=False, comment=text_field(message, "reason"))])
        effects.cancel_reminders([facts.reservation_id])

    async def moved(self, effects: Effects, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is not None:
            effects.remind([found[1]])

    async def resource_unavailable(self, effects: Effects, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is None:
            return
        message, facts = found
        note = domain.resource_maintenance(
            facts.user_id, facts.resource_id, facts.resource_name, text_field(message, "reason")
        )
        effects.tell([note])

    async def ended(self, effects: Effects, event: DomainEvent) -> None:
        found = self._facts(event)
        if found is not None:
            effects.cancel_reminders([found[1].reservation_id])

    async def _series(self, event: DomainEvent) -> tuple[Any, list[ReservationFacts]] | None:
        message: Any = event.message
        if message is None or not message.HasField("series") or message.series.user_id <= 0:
            return None
        name = text_field(message, "resource_name") or message.series.resource_name
        return message, [reservation_facts(r, name) for r in message.reservations]

    async def series_created(self, effects: Effects, event: DomainEvent) -> None:
        found = await self._series(event)
        if found is None or not found[1]:
            return
        message, occurrences = found
        effects.tell([domain.series_changed(occurrences[0], message.series.id, len(occurrences), cancelled=False)])
        confirmed = [f for f, r in zip(occurrences, message.reservations, strict=True) if r.status in ("confirmed", "")]
        effects.remind(confirmed)

    async def series_cancelled(self, effects: Effects, event: DomainEvent) -> None:
        found = await self._series(event)
        if found is None or not found[1]:
            return
        message, occurrences = found
        note = domain.series_changed(
            occurrences[0], message.series.id, len(occurrences), cancelled=True, reason=text_field(message, "reason")
        )
        effects.tell([note])
        effects.cancel_reminders([f.reservation_id for f in occurrences])
