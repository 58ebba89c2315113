"""Waitlist consumes auth's `rr.auth.user.deleted`: a deleted account leaves every queue. An open
offer's hold is a reservation of that account, which booking cancels (and that frees the slot
for the next in line), so only the entries change here."""

from __future__ import annotations

from rr.auth.v1 import events_pb2 as auth_events
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_common.consumer import Event, EventConsumer
from rr_common.db import Database
from rr_common.timeconv import utcnow
from rr_waitlist import events
from rr_waitlist.models import CANCELLED, LIVE, WaitlistEntry, consumer_tables
from rr_waitlist.repository import WaitlistRepository

USER_DELETED = subjects.AUTH_USER_DELETED
REASON = "the account was deleted"


async def on_user_deleted(session: AsyncSession, event: Event) -> None:
    deleted = auth_events.UserDeleted.FromString(event.payload)
    if deleted.user_id <= 0:
        return
    query = (
        select(WaitlistEntry)
        .where(WaitlistEntry.user_id == deleted.user_id, WaitlistEntry.status.in_(LIVE))
        .with_for_update()
    )
    entries = list((await session.scalars(query)).all())
    if not entries:
        return
    before = [e.status for e in entries]
    now = utcnow()
    for entry in entries:
        entry.status = CANCELLED
        entry.updated_at = now
    await session.flush()
    await WaitlistRepository(session).record(entries, before, deleted.user_id, REASON)
    await events.entries_left(session, entries, REASON)


def auth_consumer(db: Database) -> EventConsumer:
    return EventConsumer(db, consumer_tables, "waitlist-auth", "auth", {USER_DELETED: on_user_deleted})
