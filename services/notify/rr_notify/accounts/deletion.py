"""A deleted account: what notify held for the person goes (notifications, preferences,
reminders, queued e-mails, the webhooks they registered, their address); the audit log keeps its
entries, which name the user only by id."""

from __future__ import annotations

from typing import Any

from rr.auth.v1 import events_pb2 as auth_events
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_notify.decoding import DomainEvent
from rr_notify.directory.models import DirectoryUser
from rr_notify.email.models import EmailDelivery
from rr_notify.inapp.models import Notification, Preference, UserSettings
from rr_notify.reminders.models import Reminder
from rr_notify.webhooks.models import Webhook

SUBJECT = subjects.AUTH_USER_DELETED


async def on_user_deleted(session: AsyncSession, event: DomainEvent) -> None:
    message: Any = event.message
    if not isinstance(message, auth_events.UserDeleted) or message.user_id <= 0:
        return
    user_id = message.user_id
    # Queued e-mails first: their rows point at the notifications removed next.
    await session.execute(
        delete(EmailDelivery).where(EmailDelivery.user_id == user_id, EmailDelivery.status == "pending")
    )
    await session.execute(
        update(EmailDelivery).where(EmailDelivery.user_id == user_id).values(to_address="", context={})
    )
    for table in (Notification, Preference, UserSettings, Reminder):
        await session.execute(delete(table).where(table.user_id == user_id))
    # Deliveries and attempts go with their webhook (ON DELETE CASCADE).
    await session.execute(delete(Webhook).where(Webhook.created_by == user_id))
    await session.execute(
        update(DirectoryUser)
        .where(DirectoryUser.user_id == user_id)
        .values(username=message.username, email="", is_active=False)
    )
