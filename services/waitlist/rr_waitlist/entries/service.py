"""The queue: join for a taken slot, see where you stand, leave; managers see a resource's queue."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.context import Principal
from rr_common.errors import InvalidStatus, NotAllowed
from rr_common.pagination import TwoWayPage, clamp_limit, id_position, two_way_page
from rr_common.timeconv import utcnow
from rr_waitlist import events
from rr_waitlist.clients.booking import BookingClient
from rr_waitlist.clients.catalog import CatalogClient
from rr_waitlist.entries.domain import JoinRequest, check_join
from rr_waitlist.entries.repository import EntryRepository, PositionedEntry
from rr_waitlist.entries.transitions import SYSTEM, move, not_found, owned
from rr_waitlist.errors import AlreadyFulfilled, AlreadyWaiting, SlotAvailable
from rr_waitlist.models import CANCELLED, EXPIRED, FULFILLED, OFFERED, STATUSES, WAITING, EntryHistory
from rr_waitlist.offers.service import OfferService

MANAGE_SCOPE = "waitlist:manage"
PAST = "the desired time has passed"


Page = TwoWayPage[PositionedEntry]


def _page(rows: Sequence[PositionedEntry], size: int, position: int | None, backward: bool) -> Page:
    return two_way_page(rows, size, position is not None, backward, lambda row: [row.entry.id])


def may_see_every_queue(principal: Principal) -> bool:
    return principal.is_manager or MANAGE_SCOPE in principal.scopes


class EntryService:
    def __init__(self, catalog: CatalogClient, booking: BookingClient, offers: OfferService) -> None:
        self.catalog = catalog
        self.booking = booking
        self.offers = offers

    async def join(self, session: AsyncSession, principal: Principal, request: JoinRequest) -> PositionedEntry:
        check_join(request, utcnow())
        resource = await self.catalog.resource(request.resource_id)
        entries = EntryRepository(session)
        # Under the resource's lock, a slot freed right now is either seen free here, or its
        # offer is made after this entry is committed: never lost in between.
        await entries.lock_resource(request.resource_id)
        if existing := await entries.live_for(principal.user_id, request):
            raise AlreadyWaiting("You are already waiting for this resource at that time.", entry_id=existing.id)
        if not await self.booking.is_busy(request.resource_id, request.desired_start, request.desired_end):
            raise SlotAvailable(
                f"{resource.name or 'The resource'} is free at that time: book it directly instead of joining the waitlist."
            )
        added = await entries.add_waiting(principal.user_id, request, resource.name)
        if added is None:  # raced with a twin request of the same user
            raise AlreadyWaiting("You are already waiting for this resource at that time.")
        await entries.record([added], [""], principal.user_id, "joined")
        positioned = await entries.positioned(added.id)
        assert positioned is not None  # inserted in this very transaction
        await events.entry_joined(session, positioned)
        return positioned

    async def list_for(self, session: AsyncSession, user_id: int, limit: int, cursor: str) -> Page:
        size, (position, backward) = clamp_limit(limit), id_position(cursor)
        return _page(
            await EntryRepository(session).newest_first(user_id, position, size + 1, backward),
            size,
            position,
            backward,
        )

    async def get(
        self, session: AsyncSession, principal: Principal, entry_id: int
    ) -> tuple[PositionedEntry, Sequence[EntryHistory]]:
        entries = EntryRepository(session)
        found = await entries.positioned(entry_id) if entry_id > 0 else None
        if found is None or (found.entry.user_id != principal.user_id and not may_see_every_queue(principal)):
            raise not_found(entry_id)
        return found, await entries.history(entry_id)

    async def leave(self, session: AsyncSession, principal: Principal, entry_id: int) -> PositionedEntry:
        """Leaving twice answers the same; an open offer is given back first."""
        entries = EntryRepository(session)
        entry = await owned(entries, entry_id, principal.user_id)
        if entry.status == FULFILLED:
            raise AlreadyFulfilled(
                f"Waitlist entry {entry_id} already got its slot (reservation {entry.reservation_id}); cancel that reservation instead."
            )
        if entry.status not in (CANCELLED, EXPIRED):
            if entry.status == OFFERED:
                await self.offers.give_back(entries, entry, principal.user_id, "left the waitlist")
            if entry.status != FULFILLED:
                await move(entries, entry, CANCELLED, principal.user_id, "left the waitlist")
                await events.entry_left(session, entry, "left the waitlist")
        return PositionedEntry(entry, 0)

    async def queue(
        self, session: AsyncSession, principal: Principal, resource_id: int, status: str, limit: int, cursor: str
    ) -> Page:
        if not may_see_every_queue(principal):
            raise NotAllowed("Only managers and admins may see a resource's waitlist.")
        if status and status not in STATUSES:
            raise InvalidStatus(f"status must be one of {', '.join(STATUSES)}, or empty for the live queue.")
        size, (position, backward) = clamp_limit(limit), id_position(cursor)
        return _page(
            await EntryRepository(session).queue(resource_id, status, position, size + 1, backward),
            size,
            position,
            backward,
        )

    async def leave_every_queue(self, session: AsyncSession, user_id: int, reason: str) -> None:
        """A deleted account leaves every queue. An open offer's hold is a reservation of that
        account, which booking cancels (and that frees the slot for the next in line), so only the
        entries change here."""
        entries = EntryRepository(session)
        live = list(await entries.live_of_user(user_id))
        if not live:
            return
        before = [e.status for e in live]
        now = utcnow()
        for entry in live:
            entry.status = CANCELLED
            entry.updated_at = now
        await session.flush()
        await entries.record(live, before, user_id, reason)
        await events.entries_left(session, live, reason)

    async def close_past(self, session: AsyncSession, limit: int) -> int:
        """Close waiting entries whose desired time is over (nobody can be offered that slot any
        more); returns how many were closed."""
        entries = EntryRepository(session)
        past = await entries.past_waiting(utcnow(), limit)
        for entry in past:
            entry.status, entry.updated_at = EXPIRED, utcnow()
        await session.flush()
        await entries.record(past, [WAITING] * len(past), SYSTEM, PAST)
        await events.entries_left(session, past, PAST)
        return len(past)
