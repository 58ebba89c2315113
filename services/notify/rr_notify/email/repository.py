"""Queries of the e-mail queue: claim due deliveries, record outcomes of current claims."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.email.models import EmailDelivery


class EmailRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> Sequence[EmailDelivery]:
        """Take up to `limit` due deliveries and count the attempt. The lease keeps other notify
        replicas off them while the SMTP exchange runs outside any transaction; it covers one
        exchange and the sweep renews it (`renew`) until the outcome is recorded, so if this
        process dies they become due again soon. The new attempt number is the claim's fencing
        token (see `still_claimed`)."""
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

    async def still_claimed(self, claims: Sequence[tuple[int, int]]) -> set[int]:
        """Of (delivery id, attempt number) claims, the ids no newer claim has replaced, locked
        until the transaction ends so none can be claimed again before the outcome is written."""
        if not claims:
            return set()
        query = (
            select(EmailDelivery.id, EmailDelivery.attempts)
            .where(EmailDelivery.id.in_([i for i, _ in claims]))
            .order_by(EmailDelivery.id)
            .with_for_update()
        )
        current = {row.id: row.attempts for row in (await self.session.execute(query)).all()}
        return {i for i, attempt in claims if current.get(i) == attempt}

    async def renew(self, claims: Sequence[tuple[int, int]], until: datetime) -> None:
        """Extend the leases of (delivery id, attempt number) claims still held (none newer)."""
        if claims:
            statement = (
                update(EmailDelivery)
                .where(
                    tuple_(EmailDelivery.id, EmailDelivery.attempts).in_(list(claims)),
                    EmailDelivery.status == "pending",
                )
                .values(next_attempt_at=until)
            )
            await self.session.execute(statement, execution_options={"synchronize_session": False})

    async def record(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            # One executemany by primary key.
            await self.session.execute(update(EmailDelivery), list(rows))
