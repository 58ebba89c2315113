"""Waitlist consumes booking's events: every freed slot is offered to the queue. The kernel's
inbox makes a redelivered event a no-op; the event id also keys the holds placed for it, so a
retry after a crash finds them instead of placing new ones. From auth's: a deleted account leaves
every queue."""

from __future__ import annotations

from rr.auth.v1 import events_pb2 as auth_events
from rr.booking.v1 import booking_pb2
from rr.booking.v1 import events_pb2 as booking_events
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_common.consumer import Event, EventConsumer, Handler
from rr_common.db import Database
from rr_common.timeconv import from_timestamp
from rr_waitlist.entries.service import EntryService
from rr_waitlist.models import consumer_tables
from rr_waitlist.offers.domain import FreedSlot
from rr_waitlist.offers.service import OfferService

CANCELLED = subjects.BOOKING_RESERVATION_CANCELLED
# ReservationChanged subjects after which the reservation no longer occupies its slot.
FREEING_CHANGES = (
    subjects.BOOKING_RESERVATION_REJECTED,
    subjects.BOOKING_RESERVATION_NO_SHOW,
    subjects.BOOKING_RESERVATION_HOLD_RELEASED,
)
SERIES_CANCELLED = subjects.BOOKING_SERIES_CANCELLED
# A moved reservation frees the range it held before (the event carries it).
MOVED = subjects.BOOKING_RESERVATION_MOVED
# A booking outage may last a while: keep retrying (1, 2, 4 ... 60 s apart) for about half an hour.
MAX_DELIVER = 40
# One message per pull: a pull for more holds a lone message until the pull expires (up to a
# second), and a freed slot should reach the next person at once.
FETCH_BATCH = 1
USER_DELETED = subjects.AUTH_USER_DELETED
ACCOUNT_DELETED_REASON = "the account was deleted"


def _slot(reservation: booking_pb2.Reservation) -> FreedSlot | None:
    if reservation.resource_id <= 0 or not reservation.HasField("start_time") or not reservation.HasField("end_time"):
        return None
    return FreedSlot(
        reservation.resource_id,
        from_timestamp(reservation.start_time),
        from_timestamp(reservation.end_time),
        reservation.timezone,
    )


class FreedSlotHandlers:
    def __init__(self, offers: OfferService) -> None:
        self.offers = offers

    def handlers(self) -> dict[str, Handler]:
        return {
            CANCELLED: self.on_cancelled,
            **dict.fromkeys(FREEING_CHANGES, self.on_changed),
            SERIES_CANCELLED: self.on_series_cancelled,
            MOVED: self.on_moved,
        }

    async def on_cancelled(self, session: AsyncSession, event: Event) -> None:
        message = booking_events.ReservationCancelled.FromString(event.payload)
        await self._freed(session, message.reservation, event.event_id)

    async def on_changed(self, session: AsyncSession, event: Event) -> None:
        message = booking_events.ReservationChanged.FromString(event.payload)
        await self._freed(session, message.reservation, event.event_id)

    async def on_moved(self, session: AsyncSession, event: Event) -> None:
        message = booking_events.ReservationChanged.FromString(event.payload)
        r = message.reservation
        if r.resource_id <= 0 or not (
            message.HasField("previous_start_time") and message.HasField("previous_end_time")
        ):
            return
        old = FreedSlot(
            r.resource_id,
            from_timestamp(message.previous_start_time),
            from_timestamp(message.previous_end_time),
            r.timezone,
        )
        # Whoever waits for a part the new range still covers is refused by booking's hold.
        await self.offers.offer_freed(session, old, event.event_id)

    async def on_series_cancelled(self, session: AsyncSession, event: Event) -> None:
        message = booking_events.SeriesChanged.FromString(event.payload)
        for reservation in message.reservations:
            await self._freed(session, reservation, f"{event.event_id}:{reservation.id}")

    async def _freed(self, session: AsyncSession, reservation: booking_pb2.Reservation, key: str) -> None:
        # A hold of ours that booking gave up (lapsed, or cancelled by hand) ends its offer first.
        await self.offers.settle_lost_hold(session, reservation.id)
        if (slot := _slot(reservation)) is not None:
            await self.offers.offer_freed(session, slot, key)


def booking_consumer(db: Database, offers: OfferService) -> EventConsumer:
    return EventConsumer(
        db,
        consumer_tables,
        "waitlist-booking",
        "booking",
        FreedSlotHandlers(offers).handlers(),
        max_deliver=MAX_DELIVER,
        batch=FETCH_BATCH,
    )


class AccountHandlers:
    def __init__(self, entries: EntryService) -> None:
        self.entries = entries

    async def on_user_deleted(self, session: AsyncSession, event: Event) -> None:
        deleted = auth_events.UserDeleted.FromString(event.payload)
        if deleted.user_id > 0:
            await self.entries.leave_every_queue(session, deleted.user_id, ACCOUNT_DELETED_REASON)


def auth_consumer(db: Database, entries: EntryService) -> EventConsumer:
    handlers = AccountHandlers(entries)
    return EventConsumer(db, consumer_tables, "waitlist-auth", "auth", {USER_DELETED: handlers.on_user_deleted})
