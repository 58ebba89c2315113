"""The password-reset e-mail: queued straight away (no in-app notification, no preference can
mute it) to the account's address, with the link to the web app's reset page."""

from __future__ import annotations

from typing import Any

from rr.auth.v1 import events_pb2 as auth_events
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_common.logs import get_logger
from rr_common.timeconv import from_timestamp
from rr_notify.decoding import DomainEvent
from rr_notify.directory.repository import DirectoryRepository
from rr_notify.email.models import EmailDelivery

log = get_logger("rr.notify.password_reset")
SUBJECT = subjects.AUTH_PASSWORD_RESET_REQUESTED
TEMPLATE = "password_reset"


class PasswordResetMail:
    def __init__(self, email_enabled: bool) -> None:
        self.email_enabled = email_enabled

    async def on_requested(self, session: AsyncSession, event: DomainEvent) -> None:
        message: Any = event.message
        if not isinstance(message, auth_events.PasswordResetRequested) or message.user_id <= 0 or not message.token:
            return
        if not self.email_enabled:
            log.warning(
                "password-reset e-mail not sent: e-mail is disabled (RR_NOTIFY_EMAIL_ENABLED)", user_id=message.user_id
            )
            return
        if message.email:
            # The address the request was for, so the mail cannot go to one we have not heard of yet.
            await DirectoryRepository(session).upsert_many(
                [{"user_id": message.user_id, "email": message.email, "is_active": True}]
            )
        expires_at = from_timestamp(message.expires_at)
        minutes = max(1, round((expires_at - event.occurred_at).total_seconds() / 60))
        context = {
            "type": TEMPLATE,
            "title": "Reset your Resource Reserver password",
            # The template builds the link from the configured app URL and this secret.
            "token": message.token,
            "expires_minutes": minutes,
        }
        await session.execute(
            insert(EmailDelivery),
            [{"notification_id": None, "user_id": message.user_id, "template": TEMPLATE, "context": context}],
        )
