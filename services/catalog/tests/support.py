"""Helpers shared by catalog's service tests (import as services.catalog.tests.support)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.timeconv import to_timestamp


def time_range(start: datetime, end: datetime) -> common_pb2.TimeRange:
    return common_pb2.TimeRange(start=to_timestamp(start), end=to_timestamp(end))


def slot(start: datetime, hours: float) -> common_pb2.TimeRange:
    return time_range(start, start + timedelta(hours=hours))


def list_request(limit: int = 0, cursor: str = "", **filters: Any) -> catalog_pb2.ListResourcesRequest:
    return catalog_pb2.ListResourcesRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor), **filters)


def update(resource_id: int, fields: list[str], **values: Any) -> catalog_pb2.UpdateResourceRequest:
    return catalog_pb2.UpdateResourceRequest(
        id=resource_id, values=catalog_pb2.CreateResourceRequest(**values), fields=fields
    )


def hours(*intervals: tuple[int, str, str]) -> list[catalog_pb2.OpeningInterval]:
    return [catalog_pb2.OpeningInterval(day_of_week=d, open_time=o, close_time=c) for d, o, c in intervals]


def about(event: Any) -> int:
    """The resource an event is about."""
    for path in ("resource_id", "resource.id", "hours.resource_id", "blackout.resource_id"):
        target = event
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return int(target)
    return 0


async def events_for(db: Any, subject: str, message_type: Any, resource_id: int) -> list[Any]:
    """Events of one subject about one resource, from the outbox, oldest first."""
    rows = await db.fetch("SELECT payload FROM outbox WHERE subject = $1 ORDER BY id", subject)
    found = [message_type.FromString(row["payload"]) for row in rows]
    return [event for event in found if about(event) == resource_id]
