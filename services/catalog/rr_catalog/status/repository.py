"""The queries of status changes: counts per status, and the resources whose `until` has passed."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.models import Resource


class StatusRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def counts(self) -> dict[str, int]:
        query = select(Resource.status, func.count()).where(Resource.deleted_at.is_(None)).group_by(Resource.status)
        return {status: count for status, count in (await self.session.execute(query)).tuples()}

    async def claim_due(self, limit: int) -> Sequence[Resource]:
        """Resources whose `until` has passed, locked; SKIP LOCKED lets several replicas sweep
        without applying a change twice."""
        query = (
            select(Resource)
            .where(Resource.status_until <= func.now(), Resource.deleted_at.is_(None))
            .order_by(Resource.status_until)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.scalars(query)).all()
