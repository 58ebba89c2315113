"""Waitlist's domain events, written to the outbox in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from rr.waitlist.v1 import events_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_common.outbox import enqueue_many, event_header, publish_event
from rr_waitlist.entries.repository import PositionedEntry
from rr_waitlist.mapping import entry_pb
from rr_waitlist.models import WaitlistEntry, outbox

ENTRY_JOINED = subjects.WAITLIST_ENTRY_JOINED
ENTRY_LEFT = subjects.WAITLIST_ENTRY_LEFT
OFFER_CREATED = subjects.WAITLIST_OFFER_CREATED
OFFER_ACCEPTED = subjects.WAITLIST_OFFER_ACCEPTED
OFFER_DECLINED = subjects.WAITLIST_OFFER_DECLINED
OFFER_EXPIRED = subjects.WAITLIST_OFFER_EXPIRED
OFFER_SUBJECTS = (OFFER_CREATED, OFFER_ACCEPTED, OFFER_DECLINED, OFFER_EXPIRED)


async def entry_joined(session: AsyncSession, entry: PositionedEntry) -> None:
    await publish_event(
        session, outbox, ENTRY_JOINED, events_pb2.EntryJoined(header=event_header(), entry=entry_pb(entry))
    )


async def entry_left(session: AsyncSession, entry: WaitlistEntry, reason: str) -> None:
    await entries_left(session, [entry], reason)


async def entries_left(session: AsyncSession, entries: Sequence[WaitlistEntry], reason: str) -> None:
    """One event per entry, written with a single multi-row insert."""
    messages = [
        events_pb2.EntryLeft(header=event_header(), entry=entry_pb(PositionedEntry(entry, 0)), reason=reason)
        for entry in entries
    ]
    await enqueue_many(session, outbox, ENTRY_LEFT, messages)


async def offer_changed(session: AsyncSession, subject: str, entry: WaitlistEntry, reason: str = "") -> None:
    assert subject in OFFER_SUBJECTS
    message = events_pb2.OfferChanged(
        header=event_header(),
        entry=entry_pb(PositionedEntry(entry, 0)),
        resource_name=entry.resource_name,
        reason=reason,
    )
    await publish_event(session, outbox, subject, message)
