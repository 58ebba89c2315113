"""Conversions between protobuf Timestamps and timezone-aware datetimes (always UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp


def to_timestamp(value: datetime) -> Timestamp:
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not allowed; attach a time zone")
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(UTC))
    return ts


def from_timestamp(ts: Timestamp) -> datetime:
    return ts.ToDatetime(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
