"""Status and maintenance: set by hand, or ended by the sweeper when `until` passes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.models import Resource
from rr_catalog.resources.domain import AVAILABLE, STATUSES
from rr_catalog.resources.reads import LabelledResource, existing_resource, labelled
from rr_catalog.status.domain import StatusChange
from rr_catalog.status.repository import StatusRepository

SWEEP_BATCH = 100


async def change_status(
    session: AsyncSession,
    resource: Resource,
    status: str,
    reason: str,
    until: datetime | None,
    *,
    automatic: bool = False,
) -> None:
    """Set the status fields and record the change; a no-op when nothing differs. Every status
    change goes through here (by hand, an update's `available`, the sweeper)."""
    previous = resource.status
    if (previous, resource.status_reason, resource.status_until) == (status, reason, until):
        return
    resource.status, resource.status_reason, resource.status_until = status, reason, until
    await events.status_changed(session, resource.id, previous, status, reason, until, automatic)
    await publish_bookability(session, [resource.id])


class StatusService:
    async def set(self, session: AsyncSession, resource_id: int, change: StatusChange) -> LabelledResource:
        resource = await existing_resource(session, resource_id, for_update=True)
        await change_status(session, resource, change.status, change.reason, change.until)
        await session.flush()
        await session.refresh(resource)
        return await labelled(session, resource)

    async def summarize(self, session: AsyncSession) -> dict[str, int]:
        counts = {status: 0 for status in STATUSES}
        counts.update(await StatusRepository(session).counts())
        return counts

    async def end_due(self, session: AsyncSession) -> int:
        """Return every resource whose `until` has passed to available, at most a batch at a time."""
        due = await StatusRepository(session).claim_due(SWEEP_BATCH)
        for resource in due:
            await change_status(session, resource, AVAILABLE, "", None, automatic=True)
        return len(due)
