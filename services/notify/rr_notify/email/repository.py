"""Queries of the e-mail queue: claim due deliveries, record outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.timeconv import utcnow
from rr_notify.email.models import EmailDelivery


class EmailRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim_due(self, limit: int, lease: timedelta) -> Sequence[EmailDelivery]:
        """Take up to `limit` due deliveries and count the attempt. The lease keeps other notify
        replicas off them while the SMTP exchange runs outside any transaction; if this process
        dies, they become due again when it ends."""
        now = utcnow()
        due = (
            select(EmailDelivery.id)
            .where(EmailDelivery.status == "pending", EmailDelivery.next_attempt_at <= now)
            .order_by(EmailDelivery.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            update(EmailDelivery)
            .where(EmailDelivery.id.in_(due.scalar_subquery()))
            .values(attempts=EmailDelivery.attempts + 1, next_attempt_at=now + lease)
            .returning(EmailDelivery)
        )
        return (await self.session.scalars(statement, execution_options={"synchronize_session": False})).all()
