"""The leased queue e-mail and webhook deliveries share: claim due rows, fence their outcomes.

A claim counts the attempt and moves the row's `next_attempt_at` forward by a lease, so other
notify replicas leave it alone while the SMTP exchange or HTTP call runs outside any
transaction; the sweep renews the lease (`renew`) until the outcome is recorded, so if the
process dies the row becomes due again soon. The new attempt number is the claim's fencing
token: an outcome is written only for claims no newer claim has replaced (`still_claimed`).
A queue table has `id`, `status`, `attempts` and `next_attempt_at` columns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.base import Base

Row = TypeVar("Row", bound=Base)


class LeasedQueue(Generic[Row]):
    """The queries of one queue table (`model`); a subdomain's repository derives from it."""

    model: type[Row]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, candidates: Select[Any], now: datetime, limit: int, lease: timedelta) -> Sequence[Row]:
        """Lease up to `limit` pending rows due by `now` among `candidates` (a select of ids,
        which may join and filter further) and count the attempt, oldest due first; rows another
        transaction holds are skipped."""
        columns = self.model.__table__.c
        due = (
            candidates.where(columns.status == "pending", columns.next_attempt_at <= now)
            .order_by(columns.next_attempt_at)
            .limit(limit)
            .with_for_update(of=self.model, skip_locked=True)
        )
        statement = (
            update(self.model)
            .where(columns.id.in_(due.scalar_subquery()))
            .values(attempts=columns.attempts + 1, next_attempt_at=now + lease)
            .returning(self.model)
        )
        return (await self.session.scalars(statement, execution_options={"synchronize_session": False})).all()

    async def still_claimed(self, claims: Sequence[tuple[int, int]]) -> set[int]:
        """Of (row id, attempt number) claims, the ids no newer claim has replaced, locked until
        the transaction ends so none can be claimed again before the outcome is written."""
        if not claims:
            return set()
        columns = self.model.__table__.c
        query = (
            select(columns.id, columns.attempts)
            .where(columns.id.in_([i for i, _ in claims]))
            .order_by(columns.id)
            .with_for_update()
        )
        current = {row.id: row.attempts for row in (await self.session.execute(query)).all()}
        return {i for i, attempt in claims if current.get(i) == attempt}

    async def renew(self, claims: Sequence[tuple[int, int]], until: datetime) -> None:
        """Extend the leases of (row id, attempt number) claims still held (none newer)."""
        if claims:
            columns = self.model.__table__.c
            statement = (
                update(self.model)
                .where(tuple_(columns.id, columns.attempts).in_(list(claims)), columns.status == "pending")
                .values(next_attempt_at=until)
            )
            await self.session.execute(statement, execution_options={"synchronize_session": False})
