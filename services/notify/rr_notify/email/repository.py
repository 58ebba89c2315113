"""Queries of the e-mail queue: claim due deliveries, record outcomes of current claims."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from rr_notify.email.models import EmailDelivery
from rr_notify.leases import LeasedQueue


class EmailRepository(LeasedQueue[EmailDelivery]):
    model = EmailDelivery

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> Sequence[EmailDelivery]:
        """Take up to `limit` due deliveries and count the attempt, leased while the SMTP
        exchange runs outside any transaction (see `rr_notify.leases`)."""
        return await self.claim(select(EmailDelivery.id), now, limit, lease)

    async def record(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            # One executemany by primary key.
            await self.session.execute(update(EmailDelivery), list(rows))
