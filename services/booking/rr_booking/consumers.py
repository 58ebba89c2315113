"""Booking consumes catalog's events: each resource's bookability snapshot is kept in the
projection bookings are judged from, and a resource going out of service warns the owners of the
reservations it affects (idempotently, through the inbox). From auth's: a deleted account's
upcoming reservations are cancelled (their slots freed for others and the waitlist)."""

from __future__ import annotations

from datetime import datetime, timedelta

from rr.auth.v1 import events_pb2 as auth_events
from rr.catalog.v1 import events_pb2 as catalog_events
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.changes import record_changes
from rr_booking.models import OCCUPYING, CalendarToken, Reservation, Series, consumer_tables
from rr_booking.projection.repository import ProjectionRepository
from rr_booking.reservations.repository import ReservationRepository
from rr_common import subjects
from rr_common.consumer import Event, EventConsumer
from rr_common.db import Database
from rr_common.timeconv import from_timestamp

STATUS_CHANGED = subjects.CATALOG_RESOURCE_STATUS_CHANGED
DELETED = subjects.CATALOG_RESOURCE_DELETED
USER_DELETED = subjects.AUTH_USER_DELETED
ACCOUNT_DELETED_REASON = "The account was deleted."
BOOKABILITY_CHANGED = subjects.CATALOG_RESOURCE_BOOKABILITY_CHANGED
OUT_OF_SERVICE = ("maintenance", "unavailable")
FAR_FUTURE_DAYS = 3660
MAX_AFFECTED = 5000


async def on_status_changed(session: AsyncSession, event: Event) -> None:
    changed = catalog_events.ResourceStatusChanged.FromString(event.payload)
    if changed.status not in OUT_OF_SERVICE:
        return
    since = from_timestamp(changed.header.occurred_at)
    until = from_timestamp(changed.until) if changed.HasField("until") else None
    reason = f"The resource is now {changed.status}" + (f": {changed.reason}" if changed.reason else "") + "."
    await _warn(session, changed.resource_id, since, until, reason)


async def on_deleted(session: AsyncSession, event: Event) -> None:
    deleted = catalog_events.ResourceDeleted.FromString(event.payload)
    await _warn(
        session, deleted.resource_id, from_timestamp(deleted.header.occurred_at), None, "The resource was removed."
    )


async def on_bookability_changed(session: AsyncSession, event: Event) -> None:
    # An older or repeated snapshot is ignored by the version check, never merged backwards.
    changed = catalog_events.ResourceBookabilityChanged.FromString(event.payload)
    await ProjectionRepository(session).keep_if_newer(changed.snapshot)


async def _warn(session: AsyncSession, resource_id: int, since: datetime, until: datetime | None, reason: str) -> None:
    end = until or since + timedelta(days=FAR_FUTURE_DAYS)
    affected = await ReservationRepository(session).occupying_in(resource_id, since, end, limit=MAX_AFFECTED)
    await events.reservation_events(
        session, events.RESOURCE_UNAVAILABLE, list(affected), reason, [r.status for r in affected]
    )


def catalog_consumer(db: Database) -> EventConsumer:
    # Batches: both handlers write only booking's own database (see rr_common.consumer).
    return EventConsumer(
        db,
        consumer_tables,
        "booking-catalog",
        "catalog",
        {STATUS_CHANGED: on_status_changed, DELETED: on_deleted, BOOKABILITY_CHANGED: on_bookability_changed},
        batch=100,
    )


async def on_user_deleted(session: AsyncSession, event: Event) -> None:
    """Cancel what had not started when the account was deleted; past and running reservations
    stay as history, owned by the anonymised account. Series stop, and the calendar feed's
    secret address stops working."""
    deleted = auth_events.UserDeleted.FromString(event.payload)
    if deleted.user_id <= 0:
        return
    since = from_timestamp(deleted.header.occurred_at)
    upcoming = (
        select(Reservation)
        .where(
            Reservation.user_id == deleted.user_id, Reservation.status.in_(OCCUPYING), Reservation.start_time > since
        )
        .with_for_update()
    )
    rows = list((await session.scalars(upcoming)).all())
    previous = {r.id: r.status for r in rows}
    repo = ReservationRepository(session)
    cancelled = await repo.set_status(
        list(previous), OCCUPYING, "cancelled", cancellation_reason=ACCOUNT_DELETED_REASON
    )
    await record_changes(
        session,
        cancelled,
        [previous[r.id] for r in cancelled],
        deleted.user_id,
        ACCOUNT_DELETED_REASON,
        events.RESERVATION_CANCELLED,
    )
    await session.execute(
        update(Series).where(Series.user_id == deleted.user_id, Series.status == "active").values(status="cancelled")
    )
    await session.execute(delete(CalendarToken).where(CalendarToken.user_id == deleted.user_id))


def auth_consumer(db: Database) -> EventConsumer:
    return EventConsumer(db, consumer_tables, "booking-auth", "auth", {USER_DELETED: on_user_deleted}, batch=1)
