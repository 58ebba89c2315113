"""Notify's domain events, written to the outbox in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from rr.notify.v1 import events_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_common.outbox import enqueue_many, event_header, publish_event
from rr_common.timeconv import to_timestamp
from rr_notify.inapp.models import Announcement, Notification
from rr_notify.mapping import notification_pb
from rr_notify.models import outbox

NOTIFICATION_CREATED = subjects.NOTIFY_NOTIFICATION_CREATED
ANNOUNCEMENT_SENT = subjects.NOTIFY_ANNOUNCEMENT_SENT


async def notifications_created(session: AsyncSession, notifications: Sequence[Notification]) -> None:
    messages = [
        events_pb2.NotificationCreated(header=event_header(), notification=notification_pb(n)) for n in notifications
    ]
    await enqueue_many(session, outbox, NOTIFICATION_CREATED, messages)


async def announcement_sent(session: AsyncSession, announcement: Announcement) -> None:
    message = events_pb2.AnnouncementSent(
        header=event_header(),
        announcement_id=announcement.id,
        title=announcement.title,
        message=announcement.message,
        role=announcement.role,
        created_at=to_timestamp(announcement.created_at),
    )
    await publish_event(session, outbox, ANNOUNCEMENT_SENT, message)
