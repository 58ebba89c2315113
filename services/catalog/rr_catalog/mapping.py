"""Rows and dataclasses to protobuf messages (shared by the rpc modules and the events)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from rr.catalog.v1 import catalog_pb2

from rr_catalog.bookable.domain import Snapshot
from rr_catalog.groups.domain import path_ids
from rr_catalog.hours.domain import BusinessHours, Opening, clock_of
from rr_catalog.hours.effective import effective_hours_key
from rr_catalog.models import BlackoutDate, Label, Resource
from rr_catalog.resources.reads import LabelledResource
from rr_common.bookability.rules import rules_of
from rr_common.timeconv import to_timestamp

if TYPE_CHECKING:  # the service module publishes events, which use this module
    from rr_catalog.groups.service import GroupView


def label_pb(label: Label) -> catalog_pb2.Label:
    return catalog_pb2.Label(id=label.id, name=label.name, color=label.color, description=label.description)


def resource_pb(resource: Resource, labels: Sequence[Label] = ()) -> catalog_pb2.Resource:
    message = catalog_pb2.Resource(
        id=resource.id,
        name=resource.name,
        description=resource.description,
        location=resource.location,
        tags=resource.tags,
        timezone=resource.timezone,
        status=resource.status,
        requires_approval=resource.requires_approval,
        created_at=to_timestamp(resource.created_at),
        updated_at=to_timestamp(resource.updated_at),
        rules=catalog_pb2.BookingRules(**asdict(rules_of(resource.rules))),
        attributes=resource.attributes,
        status_reason=resource.status_reason,
        labels=[label_pb(label) for label in labels],
    )
    if resource.capacity is not None:
        message.capacity = resource.capacity
    if resource.group_id is not None:
        message.group_id = resource.group_id
    if resource.status_until is not None:
        message.status_until.CopyFrom(to_timestamp(resource.status_until))
    return message


def labelled_pb(found: LabelledResource) -> catalog_pb2.Resource:
    return resource_pb(found.resource, found.labels)


def blackout_pb(row: BlackoutDate) -> catalog_pb2.BlackoutDate:
    return catalog_pb2.BlackoutDate(
        id=row.id,
        resource_id=row.resource_id or 0,
        start_date=row.start_date.isoformat(),
        end_date=row.end_date.isoformat(),
        reason=row.reason,
        yearly=row.yearly,
        created_at=to_timestamp(row.created_at),
    )


def intervals_pb(openings: Sequence[Opening]) -> list[catalog_pb2.OpeningInterval]:
    return [
        catalog_pb2.OpeningInterval(
            day_of_week=o.day_of_week, open_time=clock_of(o.open_minute), close_time=clock_of(o.close_minute)
        )
        for o in openings
    ]


def hours_pb(hours: BusinessHours) -> catalog_pb2.BusinessHours:
    return catalog_pb2.BusinessHours(
        resource_id=hours.resource_id,
        timezone=hours.timezone,
        intervals=intervals_pb(hours.openings),
        source=hours.source,
    )


def site_hours_pb(openings: Sequence[Opening]) -> catalog_pb2.SiteBusinessHours:
    return catalog_pb2.SiteBusinessHours(intervals=intervals_pb(openings))


def snapshot_pb(snapshot: Snapshot) -> catalog_pb2.BookabilitySnapshot:
    """The resource's effective calendar (see hours/effective.py): its own hours or the site's,
    its own blackouts and the site's."""
    resource = snapshot.resource
    return catalog_pb2.BookabilitySnapshot(
        resource_id=resource.id,
        version=resource.bookability_version,
        deleted=resource.deleted_at is not None,
        resource=resource_pb(resource),
        week=effective_hours_key(resource.hours_key, snapshot.site_hours_key),
        blackouts=[blackout_pb(row) for row in (*snapshot.blackouts, *snapshot.site_blackouts)],
    )


def group_pb(found: GroupView) -> catalog_pb2.ResourceGroup:
    group = found.group
    ancestors = path_ids(group.path)[:-1]
    message = catalog_pb2.ResourceGroup(
        id=group.id,
        name=group.name,
        description=group.description,
        path=" / ".join(found.path_names),
        depth=len(ancestors),
        resource_count=found.resource_count,
        created_at=to_timestamp(group.created_at),
        ancestor_ids=ancestors,
    )
    if group.parent_id is not None:
        message.parent_id = group.parent_id
    return message
