"""Rows to protobuf messages."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp
from rr.booking.v1 import booking_pb2

from rr_booking.models import Reservation, ReservationHistory, Series
from rr_common.timeconv import to_timestamp


def optional_ts(value: datetime | None) -> Timestamp | None:
    return to_timestamp(value) if value is not None else None


def reservation_pb(r: Reservation) -> booking_pb2.Reservation:
    return booking_pb2.Reservation(
        id=r.id,
        user_id=r.user_id,
        resource_id=r.resource_id,
        start_time=to_timestamp(r.start_time),
        end_time=to_timestamp(r.end_time),
        status=r.status,
        notes=r.notes,
        created_at=to_timestamp(r.created_at),
        updated_at=to_timestamp(r.updated_at),
        cancellation_reason=r.cancellation_reason,
        timezone=r.timezone,
        resource_name=r.resource_name,
        series_id=r.series_id or 0,
        recurrence_id=optional_ts(r.recurrence_id),
        expires_at=optional_ts(r.expires_at),
        check_in_deadline=optional_ts(r.check_in_deadline),
        checked_in_at=optional_ts(r.checked_in_at),
        decision_comment=r.decision_comment,
        decided_by=r.decided_by or 0,
        username=r.username,
        needs_approval=r.needs_approval,
        version=r.version,
    )


def series_pb(s: Series) -> booking_pb2.Series:
    return booking_pb2.Series(
        id=s.id,
        user_id=s.user_id,
        resource_id=s.resource_id,
        rrule=s.rrule,
        exdates=[to_timestamp(d) for d in s.exdates],
        start_time=to_timestamp(s.start_time),
        end_time=to_timestamp(s.end_time),
        timezone=s.timezone,
        status=s.status,
        resource_name=s.resource_name,
        created_at=to_timestamp(s.created_at),
    )


def history_pb(h: ReservationHistory) -> booking_pb2.HistoryEntry:
    return booking_pb2.HistoryEntry(
        id=h.id,
        reservation_id=h.reservation_id,
        from_status=h.from_status or "",
        to_status=h.to_status,
        actor_user_id=h.actor_user_id,
        reason=h.reason,
        created_at=to_timestamp(h.created_at),
    )
