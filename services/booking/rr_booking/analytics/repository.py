"""Reporting queries: each one aggregate statement over the reservations starting in a window,
served by ix_reservations_start (or ix_reservations_resource_start with a resource)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.models import Reservation

# Statuses whose time counts as booked (used or at least held until the end).
BOOKED = ("pending_approval", "confirmed", "held", "checked_in", "completed")
BOOKED_SQL = ", ".join(f"'{s}'" for s in BOOKED)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    resource_id: int = 0

    def params(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "rid": self.resource_id}

    @property
    def where(self) -> str:
        scope = " AND resource_id = :rid" if self.resource_id else ""
        return f"start_time >= :start AND start_time < :end{scope}"


@dataclass(frozen=True)
class Totals:
    # status -> (reservations, hours clipped to the period)
    per_status: dict[str, tuple[int, float]]
    users: int
    resources: int

    def count(self, *statuses: str) -> int:
        return sum(n for s, (n, _) in self.per_status.items() if not statuses or s in statuses)

    @property
    def booked_hours(self) -> float:
        return sum(h for s, (_, h) in self.per_status.items() if s in BOOKED)


# Booked hours of a row, clipped to the window.
CLIPPED_HOURS = "extract(epoch FROM least(end_time, :end) - greatest(start_time, :start)) / 3600.0"


class AnalyticsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def totals(self, w: Window) -> Totals:
        """Counts and booked hours per status, plus distinct users and resources: three
        index-only scans of the period in one round trip (hashed GROUP BYs, not count(DISTINCT))."""
        row = (
            await self.session.execute(
                text(
                    "SELECT (SELECT json_agg(json_build_array(status, n, hours)) FROM ("
                    f"  SELECT status, count(*) AS n, sum({CLIPPED_HOURS}) AS hours FROM reservations WHERE {w.where} GROUP BY status"
                    " ) AS s),"
                    f" (SELECT count(*) FROM (SELECT user_id FROM reservations WHERE {w.where} GROUP BY user_id) AS u),"
                    f" (SELECT count(*) FROM (SELECT resource_id FROM reservations WHERE {w.where} GROUP BY resource_id) AS r)"
                ),
                w.params(),
            )
        ).one()
        per_status = {str(status): (int(n), float(hours or 0)) for status, n, hours in row[0] or []}
        return Totals(per_status, int(row[1]), int(row[2]))

    async def per_resource(self, w: Window, limit: int, order: str = "hours") -> Sequence[Any]:
        """Booked hours and count per resource, busiest first, from the covering index alone; name
        and distinct users are looked up for the top rows only."""
        order_by = "hours DESC" if order == "hours" else "reservations DESC"
        return (
            await self.session.execute(
                text(
                    "WITH top AS ("
                    f" SELECT resource_id, coalesce(sum({CLIPPED_HOURS}), 0) AS hours, count(*) AS reservations"
                    f" FROM reservations WHERE {w.where} AND status IN ({BOOKED_SQL})"
                    f" GROUP BY resource_id ORDER BY {order_by}, resource_id LIMIT :limit)"
                    " SELECT top.*, n.resource_name AS name, u.users FROM top"
                    " LEFT JOIN LATERAL (SELECT resource_name FROM reservations r WHERE r.resource_id = top.resource_id"
                    "  ORDER BY start_time DESC LIMIT 1) AS n ON true"
                    " LEFT JOIN LATERAL (SELECT count(DISTINCT user_id) AS users FROM reservations r WHERE r.resource_id = top.resource_id"
                    f"  AND r.start_time >= :start AND r.start_time < :end AND r.status IN ({BOOKED_SQL})) AS u ON true"
                    f" ORDER BY {order_by}, resource_id"
                ),
                {**w.params(), "limit": limit},
            )
        ).all()

    async def peak_cells(self, w: Window) -> list[tuple[int, int, int]]:
        """(weekday 0 = Monday, hour, starts) in each reservation's own local time. Rows are first
        counted per (zone, quarter hour), so the time-zone conversion runs per group, not per row."""
        rows = await self.session.execute(
            text(
                "SELECT extract(isodow FROM q AT TIME ZONE timezone)::int - 1 AS weekday,"
                " extract(hour FROM q AT TIME ZONE timezone)::int AS hour, sum(n)::bigint"
                " FROM (SELECT timezone, date_bin('15 minutes', start_time, TIMESTAMPTZ '2000-01-03 00:00+00') AS q, count(*) AS n"
                f"  FROM reservations WHERE {w.where} AND status IN ({BOOKED_SQL}) GROUP BY 1, 2) AS quarters"
                " GROUP BY 1, 2 ORDER BY 1, 2"
            ),
            w.params(),
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def user_patterns(self, w: Window, limit: int) -> Sequence[Any]:
        """Per user, busiest first; name and favourite resource for the top rows only."""
        return (
            await self.session.execute(
                text(
                    "WITH top AS ("
                    " SELECT user_id, count(*) AS reservations,"
                    f" coalesce(sum({CLIPPED_HOURS}) FILTER (WHERE status IN ({BOOKED_SQL})), 0) AS hours,"
                    " count(*) FILTER (WHERE status = 'cancelled') AS cancelled,"
                    " count(*) FILTER (WHERE status = 'no_show') AS no_shows,"
                    " avg(extract(epoch FROM start_time - created_at)) / 3600.0 AS lead_hours"
                    f" FROM reservations WHERE {w.where} GROUP BY user_id ORDER BY reservations DESC, user_id LIMIT :limit)"
                    " SELECT top.*, n.username, f.favourite FROM top"
                    " LEFT JOIN LATERAL (SELECT username FROM reservations r WHERE r.user_id = top.user_id"
                    "  ORDER BY start_time DESC LIMIT 1) AS n ON true"
                    " LEFT JOIN LATERAL (SELECT resource_id AS favourite FROM reservations r WHERE r.user_id = top.user_id"
                    "  AND r.start_time >= :start AND r.start_time < :end GROUP BY resource_id ORDER BY count(*) DESC, resource_id LIMIT 1) AS f ON true"
                    " ORDER BY reservations DESC, user_id"
                ),
                {**w.params(), "limit": limit},
            )
        ).all()

    async def reservation_rows(self, columns: Sequence[str], where: Sequence[Any], limit: int) -> Sequence[Any]:
        """The chosen columns of the reservations matching `where`, in start order, at most `limit`."""
        query = (
            select(*(getattr(Reservation, c) for c in columns))
            .where(*where)
            .order_by(Reservation.start_time, Reservation.id)
        )
        return (await self.session.execute(query.limit(limit))).all()
