"""Site-wide business hours and blackout dates, each change with its `site.calendar_changed`.

Every change locks the single site calendar row first, so changes apply one at a time and the
event carries the whole site calendar as it is after the change."""

from __future__ import annotations

from collections.abc import Sequence

from rr.catalog.v1 import catalog_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_site_change
from rr_catalog.errors import BlackoutNotFound, TooManyBlackouts
from rr_catalog.hours.domain import NewBlackout, Opening, hours_key
from rr_catalog.hours.repository import HoursRepository
from rr_catalog.hours.service import intervals_pb, openings_of
from rr_catalog.mapping import blackout_pb
from rr_catalog.models import BlackoutDate

SITE_BLACKOUTS_MAX = 500
HOURS, ADDED, REMOVED = "hours", "blackout_added", "blackout_removed"


def site_hours_pb(key: str) -> catalog_pb2.SiteBusinessHours:
    return catalog_pb2.SiteBusinessHours(intervals=intervals_pb(openings_of(key)))


async def get_hours(session: AsyncSession) -> catalog_pb2.SiteBusinessHours:
    return site_hours_pb(await HoursRepository(session).site_hours_key())


async def set_hours(session: AsyncSession, openings: Sequence[Opening]) -> catalog_pb2.SiteBusinessHours:
    repo = HoursRepository(session)
    await repo.site_hours_key(for_update=True)
    key = hours_key(openings)
    await repo.set_site_hours_key(key)
    message = site_hours_pb(key)
    await changed(session, HOURS, key)
    return message


async def list_blackouts(session: AsyncSession) -> list[catalog_pb2.BlackoutDate]:
    return [blackout_pb(row) for row in await HoursRepository(session).site_blackouts()]


async def add_blackout(session: AsyncSession, new: NewBlackout) -> catalog_pb2.BlackoutDate:
    repo = HoursRepository(session)
    key = await repo.site_hours_key(for_update=True)
    if await repo.site_blackout_count() >= SITE_BLACKOUTS_MAX:
        raise TooManyBlackouts(f"The site can have at most {SITE_BLACKOUTS_MAX} blackout dates; remove old ones first.")
    row = await repo.add_blackout(
        BlackoutDate(resource_id=None, start_date=new.start, end_date=new.end, reason=new.reason, yearly=new.yearly)
    )
    message = blackout_pb(row)
    await changed(session, ADDED, key, message)
    return message


async def remove_blackout(session: AsyncSession, blackout_id: int) -> None:
    repo = HoursRepository(session)
    key = await repo.site_hours_key(for_update=True)
    row = await repo.blackout(blackout_id)
    if row is None or row.resource_id is not None:
        raise BlackoutNotFound(f"Site-wide blackout {blackout_id} does not exist.")
    message = blackout_pb(row)
    await repo.remove_blackout(row)
    await changed(session, REMOVED, key, message)


async def changed(
    session: AsyncSession, change: str, key: str, blackout: catalog_pb2.BlackoutDate | None = None
) -> None:
    """Every resource's effective calendar may have moved: say so with the whole site calendar,
    and give each resource it touches a new bookability snapshot (booking judges from those)."""
    await events.site_calendar_changed(session, change, site_hours_pb(key), await list_blackouts(session), blackout)
    await publish_site_change(session, hours_changed=change == HOURS)
