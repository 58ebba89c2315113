"""Reservation rules with I/O: create (catalog decides bookability, the database decides overlap),
read, history, cancel in three scopes, and check in; each authorised per object."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.changes import record_changes
from rr_booking.errors import (
    CheckInTooEarly,
    CheckInTooLate,
    NotCancellable,
    NotCheckable,
    ReservationNotFound,
    TooManyResources,
)
from rr_booking.locks import lock_for_writing
from rr_booking.models import OCCUPYING, Reservation, ReservationHistory
from rr_booking.quotas.service import QuotaService
from rr_booking.recurrence.repository import SeriesRepository
from rr_booking.reservations.domain import NewReservation, Placement, check_scope, conflict_error, validate_range
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.repository import ReservationRepository
from rr_common.context import Principal
from rr_common.errors import InvalidTimeRange
from rr_common.timeconv import utcnow

# The availability filter asks about one page of candidates at a time.
MAX_BUSY_CANDIDATES = 10_000


def new_row(
    placement: Placement, who: Principal, start: datetime, end: datetime, notes: str, now: datetime, **extra: Any
) -> dict[str, Any]:
    """The column values of a new reservation placed on a resource."""
    occupied_start, occupied_end = placement.occupied(start, end)
    return {
        "user_id": who.user_id,
        "username": who.username[:150],
        "resource_id": placement.resource_id,
        "resource_name": placement.resource_name,
        "timezone": placement.timezone,
        "start_time": start,
        "end_time": end,
        "occupied_start": occupied_start,
        "occupied_end": occupied_end,
        "status": placement.initial_status,
        "needs_approval": placement.requires_approval,
        "expires_at": placement.expires_at(now, start),
        "check_in_deadline": placement.check_in_deadline(start),
        "notes": notes,
        **extra,
    }


@dataclass(frozen=True)
class Cancellation:
    reservation: Reservation
    cancelled: list[Reservation]


class ReservationService:
    def __init__(
        self, placer: Placer, quotas: QuotaService, max_duration: timedelta, check_in_opens: timedelta
    ) -> None:
        self.placer = placer
        self.quotas = quotas
        self.max_duration = max_duration
        self.check_in_opens = check_in_opens

    async def create(self, session: AsyncSession, who: Principal, new: NewReservation) -> Reservation:
        now = utcnow()
        validate_range(new.start, new.end, now, self.max_duration)
        repo = ReservationRepository(session)
        if new.idempotency_key and (earlier := await repo.by_idempotency_key(who.user_id, new.idempotency_key)):
            return earlier
        placed = await self.placer.place(session, new.resource_id, [(new.start, new.end)])
        if refusal := placed.refusal(0):
            raise refusal
        # No double booking: from here to commit this transaction alone writes to the resource
        # (and to the caller's quota), so the insert below and the exclusion constraint behind it
        # decide one winner per slot without deadlocks (see locks.py).
        await lock_for_writing(session, who.user_id, [new.resource_id])
        quota = await self.quotas.guard(session, who)
        if new.idempotency_key and (earlier := await repo.by_idempotency_key(who.user_id, new.idempotency_key)):
            return earlier  # a concurrent retry of the same request got here first
        await quota.check([(new.start, new.end)])
        row = new_row(
            placed.placement, who, new.start, new.end, new.notes, now, idempotency_key=new.idempotency_key or None
        )
        # Insert first, ask what is in the way only when the constraint refused: one round trip
        # less on the common path. The resource lock taken above keeps the answer accurate.
        inserted = await repo.add_many([row], unless_taken=True)
        if not inserted:
            raise conflict_error(await repo.overlapping(new.resource_id, row["occupied_start"], row["occupied_end"]))
        [reservation] = inserted
        await record_changes(session, [reservation], [None], who.user_id, subject=events.RESERVATION_CREATED)
        return reservation

    async def busy_resources(
        self, session: AsyncSession, resource_ids: Sequence[int], start: datetime, end: datetime
    ) -> list[int]:
        """Which of these resources hold a reservation in [start, end) (for the availability filter)."""
        if end <= start:
            raise InvalidTimeRange("range.end must be after range.start.")
        if len(resource_ids) > MAX_BUSY_CANDIDATES:
            raise TooManyResources(f"Ask about at most {MAX_BUSY_CANDIDATES} resources at once.")
        if not resource_ids:
            return []
        return list(await ReservationRepository(session).busy_resources(sorted(set(resource_ids)), start, end))

    async def get_visible(
        self, session: AsyncSession, who: Principal, reservation_id: int, for_update: bool = False
    ) -> Reservation:
        """The reservation if the caller may see it; otherwise NotFound, never revealing it exists."""
        reservation = await ReservationRepository(session).get(reservation_id, for_update=for_update)
        if reservation is None or (reservation.user_id != who.user_id and not who.is_manager):
            raise ReservationNotFound(f"Reservation {reservation_id} does not exist.")
        return reservation

    async def history(self, session: AsyncSession, who: Principal, reservation_id: int) -> Sequence[ReservationHistory]:
        await self.get_visible(session, who, reservation_id)
        return await ReservationRepository(session).history(reservation_id)

    async def cancel(
        self, session: AsyncSession, who: Principal, reservation_id: int, reason: str, scope: str = "this"
    ) -> Cancellation:
        scope = check_scope(scope)
        target = await self.get_visible(session, who, reservation_id, for_update=True)
        repo = ReservationRepository(session)
        if scope == "this" or target.series_id is None:
            if target.status == "cancelled":
                return Cancellation(target, [])  # cancelling twice answers the same
            if target.status not in OCCUPYING:
                raise NotCancellable(f"A {target.status} reservation cannot be cancelled.")
            chosen = [target]
        elif scope == "following":
            chosen = await repo.series_occurrences(target.series_id, target.recurrence_id, OCCUPYING, for_update=True)
        else:
            now = utcnow()
            chosen = [
                r
                for r in await repo.series_occurrences(target.series_id, None, OCCUPYING, for_update=True)
                if r.end_time > now
            ]
        previous = {r.id: r.status for r in chosen}
        cancelled = await repo.set_status(list(previous), OCCUPYING, "cancelled", cancellation_reason=reason)
        await record_changes(
            session, cancelled, [previous[r.id] for r in cancelled], who.user_id, reason, events.RESERVATION_CANCELLED
        )
        if scope == "series" and target.series_id is not None:
            series = await SeriesRepository(session).get(target.series_id, for_update=True)
            if series is not None and series.status != "cancelled":
                series.status = "cancelled"
                await events.series_event(session, events.SERIES_CANCELLED, series, cancelled, reason)
        await session.refresh(target)
        return Cancellation(target, cancelled)

    async def check_in(self, session: AsyncSession, who: Principal, reservation_id: int) -> Reservation:
        reservation = await self.get_visible(session, who, reservation_id, for_update=True)
        if reservation.status == "checked_in":
            return reservation
        if reservation.status != "confirmed":
            raise NotCheckable(
                f"Only a confirmed reservation can be checked in; this one is {reservation.status}.",
            )
        now = utcnow()
        if now < reservation.start_time - self.check_in_opens:
            opens = reservation.start_time - self.check_in_opens
            raise CheckInTooEarly(f"Check-in opens at {opens.isoformat()}.", opens_at=opens.isoformat())
        if now >= reservation.end_time or (
            reservation.check_in_deadline is not None and now > reservation.check_in_deadline
        ):
            raise CheckInTooLate("The check-in window has passed.")
        reservation.status = "checked_in"
        reservation.checked_in_at = now
        await session.flush()
        await record_changes(session, [reservation], ["confirmed"], who.user_id, subject=events.RESERVATION_CHECKED_IN)
        return reservation
