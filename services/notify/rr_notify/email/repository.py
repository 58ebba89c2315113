"""Queries of the e-mail queue: find due deliveries, claim one at a time, record outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.email.models import EmailDelivery


class EmailRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due(self, now: datetime, limit: int) -> Sequence[tuple[int, int]]:
        """(delivery id, user id) of up to `limit` due deliveries, oldest first, neither locked nor
        leased: each is claimed by `claim` only when a sending slot is free for it."""
        query = (
            select(EmailDelivery.id, EmailDelivery.user_id)
            .where(EmailDelivery.status == "pending", EmailDelivery.next_attempt_at <= now)
            .order_by(EmailDelivery.next_attempt_at)
            .limit(limit)
        )
        return [(row.id, row.user_id) for row in (await self.session.execute(query)).all()]

    async def claim(self, delivery_id: int, now: datetime, lease: timedelta) -> EmailDelivery | None:
        """Lease one due delivery for one attempt and count it; None when another replica took it
        first. The lease keeps other replicas off it while the SMTP exchange runs outside any
        transaction; if this process dies, it becomes due again when the lease ends. The new
        attempt number is the claim's fencing token (see `record_claimed`)."""
        statement = (
            update(EmailDelivery)
            .where(EmailDelivery.id == delivery_id, EmailDelivery.status == "pending", EmailDelivery.next_attempt_at <= now)
            .values(attempts=EmailDelivery.attempts + 1, next_attempt_at=now + lease)
            .returning(EmailDelivery)
        )
        return await self.session.scalar(statement, execution_options={"synchronize_session": False})

    async def record_claimed(self, claimed_attempt: int, outcome: dict[str, Any]) -> bool:
        """Record an outcome only if no newer claim was made since; False when a late finisher's
        lease had run out and another attempt owns the row now."""
        values = {k: v for k, v in outcome.items() if k != "id"}
        statement = (
            update(EmailDelivery)
            .where(EmailDelivery.id == outcome["id"], EmailDelivery.attempts == claimed_attempt)
            .values(**values)
            .returning(EmailDelivery.id)
        )
        return (await self.session.execute(statement, execution_options={"synchronize_session": False})).first() is not None
