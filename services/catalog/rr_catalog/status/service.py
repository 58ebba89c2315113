"""Status and maintenance: set by hand, or ended by the sweeper when `until` passes."""

from __future__ import annotations

from datetime import datetime

from rr.catalog.v1 import catalog_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.models import Resource
from rr_catalog.resources.domain import AVAILABLE, STATUSES
from rr_catalog.resources.reads import existing_resource, view
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
    """Set the status fields and record the change; a no-op when nothing differs."""
    previous = resource.status
    if (previous, resource.status_reason, resource.status_until) == (status, reason, until):
        return
    resource.status, resource.status_reason, resource.status_until = status, reason, until
    await events.status_changed(session, resource.id, previous, status, reason, until, automatic)
    await publish_bookability(session, [resource.id])


async def set_status(session: AsyncSession, resource_id: int, change: StatusChange) -> catalog_pb2.Resource:
    resource = await existing_resource(session, resource_id, for_update=True)
    await change_status(session, resource, change.status, change.reason, change.until)
    await session.flush()
    await session.refresh(resource)
    return await view(session, resource)


async def summarize(session: AsyncSession) -> dict[str, int]:
    counts = {status: 0 for status in STATUSES}
    counts.update(await StatusRepository(session).counts())
    return counts


async def end_due_statuses(session: AsyncSession) -> int:
    """Return every resource whose `until` has passed to available, at most a batch at a time."""
    due = await StatusRepository(session).claim_due(SWEEP_BATCH)
    for resource in due:
        await change_status(session, resource, AVAILABLE, "", None, automatic=True)
    return len(due)
