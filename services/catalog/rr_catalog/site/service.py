"""Site-wide business hours and blackout dates, each change with its `site.calendar_changed`.

Every change locks the single site calendar row first, so changes apply one at a time and the
event carries the whole site calendar as it is after the change."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_site_change
from rr_catalog.errors import BlackoutNotFound, TooManyBlackouts
from rr_catalog.hours.domain import NewBlackout, Opening, hours_key, openings_of
from rr_catalog.hours.repository import HoursRepository
from rr_catalog.models import BlackoutDate

SITE_BLACKOUTS_MAX = 500
HOURS, ADDED, REMOVED = "hours", "blackout_added", "blackout_removed"


class SiteService:
    async def hours(self, session: AsyncSession) -> list[Opening]:
        return openings_of(await HoursRepository(session).site_hours_key())

    async def set_hours(self, session: AsyncSession, openings: Sequence[Opening]) -> list[Opening]:
        repo = HoursRepository(session)
        await repo.site_hours_key(for_update=True)
        key = hours_key(openings)
        await repo.set_site_hours_key(key)
        await self._changed(session, HOURS, key)
        return openings_of(key)

    async def blackouts(self, session: AsyncSession) -> Sequence[BlackoutDate]:
        return await HoursRepository(session).site_blackouts()

    async def add_blackout(self, session: AsyncSession, new: NewBlackout) -> BlackoutDate:
        repo = HoursRepository(session)
        key = await repo.site_hours_key(for_update=True)
        if await repo.site_blackout_count() >= SITE_BLACKOUTS_MAX:
            raise TooManyBlackouts(
                f"The site can have at most {SITE_BLACKOUTS_MAX} blackout dates; remove old ones first."
            )
        row = await repo.add_blackout(
            BlackoutDate(resource_id=None, start_date=new.start, end_date=new.end, reason=new.reason, yearly=new.yearly)
        )
        await self._changed(session, ADDED, key, row)
        return row

    async def remove_blackout(self, session: AsyncSession, blackout_id: int) -> None:
        repo = HoursRepository(session)
        key = await repo.site_hours_key(for_update=True)
        row = await repo.blackout(blackout_id)
        if row is None or row.resource_id is not None:
            raise BlackoutNotFound(f"Site-wide blackout {blackout_id} does not exist.")
        # The event carries the row as it was; a deleted row keeps its loaded fields.
        await repo.remove_blackout(row)
        await self._changed(session, REMOVED, key, row)

    async def _changed(
        self, session: AsyncSession, change: str, key: str, blackout: BlackoutDate | None = None
    ) -> None:
        """Every resource's effective calendar may have moved: say so with the whole site calendar,
        and give each resource it touches a new bookability snapshot (booking judges from those)."""
        everything = await HoursRepository(session).site_blackouts()
        await events.site_calendar_changed(session, change, openings_of(key), everything, blackout)
        await publish_site_change(session, hours_changed=change == HOURS)
