"""Rows to protobuf messages (used by the servicer and the events)."""

from __future__ import annotations

from rr.notify.v1 import notify_pb2

from rr_common.timeconv import to_timestamp
from rr_notify.inapp.models import Notification


def notification_pb(row: Notification) -> notify_pb2.Notification:
    return notify_pb2.Notification(
        id=row.id,
        user_id=row.user_id,
        type=row.type,
        title=row.title,
        message=row.message,
        is_read=row.is_read,
        created_at=to_timestamp(row.created_at),
        subject_id=row.subject_id,
        details=row.details or {},
    )
