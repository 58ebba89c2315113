"""System announcements (admins): one notification per recipient written by a single statement,
the e-mails of those who opted in queued by the same statement, and one event that every gateway
replica pushes to its own sockets."""

from __future__ import annotations

import json
import re

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify import events
from rr_notify.audit.recorder import record_action
from rr_notify.errors import InvalidMessage, InvalidRole, InvalidTitle
from rr_notify.inapp.domain import EMAIL, SYSTEM_ANNOUNCEMENT, default_enabled
from rr_notify.inapp.models import Announcement

MAX_TITLE = 200
MAX_MESSAGE = 5000
_ROLE = re.compile(r"^[a-z][a-z0-9_-]{0,49}$")

_FAN_OUT = text("""
WITH recipients AS (
    SELECT user_id FROM directory_users
    WHERE is_active AND (CAST(:role AS varchar) = '' OR roles @> ARRAY[CAST(:role AS varchar)])
), inserted AS (
    INSERT INTO notifications (user_id, type, title, message, subject_id)
    SELECT user_id, :type, :title, :message, :announcement_id FROM recipients
    RETURNING id, user_id
), mailed AS (
    INSERT INTO email_deliveries (notification_id, user_id, template, context)
    SELECT i.id, i.user_id, :type, CAST(:context AS jsonb)
    FROM inserted i
    LEFT JOIN preferences p ON p.user_id = i.user_id AND p.type = :type AND p.channel = :channel
    WHERE :email_enabled AND COALESCE(p.enabled, :email_default)
    RETURNING 1
)
SELECT (SELECT count(*) FROM inserted) AS recipients, (SELECT count(*) FROM mailed) AS mailed
""")


def _check(title: str, message: str, role: str) -> tuple[str, str, str]:
    title, message, role = title.strip(), message.strip(), role.strip()
    if not title or len(title) > MAX_TITLE:
        raise InvalidTitle(f"An announcement needs a title of 1 to {MAX_TITLE} characters.")
    if not message or len(message) > MAX_MESSAGE:
        raise InvalidMessage(f"An announcement needs a message of 1 to {MAX_MESSAGE} characters.")
    if role and not _ROLE.match(role):
        raise InvalidRole("role must be a role name such as 'admin' or 'user', or empty for everyone.")
    return title, message, role


class Announcements:
    def __init__(self, email_enabled: bool) -> None:
        self.email_enabled = email_enabled

    async def send(self, session: AsyncSession, sender_id: int, title: str, message: str, role: str) -> Announcement:
        title, message, role = _check(title, message, role)
        announcement = Announcement(title=title, message=message, role=role, sent_by=sender_id)
        session.add(announcement)
        await session.flush()
        await session.refresh(announcement)
        context = {
            "type": SYSTEM_ANNOUNCEMENT,
            "title": title,
            "message": message,
            "subject_id": announcement.id,
            "details": {},
        }
        counts = (
            await session.execute(
                _FAN_OUT,
                {
                    "role": role,
                    "type": SYSTEM_ANNOUNCEMENT,
                    "title": title,
                    "message": message,
                    "announcement_id": announcement.id,
                    "context": json.dumps(context),
                    "channel": EMAIL,
                    "email_enabled": self.email_enabled,
                    "email_default": default_enabled(SYSTEM_ANNOUNCEMENT, EMAIL),
                },
            )
        ).one()
        announcement.recipients = int(counts.recipients)
        await session.flush()
        await events.announcement_sent(session, announcement)
        await record_action(
            session,
            "announcement.sent",
            announcement.id,
            {"title": title, "role": role, "recipients": announcement.recipients},
        )
        return announcement
