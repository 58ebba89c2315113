"""Waitlist's domain events, written to the outbox in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

from rr.waitlist.v1 import events_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.outbox import event_header, publish_event
from rr_common.telemetry import inject_headers
from rr_waitlist.mapping import entry_pb
from rr_waitlist.models import WaitlistEntry, outbox
from rr_waitlist.repository import PositionedEntry

ENTRY_JOINED = "rr.waitlist.entry.joined"
ENTRY_LEFT = "rr.waitlist.entry.left"
OFFER_CREATED = "rr.waitlist.offer.created"
OFFER_ACCEPTED = "rr.waitlist.offer.accepted"
OFFER_DECLINED = "rr.waitlist.offer.declined"
OFFER_EXPIRED = "rr.waitlist.offer.expired"
OFFER_SUBJECTS = (OFFER_CREATED, OFFER_ACCEPTED, OFFER_DECLINED, OFFER_EXPIRED)


async def entry_joined(session: AsyncSession, entry: PositionedEntry) -> None:
    await publish_event(session, outbox, ENTRY_JOINED, events_pb2.EntryJoined(header=event_header(), entry=entry_pb(entry)))


async def entry_left(session: AsyncSession, entry: WaitlistEntry, reason: str) -> None:
    await entries_left(session, [entry], reason)


async def entries_left(session: AsyncSession, entries: Sequence[WaitlistEntry], reason: str) -> None:
    """One event per entry, written with a single multi-row insert."""
    rows = []
    for entry in entries:
        message = events_pb2.EntryLeft(header=event_header(), entry=entry_pb(PositionedEntry(entry, 0)), reason=reason)
        headers = {"rr-event-type": ENTRY_LEFT, "rr-occurred-at": message.header.occurred_at.ToDatetime(tzinfo=UTC).isoformat()}
        inject_headers(headers)
        rows.append({"event_id": message.header.event_id, "subject": ENTRY_LEFT, "payload": message.SerializeToString(), "headers": headers})
    if rows:
        await session.execute(outbox.insert(), rows)
        session.info["outbox_pending"] = True  # wakes the relay after commit, as enqueue() does


async def offer_changed(session: AsyncSession, subject: str, entry: WaitlistEntry, reason: str = "") -> None:
    assert subject in OFFER_SUBJECTS
    message = events_pb2.OfferChanged(
        header=event_header(), entry=entry_pb(PositionedEntry(entry, 0)), resource_name=entry.resource_name, reason=reason
    )
    await publish_event(session, outbox, subject, message)
