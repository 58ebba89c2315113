"""The statements of the import: set-based inserts with explicit or generated ids, and the
overlap lookup for the old system's double bookings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.models import OCCUPYING, Reservation, ReservationHistory, Series


class LegacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert_series(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        return await self._insert(Series, rows)

    async def insert_reservations(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        return await self._insert(Reservation, rows)

    async def insert_history(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        return await self._insert(ReservationHistory, rows)

    async def _insert(self, model: type[Any], rows: Sequence[dict[str, Any]]) -> list[int]:
        """The new ids in the order of `rows`. One multi-row INSERT per set of columns given
        (rows that keep their old id, or their old creation time, name more columns)."""
        groups: dict[tuple[str, ...], list[int]] = {}
        for index, values in enumerate(rows):
            groups.setdefault(tuple(sorted(values)), []).append(index)
        ids = [0] * len(rows)
        for indexes in groups.values():
            # executemany with RETURNING: one cached statement, sent as multi-row batches, ids
            # handed back in the order of the parameters.
            statement = insert(model).returning(model.id, sort_by_parameter_order=True)
            result = await self.session.execute(statement, [rows[i] for i in indexes])
            for index, new_id in zip(indexes, result.scalars(), strict=True):
                ids[index] = new_id
        return ids

    async def occupant(self, resource_id: int, start: datetime, end: datetime) -> int | None:
        """The reservation already occupying part of [start, end) on the resource."""
        overlap = func.tstzrange(Reservation.occupied_start, Reservation.occupied_end, literal("[)")).op("&&")(
            func.tstzrange(start, end, literal("[)"))
        )
        stmt = (
            select(Reservation.id)
            .where(and_(Reservation.resource_id == resource_id, Reservation.status.in_(OCCUPYING), overlap))
            .limit(1)
        )
        found: int | None = await self.session.scalar(stmt)
        return found
