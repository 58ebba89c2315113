"""Series queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.models import Series


class SeriesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, series_id: int, for_update: bool = False) -> Series | None:
        query = select(Series).where(Series.id == series_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def get_many(self, ids: Sequence[int]) -> dict[int, Series]:
        if not ids:
            return {}
        return {s.id: s for s in await self.session.scalars(select(Series).where(Series.id.in_(ids)))}

    async def by_idempotency_key(self, user_id: int, key: str) -> Series | None:
        return await self.session.scalar(select(Series).where(Series.user_id == user_id, Series.idempotency_key == key))

    async def add(self, series: Series) -> Series:
        self.session.add(series)
        await self.session.flush()
        return series
