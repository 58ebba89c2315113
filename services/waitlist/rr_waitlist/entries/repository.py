"""Every query about entries and their history. Positions come with the rows in the same statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rr_waitlist.entries.domain import JoinRequest
from rr_waitlist.models import IS_LIVE, LIVE, WAITING, EntryHistory, WaitlistEntry


@dataclass(frozen=True)
class PositionedEntry:
    entry: WaitlistEntry
    # 1-based place in the resource's queue while waiting; 0 once out of the queue.
    position: int


def _position() -> ColumnElement[int]:
    """Correlated: 1 + earlier waiting entries on the same resource whose range overlaps."""
    ahead = aliased(WaitlistEntry)
    count_ahead = (
        select(func.count())
        .where(
            ahead.resource_id == WaitlistEntry.resource_id,
            ahead.status == WAITING,
            ahead.id < WaitlistEntry.id,
            ahead.desired_start < WaitlistEntry.desired_end,
            ahead.desired_end > WaitlistEntry.desired_start,
        )
        .correlate(WaitlistEntry)
        .scalar_subquery()
    )
    return case((WaitlistEntry.status == WAITING, count_ahead + 1), else_=0)


def _positioned() -> Select[WaitlistEntry, int]:
    return select(WaitlistEntry, _position().label("position"))


class EntryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_resource(self, resource_id: int) -> None:
        """Serialize joins and offers of one resource across every waitlist replica, until commit."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended('rr_waitlist.resource', CAST(:id AS bigint)))"),
            {"id": resource_id},
        )

    async def add_waiting(self, user_id: int, request: JoinRequest, resource_name: str) -> WaitlistEntry | None:
        """Insert a waiting entry; None when the user already has a live entry for this exact range."""
        statement = (
            insert(WaitlistEntry)
            .values(
                user_id=user_id,
                resource_id=request.resource_id,
                desired_start=request.desired_start,
                desired_end=request.desired_end,
                flexible_time=request.flexible_time,
                resource_name=resource_name[:200],
            )
            .on_conflict_do_nothing(
                index_elements=["user_id", "resource_id", "desired_start", "desired_end"], index_where=IS_LIVE
            )
            .returning(WaitlistEntry)
        )
        return await self.session.scalar(statement)

    async def live_for(self, user_id: int, request: JoinRequest) -> WaitlistEntry | None:
        return await self.session.scalar(
            select(WaitlistEntry).where(
                WaitlistEntry.user_id == user_id,
                WaitlistEntry.resource_id == request.resource_id,
                WaitlistEntry.desired_start == request.desired_start,
                WaitlistEntry.desired_end == request.desired_end,
                WaitlistEntry.status.in_(LIVE),
            )
        )

    async def live_of_user(self, user_id: int) -> Sequence[WaitlistEntry]:
        """Every live entry of a user, locked for the change about to be made."""
        query = (
            select(WaitlistEntry)
            .where(WaitlistEntry.user_id == user_id, WaitlistEntry.status.in_(LIVE))
            .with_for_update()
        )
        return (await self.session.scalars(query)).all()

    async def positioned(self, entry_id: int) -> PositionedEntry | None:
        row = (await self.session.execute(_positioned().where(WaitlistEntry.id == entry_id))).first()
        return PositionedEntry(row[0], row[1]) if row else None

    async def get(self, entry_id: int, for_update: bool = False) -> WaitlistEntry | None:
        query = select(WaitlistEntry).where(WaitlistEntry.id == entry_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def newest_first(
        self, user_id: int, before_id: int | None, limit: int, backward: bool = False
    ) -> Sequence[PositionedEntry]:
        """One query for the page and every position on it. Backward: the entries just newer
        than `before_id`, oldest first (the caller turns them around)."""
        query = _positioned().where(WaitlistEntry.user_id == user_id)
        return await self._keyset(query, before_id, limit, descending=not backward)

    async def queue(
        self, resource_id: int, status: str, after_id: int | None, limit: int, backward: bool = False
    ) -> Sequence[PositionedEntry]:
        """A resource's entries in arrival order: the live queue, or those in one status.
        Backward: the entries just before `after_id`, latest first."""
        query = _positioned().where(WaitlistEntry.resource_id == resource_id)
        query = query.where(WaitlistEntry.status == status) if status else query.where(IS_LIVE)
        return await self._keyset(query, after_id, limit, descending=backward)

    async def _keyset(
        self, query: Select[WaitlistEntry, int], cursor_id: int | None, limit: int, descending: bool
    ) -> Sequence[PositionedEntry]:
        if cursor_id is not None:
            query = query.where(WaitlistEntry.id < cursor_id if descending else WaitlistEntry.id > cursor_id)
        ordered = query.order_by(WaitlistEntry.id.desc() if descending else WaitlistEntry.id)
        rows = (await self.session.execute(ordered.limit(limit))).all()
        return [PositionedEntry(entry, position) for entry, position in rows]

    async def past_waiting(self, now: datetime, limit: int) -> Sequence[WaitlistEntry]:
        """Waiting entries whose desired time is over: nobody can be offered that slot any more."""
        query = (
            select(WaitlistEntry)
            .where(WaitlistEntry.status == WAITING, WaitlistEntry.desired_end <= now)
            .order_by(WaitlistEntry.desired_end)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.scalars(query)).all()

    async def record(
        self, entries: Sequence[WaitlistEntry], from_statuses: Sequence[str], actor_user_id: int, reason: str
    ) -> None:
        """History lines for entries that just changed, in one insert."""
        if not entries:
            return
        rows = [
            {
                "entry_id": e.id,
                "from_status": before,
                "to_status": e.status,
                "actor_user_id": actor_user_id,
                "reason": reason[:500],
            }
            for e, before in zip(entries, from_statuses, strict=True)
        ]
        await self.session.execute(insert(EntryHistory), rows)

    async def history(self, entry_id: int) -> Sequence[EntryHistory]:
        query = select(EntryHistory).where(EntryHistory.entry_id == entry_id).order_by(EntryHistory.id)
        return (await self.session.scalars(query)).all()
