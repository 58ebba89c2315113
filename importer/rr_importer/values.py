"""The old database's values as Python: SQLite gives text and 0/1, PostgreSQL gives datetimes and
booleans; times are the old system's naive UTC and become aware instants here."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp


def instant(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def timestamp(value: Any) -> Timestamp | None:
    moment = instant(value)
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def flag(value: Any, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "t", "yes")
    return bool(value)


def json_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [part.strip() for part in str(value).split(",") if part.strip()]
    return parsed if isinstance(parsed, list) else []


def minute_of_day(value: Any) -> int:
    """'08:00:00.000000' or a time -> 480."""
    clock = value if isinstance(value, time) else time.fromisoformat(str(value))
    return clock.hour * 60 + clock.minute


def day_text(value: Any) -> str:
    return value.isoformat()[:10] if isinstance(value, date) else str(value)[:10]


def text(value: Any) -> str:
    return "" if value is None else str(value)
