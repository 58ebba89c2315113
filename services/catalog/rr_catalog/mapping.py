"""Rows to protobuf messages (shared by the servicers and the events)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from rr.catalog.v1 import catalog_pb2

from rr_catalog.models import BlackoutDate, Label, Resource
from rr_common.bookability.rules import rules_of
from rr_common.timeconv import to_timestamp


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
