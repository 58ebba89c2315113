"""A resource's effective calendar: the one place that decides which hours and blackouts apply.

A resource opens by its own weekly hours when it has any, otherwise by the site-wide hours, read
in the resource's own time zone (09:00 is 09:00 in Paris for a Paris room and in New York for a
New York one). It is closed on its own blackouts and, always, on the site-wide ones.
Bookability, open intervals and the availability filter all come through here, and so must
anything that recomputes a resource's bookability after a site-wide change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.hours.repository import HoursRepository
from rr_common.bookability.calendar import ONE_DAY, BlackoutRule, Calendar, week_of, zone_of

OWN = "resource"
INHERITED = "site"


class CalendarFields(Protocol):
    """What a resource contributes to its calendar (a `Resource` row has it)."""

    @property
    def id(self) -> int: ...
    @property
    def timezone(self) -> str: ...
    @property
    def hours_key(self) -> str: ...


def hours_source(own_hours_key: str) -> str:
    """Whose hours a resource follows: its own as soon as it has any interval."""
    return OWN if own_hours_key else INHERITED


def effective_hours_key(own_hours_key: str, site_hours_key: str) -> str:
    return own_hours_key if own_hours_key else site_hours_key


def effective_calendar(
    timezone: str,
    own_hours_key: str,
    own_blackouts: Sequence[BlackoutRule],
    site_hours_key: str,
    site_blackouts: Sequence[BlackoutRule],
) -> Calendar:
    """The rule itself, pure: own hours replace the site's entirely; blackouts add up."""
    week = week_of(effective_hours_key(own_hours_key, site_hours_key))
    return Calendar(zone_of(timezone), week, (*own_blackouts, *site_blackouts))


async def effective_calendars(
    session: AsyncSession, resources: Sequence[CalendarFields], start: datetime, end: datetime
) -> dict[int, Calendar]:
    """Each resource's effective calendar with the blackouts that can touch [start, end), by id:
    two queries whatever the number of resources."""
    repo = HoursRepository(session)
    # A day of margin each side: local days in any zone around UTC instants.
    rules = await repo.rules_near([r.id for r in resources], start.date() - ONE_DAY, end.date() + ONE_DAY)
    site_key = await repo.site_hours_key()
    return {
        r.id: effective_calendar(r.timezone, r.hours_key, rules.own.get(r.id, ()), site_key, rules.site)
        for r in resources
    }


async def calendar_of(session: AsyncSession, resource: CalendarFields, start: datetime, end: datetime) -> Calendar:
    """One resource's effective calendar around [start, end)."""
    return (await effective_calendars(session, [resource], start, end))[resource.id]
