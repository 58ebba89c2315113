"""Holds for the waitlist saga: a `held` reservation occupies the slot under the same exclusion
constraint until it is confirmed, released, or lapses (the lifecycle sweep expires it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.approvals.settings import ResourceSettingsRepository
from rr_booking.changes import record_changes
from rr_booking.db_errors import is_slot_taken
from rr_booking.errors import HoldExpired, InvalidExpiry, InvalidUser, NotAHold, ReservationNotFound
from rr_booking.models import Reservation
from rr_booking.reservations.domain import conflict_error, validate_range
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.repository import ReservationRepository
from rr_booking.reservations.service import new_row
from rr_common.context import Principal
from rr_common.errors import NotAllowed
from rr_common.timeconv import utcnow

# auth grants `reservations:manage` to clients that act on anyone's behalf (the waitlist).
HOLD_SCOPES = ("reservations:manage", "booking:holds")


def may_hold_for_others(who: Principal) -> bool:
    """Services (the waitlist, with a client-credentials token) and admins place holds for users."""
    return who.is_admin or who.has_role("service") or any(s in who.scopes for s in HOLD_SCOPES)


@dataclass(frozen=True)
class NewHold:
    user_id: int
    resource_id: int
    start: datetime
    end: datetime
    expires_at: datetime | None
    idempotency_key: str = ""
    notes: str = ""


class HoldService:
    def __init__(
        self, placer: Placer, max_duration: timedelta, default_hold: timedelta, approval_expiry: timedelta
    ) -> None:
        self.placer = placer
        self.max_duration = max_duration
        self.default_hold = default_hold
        self.approval_expiry = approval_expiry

    async def place(self, session: AsyncSession, who: Principal, new: NewHold) -> Reservation:
        if not may_hold_for_others(who):
            raise NotAllowed("Only the waitlist service or an admin may place holds.")
        if new.user_id <= 0:
            raise InvalidUser("user_id is required: whom the hold is for.")
        now = utcnow()
        validate_range(new.start, new.end, now, self.max_duration)
        expires_at = new.expires_at or now + self.default_hold
        if expires_at <= now:
            raise InvalidExpiry("expires_at must be in the future.")
        repo = ReservationRepository(session)
        if new.idempotency_key and (earlier := await repo.by_idempotency_key(new.user_id, new.idempotency_key)):
            return earlier
        placed = await self.placer.place(session, new.resource_id, [(new.start, new.end)])
        if refusal := placed.refusal(0):
            raise refusal
        await repo.lock_resources([new.resource_id])
        if new.idempotency_key and (earlier := await repo.by_idempotency_key(new.user_id, new.idempotency_key)):
            return earlier
        owner = Principal(user_id=new.user_id, username="")
        row = new_row(
            placed.placement, owner, new.start, new.end, new.notes, now, idempotency_key=new.idempotency_key or None
        )
        row |= {"status": "held", "expires_at": min(expires_at, new.end)}
        conflicts = await repo.overlapping(new.resource_id, row["occupied_start"], row["occupied_end"])
        if conflicts:
            raise conflict_error(conflicts)
        try:
            [hold] = await repo.add_many([row])
        except DBAPIError as exc:
            if is_slot_taken(exc):
                raise conflict_error([]) from exc
            raise
        await record_changes(session, [hold], [None], who.user_id, "waitlist hold", events.RESERVATION_HELD)
        return hold

    async def _hold(self, session: AsyncSession, who: Principal, reservation_id: int) -> Reservation:
        hold = await ReservationRepository(session).get(reservation_id, for_update=True)
        if hold is None or (hold.user_id != who.user_id and not may_hold_for_others(who)):
            raise ReservationNotFound(f"Reservation {reservation_id} does not exist.")
        return hold

    async def confirm(self, session: AsyncSession, who: Principal, reservation_id: int) -> Reservation:
        """A held slot becomes the user's: confirmed, or pending approval where the resource needs it."""
        hold = await self._hold(session, who, reservation_id)
        if hold.status in ("confirmed", "pending_approval", "checked_in"):
            return hold  # confirming twice answers the same
        now = utcnow()
        if hold.status != "held" or (hold.expires_at is not None and hold.expires_at <= now):
            raise HoldExpired("The hold has lapsed or was released; the slot is no longer kept.")
        if hold.end_time <= now:
            raise HoldExpired("The held slot is already over.")
        if hold.needs_approval:
            settings = await ResourceSettingsRepository(session).get(hold.resource_id)
            expiry = (
                timedelta(minutes=settings.approval_expiry_minutes)
                if settings and settings.approval_expiry_minutes
                else self.approval_expiry
            )
            hold.status, hold.expires_at = "pending_approval", min(now + expiry, hold.start_time)
        else:
            hold.status, hold.expires_at = "confirmed", None
        await session.flush()
        subject = events.RESERVATION_CONFIRMED if hold.status == "confirmed" else events.RESERVATION_CREATED
        await record_changes(session, [hold], ["held"], who.user_id, "hold confirmed", subject)
        return hold

    async def release(self, session: AsyncSession, who: Principal, reservation_id: int, reason: str) -> Reservation:
        hold = await self._hold(session, who, reservation_id)
        if hold.status in ("cancelled", "expired") and hold.cancellation_reason.startswith("hold"):
            return hold
        if hold.status != "held":
            raise NotAHold(f"Reservation {reservation_id} is not a hold (it is {hold.status}).")
        hold.status, hold.cancellation_reason = "cancelled", f"hold released{': ' + reason if reason else ''}"
        await session.flush()
        await record_changes(session, [hold], ["held"], who.user_id, hold.cancellation_reason, events.HOLD_RELEASED)
        return hold
