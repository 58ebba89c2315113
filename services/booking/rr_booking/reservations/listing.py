"""Reservation lists: filters, sorting and keyset cursors, for one user or for everyone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.errors import InvalidFilter, InvalidSort
from rr_booking.models import STATES, Reservation
from rr_booking.reservations.repository import ReservationRepository
from rr_common.errors import InvalidCursor, InvalidStatus, InvalidTimeRange
from rr_common.pagination import TwoWayPage, clamp_limit, decode_cursor, split_direction, two_way_page

SORTS = ("start_time", "created_at")


@dataclass(frozen=True)
class Filter:
    status: str = ""
    resource_id: int = 0
    user_id: int = 0
    series_id: int = 0
    start_from: datetime | None = None
    start_to: datetime | None = None
    upcoming_only: bool = False
    past_only: bool = False
    sort_by: str = "start_time"
    sort_order: str = "asc"
    needs_approval: bool = False


def statuses(status: str) -> list[str]:
    """A filter's status: one state, or several comma-separated (the gateway's `active` is
    confirmed,checked_in)."""
    return [part.strip() for part in status.split(",") if part.strip()]


def check_filter(f: Filter) -> Filter:
    if f.status and not set(statuses(f.status)) <= set(STATES):
        raise InvalidStatus(f"status must be one of {', '.join(STATES)} (or several, comma-separated).")
    if (f.sort_by or "start_time") not in SORTS:
        raise InvalidSort(f"sort_by must be one of {', '.join(SORTS)}.")
    if (f.sort_order or "asc") not in ("asc", "desc"):
        raise InvalidSort("sort_order must be asc or desc.")
    if f.start_from and f.start_to and f.start_to <= f.start_from:
        raise InvalidTimeRange("'to' must be after 'from'.")
    if f.upcoming_only and f.past_only:
        raise InvalidFilter("Ask for upcoming or past reservations, not both.")
    return f


def conditions(f: Filter, now: datetime, max_duration: timedelta) -> list[Any]:
    r = Reservation
    where: list[Any] = []
    if f.user_id:
        where.append(r.user_id == f.user_id)
    if f.status:
        wanted = statuses(f.status)
        where.append(r.status == wanted[0] if len(wanted) == 1 else r.status.in_(wanted))
    if f.resource_id:
        where.append(r.resource_id == f.resource_id)
    if f.series_id:
        where.append(r.series_id == f.series_id)
    if f.needs_approval:
        where.append(r.needs_approval.is_(True))
    if f.start_from is not None:
        where.append(r.start_time >= f.start_from)
    if f.start_to is not None:
        where.append(r.start_time < f.start_to)
    if f.upcoming_only:
        # A reservation lasts at most max_duration, so this start bound is implied; it lets the
        # (…, start_time, id) index skip the past instead of filtering it row by row.
        where += [r.end_time > now, r.start_time > now - max_duration]
    if f.past_only:
        where += [r.end_time <= now, r.start_time < now]
    return where


def _position(cursor: str, by_start: bool) -> tuple[tuple[Any, int] | None, bool]:
    """The cursor's row key, and whether the rows wanted are before it rather than after. The key
    is two values, (start_time, id) or (id, id) (not `id_position`'s one id), so the cursors
    handed out by either sort stay the same."""
    if not cursor:
        return None, False
    key, backward = split_direction(decode_cursor(cursor))
    try:
        last_id = int(key[1])
        return ((datetime.fromisoformat(str(key[0])), last_id) if by_start else (last_id, last_id)), backward
    except (IndexError, ValueError, TypeError) as exc:
        raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.") from exc


async def list_page(
    session: AsyncSession,
    f: Filter,
    limit: int,
    cursor: str,
    now: datetime,
    max_duration: timedelta,
    extra: Sequence[Any] = (),
) -> TwoWayPage[Reservation]:
    """`extra`: further SQL conditions a caller's rights add (which resources an approver sees)."""
    size = clamp_limit(limit)
    check_filter(f)
    by_start = (f.sort_by or "start_time") == "start_time"
    # Creation order is id order (ids come from one sequence), so no created_at index is needed.
    column = Reservation.start_time if by_start else Reservation.id
    position, backward = _position(cursor, by_start)
    # Backward: the rows just before the cursor are the first ones in the reverse order.
    descending = (f.sort_order == "desc") != backward
    rows = await ReservationRepository(session).page(
        [*conditions(f, now, max_duration), *extra], column, descending, position, size + 1
    )

    def key(row: Reservation) -> list[Any]:
        return [row.start_time.isoformat() if by_start else row.id, row.id]

    return two_way_page(rows, size, position is not None, backward, key)
