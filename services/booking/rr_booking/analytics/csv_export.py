"""CSV exports: reservations (one query, capped) and utilization rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.analytics.repository import AnalyticsRepository
from rr_booking.reservations.listing import Filter, check_filter, conditions
from rr_common.spreadsheets import safe_cell

MAX_ROWS = 100_000
RESERVATION_COLUMNS = (
    "id",
    "user_id",
    "username",
    "resource_id",
    "resource_name",
    "start_time",
    "end_time",
    "timezone",
    "status",
    "series_id",
    "notes",
    "cancellation_reason",
    "created_at",
    "updated_at",
)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return safe_cell(value)
    return "" if value is None else value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode()


async def reservations_csv(session: AsyncSession, f: Filter, now: datetime, max_duration: Any) -> tuple[bytes, int]:
    check_filter(f)
    rows = await AnalyticsRepository(session).reservation_rows(
        RESERVATION_COLUMNS, conditions(f, now, max_duration), MAX_ROWS
    )
    return to_csv(RESERVATION_COLUMNS, rows), len(rows)
