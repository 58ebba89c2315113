"""Opening hours and blackout dates of a resource, each change with its event."""

from __future__ import annotations

from collections.abc import Sequence

from rr.catalog.v1 import catalog_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.errors import BlackoutNotFound, TooManyBlackouts
from rr_catalog.hours.domain import NewBlackout, Opening, clock_of, hours_key
from rr_catalog.hours.effective import OWN, effective_hours_key, hours_source
from rr_catalog.hours.repository import HoursRepository
from rr_catalog.mapping import blackout_pb
from rr_catalog.models import BlackoutDate, Resource
from rr_catalog.resources.reads import existing_resource
from rr_common.bookability.calendar import week_of

BLACKOUTS_MAX = 500


def intervals_pb(openings: Sequence[Opening]) -> list[catalog_pb2.OpeningInterval]:
    return [
        catalog_pb2.OpeningInterval(
            day_of_week=o.day_of_week, open_time=clock_of(o.open_minute), close_time=clock_of(o.close_minute)
        )
        for o in openings
    ]


def openings_of(key: str) -> list[Opening]:
    """A stored week key back to its intervals, in day and time order."""
    return [Opening(day, s, e) for day, spans in enumerate(week_of(key)) for s, e in spans]


def hours_pb(resource: Resource, openings: Sequence[Opening], source: str = OWN) -> catalog_pb2.BusinessHours:
    return catalog_pb2.BusinessHours(
        resource_id=resource.id, timezone=resource.timezone, intervals=intervals_pb(openings), source=source
    )


async def effective_hours_pb(session: AsyncSession, resource: Resource) -> catalog_pb2.BusinessHours:
    """The hours that apply to the resource and whose they are."""
    site_key = await HoursRepository(session).site_hours_key()
    key = effective_hours_key(resource.hours_key, site_key)
    return hours_pb(resource, openings_of(key), hours_source(resource.hours_key))


async def get_hours(session: AsyncSession, resource_id: int) -> catalog_pb2.BusinessHours:
    return await effective_hours_pb(session, await existing_resource(session, resource_id))


async def set_hours(session: AsyncSession, resource_id: int, openings: Sequence[Opening]) -> catalog_pb2.BusinessHours:
    """Replace the resource's own week; none at all returns it to the site-wide hours."""
    resource = await existing_resource(session, resource_id, for_update=True)
    await HoursRepository(session).replace_openings(resource_id, openings)
    resource.hours_key = hours_key(openings)
    message = await effective_hours_pb(session, resource)
    await events.hours_changed(session, message)
    await publish_bookability(session, [resource_id])
    return message


async def list_blackouts(session: AsyncSession, resource_id: int) -> list[catalog_pb2.BlackoutDate]:
    await existing_resource(session, resource_id)
    return [blackout_pb(row) for row in await HoursRepository(session).blackouts(resource_id)]


async def add_blackout(session: AsyncSession, resource_id: int, new: NewBlackout) -> catalog_pb2.BlackoutDate:
    await existing_resource(session, resource_id, for_update=True)
    repo = HoursRepository(session)
    if await repo.blackout_count(resource_id) >= BLACKOUTS_MAX:
        raise TooManyBlackouts(f"A resource can have at most {BLACKOUTS_MAX} blackout dates; remove old ones first.")
    row = await repo.add_blackout(
        BlackoutDate(
            resource_id=resource_id, start_date=new.start, end_date=new.end, reason=new.reason, yearly=new.yearly
        )
    )
    message = blackout_pb(row)
    await events.blackout_added(session, message)
    await publish_bookability(session, [resource_id])
    return message


async def remove_blackout(session: AsyncSession, blackout_id: int, resource_id: int) -> None:
    repo = HoursRepository(session)
    row = await repo.blackout(blackout_id)
    if row is None or (resource_id and row.resource_id != resource_id):
        raise BlackoutNotFound(f"Blackout {blackout_id} does not exist.")
    if row.resource_id is None:
        raise BlackoutNotFound(
            f"Blackout {blackout_id} is site-wide; remove it with DELETE /api/v1/site/blackout-dates/{blackout_id}."
        )
    await existing_resource(session, row.resource_id, for_update=True)
    message = blackout_pb(row)
    await repo.remove_blackout(row)
    await events.blackout_removed(session, message)
    await publish_bookability(session, [message.resource_id])
