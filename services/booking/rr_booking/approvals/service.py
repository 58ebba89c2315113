"""Approvals: a reservation on a resource that requires approval starts pending (holding the slot);
one who may decide it (domain.may_decide) approves or rejects it with a comment, or the requester
withdraws it; the requester hears of a decision through the event."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.approvals.domain import may_decide
from rr_booking.approvals.settings import (
    ResourceSettingsRepository,
    SettingsChange,
    approvers_of,
    decidable_by,
    defaults,
)
from rr_booking.changes import record_changes
from rr_booking.errors import ApprovalNotFound, NotPending, ReservationNotFound
from rr_booking.models import Reservation, ResourceSettings
from rr_booking.projection.service import ProjectedCatalog
from rr_booking.reservations.listing import Filter, list_page
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.repository import ReservationRepository
from rr_booking.reservations.service import ReservationService
from rr_common.context import Principal
from rr_common.errors import NotFound
from rr_common.pagination import TwoWayPage
from rr_common.timeconv import utcnow

DECIDED = {"confirmed": True, "checked_in": True, "completed": True, "rejected": False}


WITHDRAWN = "Withdrawn by the requester."


def _not_found(reservation_id: int) -> NotFound:
    return ApprovalNotFound(f"Approval request {reservation_id} does not exist.")


class ApprovalService:
    def __init__(
        self, catalog: ProjectedCatalog, placer: Placer, reservations: ReservationService, max_duration: timedelta
    ) -> None:
        self.catalog = catalog
        self.placer = placer
        self.reservations = reservations
        self.max_duration = max_duration

    async def pending(
        self, session: AsyncSession, who: Principal, limit: int, cursor: str, resource_id: int
    ) -> TwoWayPage[Reservation]:
        """The pending requests the caller may decide (none for someone who decides nothing)."""
        wanted = Filter(status="pending_approval", resource_id=resource_id)
        return await list_page(session, wanted, limit, cursor, utcnow(), self.max_duration, decidable_by(who))

    async def may_decide(self, session: AsyncSession, who: Principal, reservation: Reservation) -> bool:
        return may_decide(who, approvers_of(await ResourceSettingsRepository(session).get(reservation.resource_id)))

    async def get(
        self, session: AsyncSession, who: Principal, reservation_id: int, for_update: bool = False
    ) -> tuple[Reservation, bool]:
        """A request and whether the caller may decide it; NotFound unless they made it, may decide it or are an admin."""
        reservation = await ReservationRepository(session).get(reservation_id, for_update=for_update)
        if reservation is None or not reservation.needs_approval:
            raise _not_found(reservation_id)
        decides = await self.may_decide(session, who, reservation)
        if reservation.user_id != who.user_id and not decides:
            raise _not_found(reservation_id)
        return reservation, decides

    async def withdraw(self, session: AsyncSession, who: Principal, reservation_id: int, reason: str) -> Reservation:
        """The requester takes a pending request back: cancelled like any reservation, so the slot
        is released and the waitlist hears of it."""
        reservation, _ = await self.get(session, who, reservation_id, for_update=True)
        if reservation.user_id != who.user_id:
            raise _not_found(reservation_id)  # only the requester withdraws; approvers reject
        if reservation.status == "cancelled" and reservation.decided_by in (None, 0):
            return reservation  # withdrawing twice answers the same
        if reservation.status != "pending_approval":
            raise NotPending(
                f"Request {reservation_id} is {reservation.status}, so it can no longer be withdrawn; cancel the reservation instead if it is confirmed.",
            )
        cancellation = await self.reservations.cancel(session, who, reservation_id, reason or WITHDRAWN)
        return cancellation.reservation

    async def my_requests(
        self, session: AsyncSession, who: Principal, limit: int, cursor: str, status: str
    ) -> TwoWayPage[Reservation]:
        wanted = Filter(user_id=who.user_id, needs_approval=True, status=status, sort_order="desc")
        return await list_page(session, wanted, limit, cursor, utcnow(), self.max_duration)

    async def respond(
        self, session: AsyncSession, who: Principal, reservation_id: int, approve: bool, comment: str
    ) -> Reservation:
        reservation = await ReservationRepository(session).get(reservation_id, for_update=True)
        if reservation is None or not await self.may_decide(session, who, reservation):
            raise ReservationNotFound(f"Reservation {reservation_id} does not exist.")
        if reservation.status != "pending_approval":
            if reservation.needs_approval and DECIDED.get(reservation.status) == approve:
                return reservation  # the same decision again answers the same
            raise NotPending(f"Reservation {reservation_id} is {reservation.status}, not waiting for approval.")
        previous = reservation.status
        reservation.status = "confirmed" if approve else "rejected"
        reservation.expires_at = None
        reservation.decided_by = who.user_id
        reservation.decision_comment = comment
        await session.flush()
        subject = events.RESERVATION_CONFIRMED if approve else events.RESERVATION_REJECTED
        await record_changes(session, [reservation], [previous], who.user_id, comment, subject)
        return reservation

    async def settings(self, session: AsyncSession, resource_id: int) -> tuple[ResourceSettings, bool]:
        """Booking's settings of the resource and catalog's requires_approval (404 if it is gone)."""
        resource = (await self.catalog.check_bookable(resource_id, [])).resource
        stored = await ResourceSettingsRepository(session).get(resource_id)
        return stored or defaults(resource_id), resource.requires_approval

    async def update_settings(
        self, session: AsyncSession, who: Principal, change: SettingsChange
    ) -> tuple[ResourceSettings, bool]:
        resource = (await self.catalog.check_bookable(change.resource_id, [])).resource
        saved = await ResourceSettingsRepository(session).save(change, who.user_id)
        self.placer.forget(change.resource_id)
        return saved, resource.requires_approval
