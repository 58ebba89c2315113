"""Catalog's domain events, written to the outbox in the caller's transaction. Callers pass rows
and dataclasses; the protobuf payload is made here, with `mapping`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from google.protobuf.message import Message
from rr.catalog.v1 import events_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.bookable.domain import Snapshot
from rr_catalog.hours.domain import BusinessHours, Opening
from rr_catalog.mapping import blackout_pb, group_pb, hours_pb, label_pb, resource_pb, site_hours_pb, snapshot_pb
from rr_catalog.models import BlackoutDate, Label, Resource, outbox
from rr_common import subjects
from rr_common.outbox import enqueue_many, event_header, publish_event
from rr_common.timeconv import to_timestamp

if TYPE_CHECKING:  # the groups service publishes through this module
    from rr_catalog.groups.service import GroupView

RESOURCE_CREATED = subjects.CATALOG_RESOURCE_CREATED
RESOURCE_UPDATED = subjects.CATALOG_RESOURCE_UPDATED
RESOURCE_DELETED = subjects.CATALOG_RESOURCE_DELETED
STATUS_CHANGED = subjects.CATALOG_RESOURCE_STATUS_CHANGED
HOURS_CHANGED = subjects.CATALOG_HOURS_CHANGED
BLACKOUT_ADDED = subjects.CATALOG_BLACKOUT_ADDED
BLACKOUT_REMOVED = subjects.CATALOG_BLACKOUT_REMOVED
IMPORT_COMPLETED = subjects.CATALOG_IMPORT_COMPLETED
SITE_CALENDAR_CHANGED = subjects.CATALOG_SITE_CALENDAR_CHANGED
BOOKABILITY_CHANGED = subjects.CATALOG_RESOURCE_BOOKABILITY_CHANGED
LABEL_CHANGED = subjects.CATALOG_LABEL_CHANGED
GROUP_CHANGED = subjects.CATALOG_GROUP_CHANGED

# What happened to a label or a group (the `change` of LabelChanged and GroupChanged).
CREATED, UPDATED, DELETED = "created", "updated", "deleted"


async def resource_created(session: AsyncSession, resource: Resource, labels: Sequence[Label]) -> None:
    message = events_pb2.ResourceCreated(header=event_header(), resource=resource_pb(resource, labels))
    await publish_event(session, outbox, RESOURCE_CREATED, message)


async def resource_updated(
    session: AsyncSession, resource: Resource, labels: Sequence[Label], changed: Sequence[str]
) -> None:
    message = events_pb2.ResourceUpdated(
        header=event_header(), resource=resource_pb(resource, labels), changed_fields=changed
    )
    await publish_event(session, outbox, RESOURCE_UPDATED, message)


async def resource_deleted(session: AsyncSession, resource_id: int, name: str) -> None:
    message = events_pb2.ResourceDeleted(header=event_header(), resource_id=resource_id, name=name)
    await publish_event(session, outbox, RESOURCE_DELETED, message)


async def status_changed(
    session: AsyncSession,
    resource_id: int,
    previous: str,
    status: str,
    reason: str,
    until: datetime | None,
    automatic: bool = False,
) -> None:
    message = events_pb2.ResourceStatusChanged(
        header=event_header(),
        resource_id=resource_id,
        previous_status=previous,
        status=status,
        reason=reason,
        automatic=automatic,
    )
    if until is not None:
        message.until.CopyFrom(to_timestamp(until))
    await publish_event(session, outbox, STATUS_CHANGED, message)


async def hours_changed(session: AsyncSession, hours: BusinessHours) -> None:
    message = events_pb2.BusinessHoursChanged(header=event_header(), hours=hours_pb(hours))
    await publish_event(session, outbox, HOURS_CHANGED, message)


async def blackout_added(session: AsyncSession, blackout: BlackoutDate) -> None:
    message = events_pb2.BlackoutAdded(header=event_header(), blackout=blackout_pb(blackout))
    await publish_event(session, outbox, BLACKOUT_ADDED, message)


async def blackout_removed(session: AsyncSession, blackout: BlackoutDate) -> None:
    message = events_pb2.BlackoutRemoved(header=event_header(), blackout=blackout_pb(blackout))
    await publish_event(session, outbox, BLACKOUT_REMOVED, message)


async def site_calendar_changed(
    session: AsyncSession,
    change: str,
    hours: Sequence[Opening],
    blackouts: Sequence[BlackoutDate],
    blackout: BlackoutDate | None = None,
) -> None:
    """The whole site calendar after the change, and the blackout added or removed (if any)."""
    message = events_pb2.SiteCalendarChanged(
        header=event_header(),
        change=change,
        hours=site_hours_pb(hours),
        blackouts=[blackout_pb(row) for row in blackouts],
    )
    if blackout is not None:
        message.blackout.CopyFrom(blackout_pb(blackout))
    await publish_event(session, outbox, SITE_CALENDAR_CHANGED, message)


async def bookability_changed(session: AsyncSession, snapshots: Sequence[Snapshot]) -> None:
    messages = [
        events_pb2.ResourceBookabilityChanged(header=event_header(), snapshot=snapshot_pb(s)) for s in snapshots
    ]
    await publish_many(session, BOOKABILITY_CHANGED, messages)


async def import_completed(session: AsyncSession, import_id: str, created: int, updated: int) -> None:
    message = events_pb2.ResourcesImported(header=event_header(), import_id=import_id, created=created, updated=updated)
    await publish_event(session, outbox, IMPORT_COMPLETED, message)


async def resources_updated(
    session: AsyncSession,
    resources: Sequence[Resource],
    labels: Mapping[int, Sequence[Label]],
    changed: Sequence[str],
) -> None:
    """One `resource.updated` per resource, written with a single multi-row insert."""
    messages = [
        events_pb2.ResourceUpdated(
            header=event_header(), resource=resource_pb(r, labels.get(r.id, [])), changed_fields=changed
        )
        for r in resources
    ]
    await publish_many(session, RESOURCE_UPDATED, messages)


async def label_changed(
    session: AsyncSession, label: Label, change: str, resource_count: int, changed: Sequence[str] = ()
) -> None:
    """The label after the change (as it was, when deleted) and how many resources carry it."""
    message = events_pb2.LabelChanged(
        header=event_header(),
        label=label_pb(label),
        change=change,
        changed_fields=changed,
        resource_count=resource_count,
    )
    await publish_event(session, outbox, LABEL_CHANGED, message)


async def group_changed(
    session: AsyncSession,
    found: GroupView,
    change: str,
    changed: Sequence[str] = (),
    previous_parent_id: int | None = None,
) -> None:
    """The group after the change (as it was, when deleted); a move names the parent it left."""
    message = events_pb2.GroupChanged(
        header=event_header(), group=group_pb(found), change=change, changed_fields=changed
    )
    if previous_parent_id is not None:
        message.previous_parent_id = previous_parent_id
    await publish_event(session, outbox, GROUP_CHANGED, message)


async def publish_many(session: AsyncSession, subject: str, messages: Sequence[Message]) -> None:
    """Catalog's events of one kind, in one multi-row insert."""
    await enqueue_many(session, outbox, subject, messages)
