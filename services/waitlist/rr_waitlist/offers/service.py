"""The offer saga. A freed slot is held in booking for the first waiting person it fits (booking's
exclusion constraint makes a second hold on the same slot impossible), accepted (booking confirms
the hold), or declined / expired (booking releases it, and its release event brings the next
offer). Offers of one resource are serialized by a lock in waitlist's database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.context import Principal
from rr_common.errors import Conflict, DomainError, InvalidInput, NotFound, PreconditionFailed
from rr_common.logs import get_logger
from rr_common.timeconv import utcnow
from rr_waitlist import events
from rr_waitlist.clients.booking import BookingClient, Hold
from rr_waitlist.entries.repository import EntryRepository
from rr_waitlist.entries.transitions import SYSTEM, move, owned
from rr_waitlist.errors import OfferExpired, OfferNotFound
from rr_waitlist.models import CANCELLED, EXPIRED, FULFILLED, OFFERED, WaitlistEntry
from rr_waitlist.offers.domain import FreedSlot, Range, flexible_window, nearest_fit, offer_expiry, overlaps
from rr_waitlist.offers.repository import OfferRepository

log = get_logger("rr.waitlist.offers")
# Refusals that mean "this slot cannot be held for this person now" rather than "try again later".
NOT_OFFERABLE = (Conflict, InvalidInput, PreconditionFailed, NotFound)


@dataclass(frozen=True)
class OfferSettings:
    ttl: timedelta
    flexible_hours: float
    max_candidates: int


class OfferService:
    def __init__(self, booking: BookingClient, settings: OfferSettings) -> None:
        self.booking = booking
        self.settings = settings

    # -- making offers -----------------------------------------------------------------------

    async def offer_freed(self, session: AsyncSession, slot: FreedSlot, key: str) -> list[WaitlistEntry]:
        """Offer what `slot` freed to the waiting entries it fits, first come first served.
        `key` (the freed-slot event's id) makes a redelivered event find the holds it placed."""
        entries = OfferRepository(session)
        await entries.lock_resource(slot.resource_id)
        spread = timedelta(hours=self.settings.flexible_hours)
        candidates = await entries.candidates(
            slot.resource_id, slot.start, slot.end, spread, self.settings.max_candidates
        )
        offered: list[WaitlistEntry] = []
        for entry in candidates:
            taken = [(e.offered_start, e.offered_end) for e in offered if e.offered_start and e.offered_end]
            hold = await self._hold_for(entry, slot, taken, f"waitlist:{entry.id}:{key}")
            if hold is not None:
                await self._offered(entries, entry, hold)
                offered.append(entry)
        return offered

    async def _hold_for(self, entry: WaitlistEntry, slot: FreedSlot, taken: list[Range], key: str) -> Hold | None:
        desired = (entry.desired_start, entry.desired_end)
        tried: Range | None = None
        if overlaps(desired, (slot.start, slot.end)) and not any(overlaps(desired, t) for t in taken):
            tried = desired
            if hold := await self._try_hold(entry, desired, key):
                return hold
        if not entry.flexible_time or self.settings.flexible_hours <= 0:
            return None
        # Where could a slot of the same length go nearby? booking's schedule knows hours and buffers.
        window = flexible_window(desired, self.settings.flexible_hours, slot.timezone)
        fit = nearest_fit(await self.booking.free_ranges(entry.resource_id, window), window, desired, taken)
        return await self._try_hold(entry, fit, key) if fit is not None and fit != tried else None

    async def _try_hold(self, entry: WaitlistEntry, wanted: Range, key: str) -> Hold | None:
        expires = offer_expiry(utcnow(), self.settings.ttl, wanted[1])
        try:
            hold = await self.booking.place_hold(entry.user_id, entry.resource_id, wanted, expires, key)
        except NOT_OFFERABLE as refusal:
            log.info("slot not offerable", entry_id=entry.id, code=refusal.code, detail=refusal.detail)
            return None
        # A replayed key can answer with a hold that has lapsed since: not an offer any more.
        return hold if hold.status == "held" else None

    async def _offered(self, entries: EntryRepository, entry: WaitlistEntry, hold: Hold) -> None:
        expires = hold.expires_at or offer_expiry(utcnow(), self.settings.ttl, hold.end)
        await move(
            entries,
            entry,
            OFFERED,
            SYSTEM,
            f"slot held until {expires.isoformat()}",
            offered_at=utcnow(),
            offer_expires_at=expires,
            offered_start=hold.start,
            offered_end=hold.end,
            reservation_id=hold.reservation_id,
            resource_name=hold.resource_name or entry.resource_name,
        )
        await events.offer_changed(entries.session, events.OFFER_CREATED, entry)

    # -- the user's answer -------------------------------------------------------------------

    async def accept(self, session: AsyncSession, principal: Principal, entry_id: int) -> WaitlistEntry:
        entries = OfferRepository(session)
        entry = await owned(entries, entry_id, principal.user_id)
        if entry.status == FULFILLED:
            return entry  # accepting twice answers the same
        _require_open_offer(entry)
        assert entry.reservation_id is not None
        try:
            confirmed = await self.booking.confirm_hold(entry.reservation_id)
        except PreconditionFailed as refusal:
            # booking let the hold lapse a moment before our own clock did.
            await self._expire(entries, entry, "the hold lapsed before it was accepted")
            raise OfferExpired(
                f"The offer for waitlist entry {entry_id} has expired; the slot went to the next person.",
                keep_changes=True,
            ) from refusal
        await move(
            entries, entry, FULFILLED, principal.user_id, "offer accepted", reservation_id=confirmed.reservation_id
        )
        await events.offer_changed(session, events.OFFER_ACCEPTED, entry)
        return entry

    async def decline(self, session: AsyncSession, principal: Principal, entry_id: int) -> WaitlistEntry:
        entries = OfferRepository(session)
        entry = await owned(entries, entry_id, principal.user_id)
        if entry.status == CANCELLED:
            return entry  # declining twice answers the same
        if entry.status != OFFERED:
            _require_open_offer(entry)
        await self.give_back(entries, entry, principal.user_id, "offer declined")
        if entry.status == OFFERED:
            await move(entries, entry, CANCELLED, principal.user_id, "offer declined")
        return entry

    async def give_back(self, entries: EntryRepository, entry: WaitlistEntry, actor_user_id: int, reason: str) -> None:
        """Release the hold of an open offer (the entry is then closed by the caller), or find
        that it was confirmed after all and mark the entry fulfilled."""
        if await self._release(entries, entry, reason):
            await events.offer_changed(entries.session, events.OFFER_DECLINED, entry, reason)

    # -- expiry --------------------------------------------------------------------------------

    async def expire_due(self, session: AsyncSession, limit: int) -> int:
        """Close offers past their expiry and give their holds back (the durable timer); returns how
        many were closed."""
        entries = OfferRepository(session)
        closed = 0
        for entry in await entries.due_offers(utcnow(), limit):
            try:
                released = await self._release(entries, entry, "offer expired")
            except DomainError as exc:  # booking away: this offer stays due, the others go on
                log.warning("offer expiry deferred", entry_id=entry.id, code=exc.code, detail=exc.detail)
                continue
            if released:
                await self._expire(entries, entry, "not accepted in time")
            closed += 1
        return closed

    async def settle_lost_hold(self, session: AsyncSession, reservation_id: int) -> None:
        """booking freed a reservation; if it was the hold of an open offer, that offer is over."""
        entries = OfferRepository(session)
        entry = await entries.by_reservation(reservation_id)
        if entry is not None and entry.status == OFFERED:
            await self._expire(entries, entry, "the hold was released by booking")

    async def _expire(self, entries: EntryRepository, entry: WaitlistEntry, reason: str) -> None:
        await move(entries, entry, EXPIRED, SYSTEM, reason)
        await events.offer_changed(entries.session, events.OFFER_EXPIRED, entry, reason)

    async def _release(self, entries: EntryRepository, entry: WaitlistEntry, reason: str) -> bool:
        """True when the hold is given back. A hold booking says is no hold any more was confirmed
        by an accept whose answer never got recorded here: the entry is fulfilled instead."""
        assert entry.reservation_id is not None
        try:
            await self.booking.release_hold(entry.reservation_id, reason)
            return True
        except PreconditionFailed:
            try:
                confirmed = await self.booking.confirm_hold(entry.reservation_id)
            except PreconditionFailed:
                return True  # neither held nor confirmed: the slot is free already
            await move(
                entries,
                entry,
                FULFILLED,
                SYSTEM,
                "the hold had been confirmed",
                reservation_id=confirmed.reservation_id,
            )
            await events.offer_changed(entries.session, events.OFFER_ACCEPTED, entry)
            return False


def _require_open_offer(entry: WaitlistEntry) -> None:
    if entry.status == OFFERED and entry.offer_expires_at is not None and entry.offer_expires_at > utcnow():
        return
    if entry.status in (OFFERED, EXPIRED) and entry.offered_at is not None:
        raise OfferExpired(f"The offer for waitlist entry {entry.id} has expired; the slot went to the next person.")
    raise OfferNotFound(f"Waitlist entry {entry.id} has no open offer (it is {entry.status}).")
