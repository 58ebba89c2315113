"""Opening hours and blackout dates of a resource, each change with its event and a new
bookability snapshot."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.errors import BlackoutNotFound, TooManyBlackouts
from rr_catalog.hours.domain import BusinessHours, NewBlackout, Opening, hours_key, openings_of
from rr_catalog.hours.effective import effective_hours_key, hours_source
from rr_catalog.hours.repository import HoursRepository
from rr_catalog.models import BlackoutDate, Resource
from rr_catalog.resources.reads import existing_resource

BLACKOUTS_MAX = 500


async def effective_hours(session: AsyncSession, resource: Resource) -> BusinessHours:
    """The hours that apply to the resource and whose they are."""
    site_key = await HoursRepository(session).site_hours_key()
    key = effective_hours_key(resource.hours_key, site_key)
    return BusinessHours(resource.id, resource.timezone, openings_of(key), hours_source(resource.hours_key))


class HoursService:
    async def get(self, session: AsyncSession, resource_id: int) -> BusinessHours:
        return await effective_hours(session, await existing_resource(session, resource_id))

    async def set(self, session: AsyncSession, resource_id: int, openings: Sequence[Opening]) -> BusinessHours:
        """Replace the resource's own week; none at all returns it to the site-wide hours."""
        resource = await existing_resource(session, resource_id, for_update=True)
        await HoursRepository(session).replace_openings(resource_id, openings)
        resource.hours_key = hours_key(openings)
        hours = await effective_hours(session, resource)
        await events.hours_changed(session, hours)
        await publish_bookability(session, [resource_id])
        return hours

    async def blackouts(self, session: AsyncSession, resource_id: int) -> Sequence[BlackoutDate]:
        await existing_resource(session, resource_id)
        return await HoursRepository(session).blackouts(resource_id)

    async def add_blackout(self, session: AsyncSession, resource_id: int, new: NewBlackout) -> BlackoutDate:
        await existing_resource(session, resource_id, for_update=True)
        repo = HoursRepository(session)
        if await repo.blackout_count(resource_id) >= BLACKOUTS_MAX:
            raise TooManyBlackouts(
                f"A resource can have at most {BLACKOUTS_MAX} blackout dates; remove old ones first."
            )
        row = await repo.add_blackout(
            BlackoutDate(
                resource_id=resource_id, start_date=new.start, end_date=new.end, reason=new.reason, yearly=new.yearly
            )
        )
        await events.blackout_added(session, row)
        await publish_bookability(session, [resource_id])
        return row

    async def remove_blackout(self, session: AsyncSession, blackout_id: int, resource_id: int) -> None:
        repo = HoursRepository(session)
        row = await repo.blackout(blackout_id)
        if row is None or (resource_id and row.resource_id != resource_id):
            raise BlackoutNotFound(f"Blackout {blackout_id} does not exist.")
        if row.resource_id is None:
            raise BlackoutNotFound(
                f"Blackout {blackout_id} is site-wide; remove it with DELETE /api/v1/site/blackout-dates/{blackout_id}."
            )
        owner = row.resource_id
        await existing_resource(session, owner, for_update=True)
        # The event carries the row as it was; a deleted row keeps its loaded fields.
        await repo.remove_blackout(row)
        await events.blackout_removed(session, row)
        await publish_bookability(session, [owner])
