"""Approvals: a reservation on a resource that requires approval starts pending (holding the slot);
a manager approves or rejects it with a comment; the requester hears of it through the event."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.approvals.settings import ResourceSettingsRepository, SettingsChange, defaults
from rr_booking.changes import record_changes
from rr_booking.models import Reservation, ResourceSettings
from rr_booking.projection.service import ProjectedCatalog
from rr_booking.reservations.listing import Filter, Page, list_page
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.repository import ReservationRepository
from rr_common.context import Principal
from rr_common.errors import NotFound, PreconditionFailed
from rr_common.timeconv import utcnow

DECIDED = {"confirmed": True, "checked_in": True, "completed": True, "rejected": False}


class ApprovalService:
    def __init__(self, catalog: ProjectedCatalog, placer: Placer, max_duration: timedelta) -> None:
        self.catalog = catalog
        self.placer = placer
        self.max_duration = max_duration

    async def pending(self, session: AsyncSession, limit: int, cursor: str, resource_id: int) -> Page:
        wanted = Filter(status="pending_approval", resource_id=resource_id)
        return await list_page(session, wanted, limit, cursor, utcnow(), self.max_duration)

    async def my_requests(self, session: AsyncSession, who: Principal, limit: int, cursor: str, status: str) -> Page:
        wanted = Filter(user_id=who.user_id, needs_approval=True, status=status, sort_order="desc")
        return await list_page(session, wanted, limit, cursor, utcnow(), self.max_duration)

    async def respond(self, session: AsyncSession, who: Principal, reservation_id: int, approve: bool, comment: str) -> Reservation:
        reservation = await ReservationRepository(session).get(reservation_id, for_update=True)
        if reservation is None:
            raise NotFound(f"Reservation {reservation_id} does not exist.", code="reservation_not_found")
        if reservation.status != "pending_approval":
            if reservation.needs_approval and DECIDED.get(reservation.status) == approve:
                return reservation  # the same decision again answers the same
            raise PreconditionFailed(f"Reservation {reservation_id} is {reservation.status}, not waiting for approval.", code="not_pending")
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

    async def update_settings(self, session: AsyncSession, who: Principal, change: SettingsChange) -> tuple[ResourceSettings, bool]:
        resource = (await self.catalog.check_bookable(change.resource_id, [])).resource
        saved = await ResourceSettingsRepository(session).save(change, who.user_id)
        self.placer.forget(change.resource_id)
        return saved, resource.requires_approval
