"""Analytics for managers: utilization (booked hours over catalog's open hours), popularity,
peak times, per-user patterns and CSV exports."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from rr_booking.analytics.csv_export import reservations_csv, to_csv
from rr_booking.analytics.repository import AnalyticsRepository, Totals, Window
from rr_booking.projection.service import ProjectedCatalog
from rr_booking.reservations.listing import Filter
from rr_common.db import Database
from rr_common.errors import DomainError, InvalidLimit, InvalidTimeRange, RangeTooLong
from rr_common.timeconv import utcnow

DEFAULT_SPAN = timedelta(days=30)
MAX_SPAN = timedelta(days=366)
MAX_LIMIT = 100
CATALOG_CONCURRENCY = 8
UTILIZATION_COLUMNS = (
    "resource_id",
    "resource_name",
    "booked_hours",
    "open_hours",
    "utilization",
    "reservation_count",
    "hours_known",
)


def window_of(start: datetime | None, end: datetime | None, resource_id: int = 0) -> Window:
    """Reservations starting in [start, end); the last 30 days by default."""
    end = end or utcnow()
    start = start or end - DEFAULT_SPAN
    if end <= start:
        raise InvalidTimeRange("The end of the period must be after its start.")
    if end - start > MAX_SPAN:
        raise RangeTooLong(f"A period may span at most {MAX_SPAN.days} days.")
    return Window(start, end, resource_id)


def limit_of(limit: int, default: int = 20) -> int:
    if limit < 0 or limit > MAX_LIMIT:
        raise InvalidLimit(f"limit must be between 1 and {MAX_LIMIT}.")
    return limit or default


@dataclass(frozen=True)
class Utilization:
    resource_id: int
    resource_name: str
    booked_hours: float
    open_hours: float
    reservation_count: int
    hours_known: bool

    @property
    def ratio(self) -> float:
        return min(1.0, self.booked_hours / self.open_hours) if self.open_hours > 0 else 0.0


@dataclass(frozen=True)
class Dashboard:
    totals: Totals
    top: Sequence[Any]

    @property
    def no_show_rate(self) -> float:
        """Of the reservations that came to their time (completed, checked in or not shown)."""
        settled = self.totals.count("completed", "checked_in", "no_show")
        return round(self.totals.count("no_show") / settled, 4) if settled else 0.0

    @property
    def cancellation_rate(self) -> float:
        total = self.totals.count()
        return round(self.totals.count("cancelled") / total, 4) if total else 0.0


class AnalyticsService:
    def __init__(self, db: Database, catalog: ProjectedCatalog, max_duration: timedelta) -> None:
        self.db = db
        self.catalog = catalog
        self.max_duration = max_duration

    async def dashboard(self, w: Window) -> Dashboard:
        async with self.db.session() as session:
            repo = AnalyticsRepository(session)
            return Dashboard(await repo.totals(w), await repo.per_resource(w, 5, order="count"))

    async def popular(self, w: Window, limit: int) -> Sequence[Any]:
        async with self.db.session() as session:
            return await AnalyticsRepository(session).per_resource(w, limit_of(limit, 10), order="count")

    async def peak_times(self, w: Window) -> list[tuple[int, int, int]]:
        async with self.db.session() as session:
            return await AnalyticsRepository(session).peak_cells(w)

    async def user_patterns(self, w: Window, limit: int) -> Sequence[Any]:
        async with self.db.session() as session:
            return await AnalyticsRepository(session).user_patterns(w, limit_of(limit))

    async def utilization(self, w: Window, limit: int) -> list[Utilization]:
        async with self.db.session() as session:
            booked = [
                Utilization(
                    int(r.resource_id), str(r.name or ""), round(float(r.hours), 2), 0.0, int(r.reservations), False
                )
                for r in await AnalyticsRepository(session).per_resource(w, limit_of(limit))
            ]
        if w.resource_id and not booked:
            booked = [Utilization(w.resource_id, "", 0.0, 0.0, 0, False)]
        gate = asyncio.Semaphore(CATALOG_CONCURRENCY)

        async def with_open_hours(u: Utilization) -> Utilization:
            async with gate:
                try:
                    hours = await self.catalog.open_hours(u.resource_id, w.start, w.end)
                except DomainError:  # deleted since: count the whole period as open
                    return replace(u, open_hours=round((w.end - w.start).total_seconds() / 3600, 2))
            open_hours = sum((e - s).total_seconds() for s, e in hours.open) / 3600
            return replace(
                u,
                resource_name=u.resource_name or hours.resource.name,
                open_hours=round(open_hours, 2),
                hours_known=hours.known,
            )

        # Catalog answers open hours one resource per call (no batch call yet); `limit` bounds the fan-out.
        return list(await asyncio.gather(*(with_open_hours(u) for u in booked)))

    async def utilization_csv(self, w: Window, limit: int) -> tuple[bytes, int]:
        found = await self.utilization(w, limit or MAX_LIMIT)
        rows = [
            (
                u.resource_id,
                u.resource_name,
                u.booked_hours,
                u.open_hours,
                round(u.ratio, 4),
                u.reservation_count,
                u.hours_known,
            )
            for u in found
        ]
        return to_csv(UTILIZATION_COLUMNS, rows), len(rows)

    async def reservations_csv(self, f: Filter) -> tuple[bytes, int]:
        async with self.db.session() as session:
            return await reservations_csv(session, f, utcnow(), self.max_duration)
