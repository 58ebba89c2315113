"""Rows to protobuf messages (used by the servicer and the events)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp
from rr.waitlist.v1 import waitlist_pb2

from rr_common.timeconv import to_timestamp
from rr_waitlist.entries.repository import PositionedEntry
from rr_waitlist.models import EntryHistory


def _optional(value: datetime | None) -> Timestamp | None:
    return to_timestamp(value) if value is not None else None


def entry_pb(positioned: PositionedEntry) -> waitlist_pb2.WaitlistEntry:
    entry = positioned.entry
    return waitlist_pb2.WaitlistEntry(
        id=entry.id,
        resource_id=entry.resource_id,
        user_id=entry.user_id,
        desired_start=to_timestamp(entry.desired_start),
        desired_end=to_timestamp(entry.desired_end),
        flexible_time=entry.flexible_time,
        status=entry.status,
        position=positioned.position,
        created_at=to_timestamp(entry.created_at),
        updated_at=to_timestamp(entry.updated_at),
        offered_at=_optional(entry.offered_at),
        offer_expires_at=_optional(entry.offer_expires_at),
        offered_start=_optional(entry.offered_start),
        offered_end=_optional(entry.offered_end),
        reservation_id=entry.reservation_id or 0,
    )


def history_pb(lines: Sequence[EntryHistory]) -> list[waitlist_pb2.EntryHistory]:
    return [
        waitlist_pb2.EntryHistory(
            from_status=line.from_status,
            to_status=line.to_status,
            actor_user_id=line.actor_user_id,
            reason=line.reason,
            created_at=to_timestamp(line.created_at),
        )
        for line in lines
    ]
