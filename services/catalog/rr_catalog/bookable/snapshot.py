"""A resource's bookability snapshot: everything booking needs to judge a slot without asking
catalog. `publish_bookability` is the one call every change to any part of it makes (in the
change's transaction), so booking's projection never misses one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.domain import Snapshot
from rr_catalog.bookable.repository import SnapshotRepository
from rr_catalog.hours.repository import HoursRepository
from rr_catalog.models import BlackoutDate
from rr_common.errors import ResourceNotFound


async def snapshots(session: AsyncSession, resource_ids: Sequence[int]) -> list[Snapshot]:
    """The current snapshots of these resources (deleted ones marked so), in id order."""
    repo = SnapshotRepository(session)
    await session.flush()
    resources = await repo.resources(resource_ids)
    by_resource: dict[int, list[BlackoutDate]] = defaultdict(list)
    for row in await repo.blackouts([r.id for r in resources]):
        if row.resource_id is not None:  # always: these are the resources' own
            by_resource[row.resource_id].append(row)
    site = HoursRepository(session)
    site_key, site_blackouts = await site.site_hours_key(), await site.site_blackouts()
    return [Snapshot(r, by_resource[r.id], site_key, site_blackouts) for r in resources]


async def publish_bookability(session: AsyncSession, resource_ids: Sequence[int]) -> None:
    """Bump the version of these resources and publish their new snapshots."""
    ids = sorted(set(resource_ids))
    if not ids:
        return
    await session.flush()
    await SnapshotRepository(session).bump_versions(ids)
    await events.bookability_changed(session, await snapshots(session, ids))


async def publish_site_change(session: AsyncSession, hours_changed: bool) -> None:
    """A site-wide change reaches every resource it touches: new site hours those that follow
    the site's hours, a site blackout every resource."""
    await publish_bookability(session, await SnapshotRepository(session).live_ids(without_own_hours=hours_changed))


async def current_snapshot(session: AsyncSession, resource_id: int) -> Snapshot:
    """For a consumer that has not seen the resource yet; a deleted one answers as such."""
    found = await snapshots(session, [resource_id])
    if not found:
        raise ResourceNotFound(f"Resource {resource_id} does not exist.")
    return found[0]
