"""Queue e-mails in the transaction that created their notifications (sent later by the worker)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.email.models import EmailDelivery
from rr_notify.inapp.domain import NewNotification
from rr_notify.inapp.models import Notification


def email_context(new: NewNotification) -> dict[str, object]:
    return {
        "type": new.type,
        "title": new.title,
        "message": new.message,
        "subject_id": new.subject_id,
        "details": dict(new.details),
    }


async def enqueue_emails(session: AsyncSession, mails: Sequence[tuple[NewNotification, Notification | None]]) -> None:
    rows = [
        {
            "notification_id": row.id if row is not None else None,
            "user_id": new.user_id,
            "template": new.type,
            "context": email_context(new),
        }
        for new, row in mails
    ]
    if rows:
        await session.execute(insert(EmailDelivery), rows)
