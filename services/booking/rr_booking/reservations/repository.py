"""Every query on reservations and their history. Set-based: batches are one statement each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.locks import lock_for_writing
from rr_booking.models import OCCUPYING, OCCUPYING_SQL, Reservation, ReservationHistory

OVERLAP = "&&"


def _occupied_overlaps(start: Any, end: Any) -> Any:
    return func.tstzrange(Reservation.occupied_start, Reservation.occupied_end, "[)").op(OVERLAP)(
        func.tstzrange(start, end, "[)")
    )


class ReservationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_resources(self, resource_ids: Sequence[int]) -> None:
        await lock_for_writing(self.session, None, resource_ids)

    async def overlapping(self, resource_id: int, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """(start, end) of up to ten occupying reservations overlapping an occupied range."""
        rows = await self.session.execute(
            text(
                "SELECT start_time, end_time FROM reservations WHERE resource_id = :rid"
                f" AND status IN ({OCCUPYING_SQL}) AND tstzrange(occupied_start, occupied_end, '[)') && tstzrange(:s, :e, '[)')"
                " ORDER BY start_time LIMIT 10"
            ),
            {"rid": resource_id, "s": start, "e": end},
        )
        return [(row[0], row[1]) for row in rows]

    async def conflicts(
        self, resource_id: int, ranges: Sequence[tuple[datetime, datetime]], exclude_ids: Sequence[int] = ()
    ) -> dict[int, list[tuple[datetime, datetime]]]:
        """For each occupied range (by position), the existing reservations it overlaps (other than
        `exclude_ids`): one statement over all ranges, each probing the constraint's GiST index."""
        if not ranges:
            return {}
        rows = await self.session.execute(
            text(
                "SELECT c.i - 1, r.start_time, r.end_time"
                " FROM unnest(CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[])) WITH ORDINALITY AS c(s, e, i)"
                " JOIN reservations r ON r.resource_id = :rid"
                f" AND r.status IN ({OCCUPYING_SQL})"
                " AND tstzrange(r.occupied_start, r.occupied_end, '[)') && tstzrange(c.s, c.e, '[)')"
                " AND r.id <> ALL(CAST(:exclude AS bigint[]))"
                " ORDER BY c.i, r.start_time"
            ),
            {
                "rid": resource_id,
                "starts": [s for s, _ in ranges],
                "ends": [e for _, e in ranges],
                "exclude": list(exclude_ids),
            },
        )
        found: dict[int, list[tuple[datetime, datetime]]] = {}
        for index, start, end in rows:
            found.setdefault(index, []).append((start, end))
        return found

    async def busy_resources(self, resource_ids: Sequence[int], start: datetime, end: datetime) -> list[int]:
        """Which candidates have an occupying reservation overlapping [start, end)? One statement:
        each id probes the exclusion constraint's GiST index (resource_id, occupied range)."""
        rows = await self.session.execute(
            text(
                "SELECT c.id FROM unnest(CAST(:ids AS bigint[])) AS c(id) WHERE EXISTS ("
                " SELECT 1 FROM reservations r WHERE r.resource_id = c.id"
                f" AND r.status IN ({OCCUPYING_SQL})"
                " AND tstzrange(r.occupied_start, r.occupied_end, '[)') && tstzrange(:start, :end, '[)'))"
                " ORDER BY c.id"
            ),
            {"ids": list(resource_ids), "start": start, "end": end},
        )
        return [row[0] for row in rows]

    async def occupying_in(
        self, resource_id: int, start: datetime, end: datetime, limit: int = 5000
    ) -> Sequence[Reservation]:
        """What holds the resource within a range, for schedules and availability."""
        query = (
            select(Reservation)
            .where(
                Reservation.resource_id == resource_id,
                Reservation.status.in_(OCCUPYING),
                _occupied_overlaps(start, end),
            )
            .order_by(Reservation.start_time, Reservation.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def by_idempotency_key(self, user_id: int, key: str) -> Reservation | None:
        return await self.session.scalar(
            select(Reservation).where(Reservation.user_id == user_id, Reservation.idempotency_key == key)
        )

    async def by_idempotency_keys(self, user_id: int, keys: Sequence[str]) -> dict[str, Reservation]:
        if not keys:
            return {}
        rows = await self.session.scalars(
            select(Reservation).where(Reservation.user_id == user_id, Reservation.idempotency_key.in_(keys))
        )
        return {r.idempotency_key or "": r for r in rows}

    async def get(self, reservation_id: int, for_update: bool = False) -> Reservation | None:
        query = select(Reservation).where(Reservation.id == reservation_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def get_many(self, ids: Sequence[int], for_update: bool = False, fresh: bool = False) -> list[Reservation]:
        """`fresh` reloads rows already in the session (after a plain-SQL update)."""
        if not ids:
            return []
        query = select(Reservation).where(Reservation.id.in_(ids)).order_by(Reservation.id)
        if for_update:
            query = query.with_for_update()
        if fresh:
            query = query.execution_options(populate_existing=True)
        return list((await self.session.scalars(query)).all())

    async def add_many(self, rows: Sequence[Mapping[str, Any]], *, unless_taken: bool = False) -> list[Reservation]:
        """One multi-row INSERT ... RETURNING, in the order given. Core, not the unit of work:
        the returned objects are not tracked by the session (callers only read them).
        `unless_taken`: a row the exclusion constraint refuses is skipped instead of failing the
        transaction (ON CONFLICT DO NOTHING), so a caller can try first and ask why afterwards."""
        if not rows:
            return []
        table = cast(Table, Reservation.__table__)
        # The rows as parameters, not `.values(rows)`: a statement holding its values cannot be
        # cached, and compiling an INSERT anew was a tenth of booking's CPU per reservation.
        statement = pg_insert(table)
        if unless_taken:
            statement = statement.on_conflict_do_nothing()
            returning = statement.returning(*table.c)
        else:
            returning = statement.returning(*table.c, sort_by_parameter_order=True)
        result = await self.session.execute(returning, list(rows))
        return [Reservation(**dict(row._mapping)) for row in result]

    async def history(self, reservation_id: int) -> Sequence[ReservationHistory]:
        query = (
            select(ReservationHistory)
            .where(ReservationHistory.reservation_id == reservation_id)
            .order_by(ReservationHistory.id)
        )
        return (await self.session.scalars(query)).all()

    async def set_status(
        self, ids: Sequence[int], from_statuses: Sequence[str], to_status: str, **values: Any
    ) -> list[Reservation]:
        """Move the rows still in one of `from_statuses` to `to_status`; returns those changed."""
        if not ids:
            return []
        statement = (
            update(Reservation)
            .where(Reservation.id.in_(ids), Reservation.status.in_(from_statuses))
            .values(status=to_status, updated_at=func.now(), **values)
            .returning(Reservation)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        changed = await self.session.scalars(statement)
        return sorted(changed.all(), key=lambda r: r.start_time)

    async def reschedule(
        self, moves: Sequence[tuple[int, datetime, datetime, datetime, datetime, datetime | None]]
    ) -> None:
        """Give rows (id, start, end, occupied start, occupied end, check-in deadline) new times.
        Their occupied ranges are emptied first so rows trading places inside one batch never
        trip the constraint on each other's old positions; real overlaps still do."""
        ids = [m[0] for m in moves]
        await self.session.execute(
            text("UPDATE reservations SET occupied_end = occupied_start WHERE id = ANY(CAST(:ids AS bigint[]))"),
            {"ids": ids},
        )
        await self.session.execute(
            text(
                "UPDATE reservations r SET start_time = v.s, end_time = v.e, occupied_start = v.os, occupied_end = v.oe,"
                " check_in_deadline = v.d, updated_at = now()"
                " FROM unnest(CAST(:ids AS bigint[]), CAST(:s AS timestamptz[]), CAST(:e AS timestamptz[]),"
                " CAST(:os AS timestamptz[]), CAST(:oe AS timestamptz[]), CAST(:d AS timestamptz[])) AS v(id, s, e, os, oe, d)"
                " WHERE r.id = v.id"
            ),
            {
                "ids": ids,
                "s": [m[1] for m in moves],
                "e": [m[2] for m in moves],
                "os": [m[3] for m in moves],
                "oe": [m[4] for m in moves],
                "d": [m[5] for m in moves],
            },
        )

    async def series_occurrences(
        self,
        series_id: int,
        from_recurrence: datetime | None = None,
        statuses: Sequence[str] = (),
        for_update: bool = False,
    ) -> list[Reservation]:
        query = select(Reservation).where(Reservation.series_id == series_id)
        if from_recurrence is not None:
            query = query.where(Reservation.recurrence_id >= from_recurrence)
        if statuses:
            query = query.where(Reservation.status.in_(statuses))
        query = query.order_by(Reservation.recurrence_id, Reservation.id)
        if for_update:
            query = query.with_for_update()
        return list((await self.session.scalars(query)).all())

    async def occurrences_of(self, series_ids: Sequence[int]) -> list[Reservation]:
        if not series_ids:
            return []
        query = (
            select(Reservation)
            .where(Reservation.series_id.in_(series_ids))
            .order_by(Reservation.series_id, Reservation.recurrence_id)
        )
        return list((await self.session.scalars(query)).all())

    async def page(
        self, where: Sequence[Any], sort_column: Any, descending: bool, after: tuple[Any, int] | None, limit: int
    ) -> Sequence[Reservation]:
        """Keyset page ordered by (sort_column, id): a row comparison the matching index serves."""
        query = select(Reservation).where(*where)
        key = tuple_(sort_column, Reservation.id)
        if after is not None:
            query = query.where(key < tuple_(*after) if descending else key > tuple_(*after))
        if descending:
            query = query.order_by(sort_column.desc(), Reservation.id.desc())
        else:
            query = query.order_by(sort_column, Reservation.id)
        return (await self.session.scalars(query.limit(limit))).all()
