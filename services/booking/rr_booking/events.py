"""Booking's domain events, written to the outbox in the caller's transaction.

Which event a change publishes (notify words them):
* created: a reservation was made; status confirmed, or pending_approval (a request).
* confirmed / rejected: an approval decision (rejected with status expired when it lapsed), or
  a hold confirmed. held / hold_released: waitlist holds. cancelled, completed, no_show,
  checked_in, moved, resource_unavailable: as named.
* series.created / series.cancelled: once per series, instead of one created per occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from google.protobuf.message import Message
from rr.booking.v1 import events_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.mapping import reservation_pb, series_pb
from rr_booking.models import Reservation, Series, outbox
from rr_common import subjects
from rr_common.outbox import enqueue_many, event_header, outbox_row, publish_event
from rr_common.timeconv import to_timestamp

RESERVATION_CREATED = subjects.BOOKING_RESERVATION_CREATED
RESERVATION_CANCELLED = subjects.BOOKING_RESERVATION_CANCELLED
RESERVATION_CONFIRMED = subjects.BOOKING_RESERVATION_CONFIRMED
RESERVATION_REJECTED = subjects.BOOKING_RESERVATION_REJECTED
RESERVATION_COMPLETED = subjects.BOOKING_RESERVATION_COMPLETED
RESERVATION_NO_SHOW = subjects.BOOKING_RESERVATION_NO_SHOW
RESERVATION_CHECKED_IN = subjects.BOOKING_RESERVATION_CHECKED_IN
RESERVATION_HELD = subjects.BOOKING_RESERVATION_HELD
HOLD_RELEASED = subjects.BOOKING_RESERVATION_HOLD_RELEASED
RESERVATION_MOVED = subjects.BOOKING_RESERVATION_MOVED
RESOURCE_UNAVAILABLE = subjects.BOOKING_RESERVATION_RESOURCE_UNAVAILABLE
SERIES_CREATED = subjects.BOOKING_SERIES_CREATED
SERIES_CANCELLED = subjects.BOOKING_SERIES_CANCELLED


# A reservation's [start, end) before a change (a move), for the event to say what was freed.
Range = tuple[datetime, datetime]


def _message(
    subject: str, reservation: Reservation, reason: str, previous: str, previous_range: Range | None
) -> Message:
    header = event_header()
    pb = reservation_pb(reservation)
    if subject == RESERVATION_CREATED:
        return events_pb2.ReservationCreated(header=header, reservation=pb, resource_name=reservation.resource_name)
    if subject == RESERVATION_CANCELLED:
        return events_pb2.ReservationCancelled(header=header, reservation=pb, resource_name=reservation.resource_name)
    message = events_pb2.ReservationChanged(
        header=header, reservation=pb, resource_name=reservation.resource_name, reason=reason, previous_status=previous
    )
    if previous_range is not None:
        message.previous_start_time.CopyFrom(to_timestamp(previous_range[0]))
        message.previous_end_time.CopyFrom(to_timestamp(previous_range[1]))
    return message


def reservation_row(
    subject: str, reservation: Reservation, reason: str = "", previous: str = "", previous_range: Range | None = None
) -> dict[str, Any]:
    """The outbox row of one reservation event, for a statement that writes it with the history."""
    return outbox_row(subject, _message(subject, reservation, reason, previous, previous_range))


async def reservation_events(
    session: AsyncSession,
    subject: str,
    reservations: Sequence[Reservation],
    reason: str = "",
    previous: Sequence[str] = (),
) -> None:
    """One event per reservation, written with a single multi-row insert."""
    if not reservations:
        return
    await session.flush()  # the rows' versions after pending changes (see changes.record_changes)
    messages = [
        _message(subject, r, reason, previous[i] if i < len(previous) else "", None) for i, r in enumerate(reservations)
    ]
    await enqueue_many(session, outbox, subject, messages)


async def series_event(
    session: AsyncSession, subject: str, series: Series, reservations: Sequence[Reservation], reason: str = ""
) -> None:
    message = events_pb2.SeriesChanged(
        header=event_header(),
        series=series_pb(series),
        reservations=[reservation_pb(r) for r in reservations],
        resource_name=series.resource_name,
        reason=reason,
    )
    await publish_event(session, outbox, subject, message)
