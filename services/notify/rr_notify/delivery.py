"""Turns new notifications into what each person chose to receive: the in-app row (announced to
the gateway through the outbox) and a queued e-mail, all in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify import events
from rr_notify.email.queue import enqueue_emails
from rr_notify.inapp.domain import NewNotification
from rr_notify.inapp.models import Notification
from rr_notify.inapp.preferences import Preferences, UserChoices
from rr_notify.inapp.repository import NotificationRepository


class Notifier:
    def __init__(self, preferences: Preferences, email_enabled: bool) -> None:
        self.preferences = preferences
        self.email_enabled = email_enabled

    async def deliver(
        self, session: AsyncSession, news: Sequence[NewNotification], chosen: UserChoices | None = None
    ) -> list[Notification]:
        """A fixed number of statements however many notifications there are (one fewer when the
        caller already read what their people chose)."""
        news = [n for n in news if n.user_id > 0]
        if chosen is None:
            chosen = await self.preferences.read(session, {n.user_id for n in news})
        channels = [chosen.channels(n.user_id, n.type) for n in news]
        in_app = [n for n, (app, _) in zip(news, channels, strict=True) if app]
        rows = await NotificationRepository(session).add_many(in_app)
        await events.notifications_created(session, rows)
        if self.email_enabled:
            row_of = {id(n): row for n, row in zip(in_app, rows, strict=True)}
            mails = [(n, row_of.get(id(n))) for n, (_, mail) in zip(news, channels, strict=True) if mail]
            await enqueue_emails(session, mails)
        return rows
