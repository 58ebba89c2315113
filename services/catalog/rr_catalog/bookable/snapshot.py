"""A resource's bookability snapshot: everything booking needs to judge a slot without asking
catalog. `publish_bookability` is the one call every change to any part of it makes (in the
change's transaction), so booking's projection never misses one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rr.catalog.v1 import catalog_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.repository import SnapshotRepository
from rr_catalog.mapping import blackout_pb, resource_pb
from rr_catalog.models import BlackoutDate, Resource
from rr_catalog.resources.reads import not_found


def snapshot_pb(resource: Resource, blackouts: Sequence[BlackoutDate]) -> catalog_pb2.BookabilitySnapshot:
    return catalog_pb2.BookabilitySnapshot(
        resource_id=resource.id,
        version=resource.bookability_version,
        deleted=resource.deleted_at is not None,
        resource=resource_pb(resource),
        week=resource.hours_key,
        blackouts=[blackout_pb(row) for row in blackouts],
    )


async def snapshots(session: AsyncSession, resource_ids: Sequence[int]) -> list[catalog_pb2.BookabilitySnapshot]:
    """The current snapshots of these resources (deleted ones marked so), in id order."""
    repo = SnapshotRepository(session)
    await session.flush()
    resources = await repo.resources(resource_ids)
    by_resource: dict[int, list[BlackoutDate]] = defaultdict(list)
    for row in await repo.blackouts([r.id for r in resources]):
        by_resource[row.resource_id].append(row)
    return [snapshot_pb(r, by_resource[r.id]) for r in resources]


async def publish_bookability(session: AsyncSession, resource_ids: Sequence[int]) -> None:
    """Bump the version of these resources and publish their new snapshots."""
    ids = sorted(set(resource_ids))
    if not ids:
        return
    await session.flush()
    await SnapshotRepository(session).bump_versions(ids)
    await events.bookability_changed(session, await snapshots(session, ids))


async def current_snapshot(session: AsyncSession, resource_id: int) -> catalog_pb2.BookabilitySnapshot:
    """For a consumer that has not seen the resource yet; a deleted one answers as such."""
    found = await snapshots(session, [resource_id])
    if not found:
        raise not_found(resource_id)
    return found[0]
