"""Queries of the audit log: keyset pages on (occurred_at, id), newest first, in batches for export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditQuery:
    actor_user_id: int | None = None
    action: str = ""
    entity_type: str = ""
    entity_id: str = ""
    source_service: str = ""
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, q: AuditQuery, after: tuple[datetime, int] | None, limit: int, backward: bool = False
    ) -> Sequence[AuditEntry]:
        """Newest first after the cursor; backward, the entries just newer than it, oldest first."""
        query = select(AuditEntry)
        if q.actor_user_id is not None:
            query = query.where(AuditEntry.actor_user_id == q.actor_user_id)
        if q.action:
            query = query.where(AuditEntry.action == q.action)
        if q.entity_type:
            query = query.where(AuditEntry.entity_type == q.entity_type)
        if q.entity_id:
            query = query.where(AuditEntry.entity_id == q.entity_id)
        if q.source_service:
            query = query.where(AuditEntry.source_service == q.source_service)
        if q.occurred_from is not None:
            query = query.where(AuditEntry.occurred_at >= q.occurred_from)
        if q.occurred_to is not None:
            query = query.where(AuditEntry.occurred_at < q.occurred_to)
        position = tuple_(AuditEntry.occurred_at, AuditEntry.id)
        if after is not None:
            query = query.where(position > tuple_(*after) if backward else position < tuple_(*after))
        if backward:
            query = query.order_by(AuditEntry.occurred_at, AuditEntry.id).limit(limit)
        else:
            query = query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

    async def get(self, entry_id: int) -> AuditEntry | None:
        return await self.session.get(AuditEntry, entry_id)

    async def delete_older_than(self, cutoff: datetime, batch: int) -> int:
        """At most `batch` rows per call, so retention never holds long locks."""
        victims = (
            select(AuditEntry.id).where(AuditEntry.occurred_at < cutoff).order_by(AuditEntry.occurred_at).limit(batch)
        ).scalar_subquery()
        result = await self.session.execute(
            delete(AuditEntry).where(AuditEntry.id.in_(victims)).returning(AuditEntry.id)
        )
        return len(result.all())
