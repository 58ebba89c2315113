"""Booking's catalog: bookability judged from the projection of catalog's snapshots, with no
call to catalog; a resource the projection has not heard of yet is fetched from catalog once
and kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rr.catalog.v1 import catalog_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.clients.catalog import CatalogClient
from rr_booking.projection.domain import bookability_of, verdicts_of
from rr_booking.projection.repository import ProjectionRepository
from rr_common.bookability.calendar import Calendar
from rr_common.bookability.judge import checked_range
from rr_common.db import Database
from rr_common.errors import ResourceNotFound
from rr_common.timeconv import utcnow


@dataclass(frozen=True)
class Bookability:
    resource: catalog_pb2.Resource
    verdicts: list[catalog_pb2.SlotVerdict]
    buffer_before_minutes: int
    buffer_after_minutes: int


@dataclass(frozen=True)
class OpenHours:
    resource: catalog_pb2.Resource
    open: list[tuple[datetime, datetime]]
    buffer_before_minutes: int
    buffer_after_minutes: int
    # Always known now that booking holds the calendar; kept for analytics' `hours_known`.
    known: bool = True


class ProjectedCatalog:
    """Answers what booking needs to know of catalog (is this slot bookable, when is the
    resource open) as catalog would, from booking's own database."""

    def __init__(self, db: Database, remote: CatalogClient) -> None:
        self.db = db
        self.remote = remote

    async def snapshot(self, resource_id: int, session: AsyncSession | None = None) -> catalog_pb2.BookabilitySnapshot:
        if session is not None:
            found = await ProjectionRepository(session).snapshot(resource_id)
        else:
            async with self.db.reader() as reader:
                found = await ProjectionRepository(reader).snapshot(resource_id)
        if found is None:
            found = await self.fetch(resource_id)
        if found.deleted:
            raise ResourceNotFound(f"Resource {resource_id} does not exist.")
        return found

    async def fetch(self, resource_id: int) -> catalog_pb2.BookabilitySnapshot:
        """The first event about this resource has not arrived yet: ask catalog and keep the
        answer (in its own transaction, so a refused booking does not forget it)."""
        found = await self.remote.bookability(resource_id)
        async with self.db.session() as session:
            await ProjectionRepository(session).keep_if_newer(found)
        return found

    async def check_bookable(
        self, resource_id: int, slots: Sequence[tuple[datetime, datetime]], session: AsyncSession | None = None
    ) -> Bookability:
        snapshot = await self.snapshot(resource_id, session)
        rules = snapshot.resource.rules
        return Bookability(
            resource=snapshot.resource,
            verdicts=verdicts_of(bookability_of(snapshot), slots, utcnow()),
            buffer_before_minutes=rules.buffer_before_minutes,
            buffer_after_minutes=rules.buffer_after_minutes,
        )

    async def open_hours(self, resource_id: int, start: datetime, end: datetime) -> OpenHours:
        checked_range(start, end)
        snapshot = await self.snapshot(resource_id)
        calendar: Calendar = bookability_of(snapshot).calendar
        rules = snapshot.resource.rules
        return OpenHours(
            resource=snapshot.resource,
            open=calendar.open_spans(start, end),
            buffer_before_minutes=rules.buffer_before_minutes,
            buffer_after_minutes=rules.buffer_after_minutes,
        )
