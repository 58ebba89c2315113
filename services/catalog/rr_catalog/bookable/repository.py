"""The availability filter's queries: thousands of candidate ids with a compact calendar key,
and the calendar fields of one representative per key."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Select, Text, any_, bindparam, cast, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.models import BlackoutDate, Resource
from rr_catalog.resources.domain import AVAILABLE
from rr_catalog.resources.query import ResourceQuery
from rr_catalog.resources.repository import ordered_after, where_filters

CANDIDATES_MAX = 20_000
Calendar = tuple[str, str, str, datetime | None, str, str]


def calendar_key() -> Any:
    """A 64-bit hash of everything that decides bookability apart from blackouts: resources
    sharing it (most do) are judged once, and only two integers per row cross the wire."""
    parts = [
        Resource.timezone,
        Resource.status,
        func.coalesce(cast(Resource.status_until, Text), ""),
        cast(Resource.rules, Text),
        Resource.hours_key,
    ]
    return func.hashtextextended(func.concat_ws(literal("|"), *parts), 0)


class CandidateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def keyed_ids(self, query: ResourceQuery, start: datetime) -> Sequence[tuple[int, int]]:
        """(id, calendar key) of matching resources not unavailable at `start`, in list order."""
        stmt = typing.cast(Select[Any], select(Resource.id, calendar_key()))
        stmt = where_filters(stmt, query.filters).where(
            or_(Resource.status == AVAILABLE, Resource.status_until <= start)
        )
        rows = (await self.session.execute(ordered_after(stmt, query).limit(CANDIDATES_MAX))).all()
        return [(row[0], row[1]) for row in rows]

    async def calendars(self, ids: Sequence[int]) -> dict[int, Calendar]:
        """timezone, status, reason, until, rules (JSON text) and hours key of a few resources."""
        stmt = select(
            Resource.id,
            Resource.timezone,
            Resource.status,
            Resource.status_reason,
            Resource.status_until,
            cast(Resource.rules, Text),
            Resource.hours_key,
        ).where(Resource.id == any_(bindparam("ids", list(ids), type_=ARRAY(BigInteger))))
        return {
            row[0]: (row[1], row[2], row[3], row[4], row[5], row[6]) for row in (await self.session.execute(stmt)).all()
        }


class SnapshotRepository:
    """What a bookability snapshot is made of, for a few resources at once (deleted ones too)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def bump_versions(self, ids: Sequence[int]) -> None:
        # Runs under the row lock the change already holds (or takes it), so versions grow in commit order.
        stmt = (
            update(Resource)
            .where(Resource.id == any_(bindparam("ids", list(ids), type_=ARRAY(BigInteger))))
            .values(bookability_version=Resource.bookability_version + 1)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(stmt)

    async def resources(self, ids: Sequence[int]) -> Sequence[Resource]:
        # populate_existing: the caller's session may hold these rows with expired or stale fields.
        stmt = (
            select(Resource)
            .where(Resource.id == any_(bindparam("ids", list(ids), type_=ARRAY(BigInteger))))
            .order_by(Resource.id)
            .execution_options(populate_existing=True)
        )
        return (await self.session.scalars(stmt)).all()

    async def live_ids(self, without_own_hours: bool = False) -> list[int]:
        """Every resource not deleted (only those following the site's hours, when asked)."""
        stmt = select(Resource.id).where(Resource.deleted_at.is_(None))
        if without_own_hours:
            stmt = stmt.where(Resource.hours_key == "")
        return list((await self.session.scalars(stmt.order_by(Resource.id))).all())

    async def blackouts(self, ids: Sequence[int]) -> Sequence[BlackoutDate]:
        stmt = (
            select(BlackoutDate)
            .where(BlackoutDate.resource_id == any_(bindparam("ids", list(ids), type_=ARRAY(BigInteger))))
            .order_by(BlackoutDate.resource_id, BlackoutDate.start_date, BlackoutDate.id)
        )
        return (await self.session.scalars(stmt)).all()
