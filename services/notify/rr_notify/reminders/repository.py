"""Queries of the reminder schedule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.reminders.models import Reminder


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert_many(self, rows: Sequence[dict[str, object]]) -> None:
        """One row per reservation; a later event about it moves a pending reminder, never a sent one."""
        if not rows:
            return
        table = cast(Table, Reminder.__table__)
        statement = insert(table)
        changed = {k: statement.excluded[k] for k in rows[0] if k != "reservation_id"}
        # The rows as parameters (not `.values(rows)`), so the statement is compiled once and cached.
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["reservation_id"], set_=changed, where=table.c.status == "pending"
            ),
            list(rows),
        )

    async def cancel(self, reservation_ids: Sequence[int]) -> None:
        if reservation_ids:
            await self.session.execute(
                update(Reminder)
                .where(Reminder.reservation_id.in_(list(reservation_ids)), Reminder.status == "pending")
                .values(status="cancelled")
            )

    async def reschedule_user(self, user_id: int, minutes: int) -> None:
        await self.session.execute(
            update(Reminder)
            .where(Reminder.user_id == user_id, Reminder.status == "pending")
            .values(fire_at=Reminder.start_time - func.make_interval(0, 0, 0, 0, 0, minutes))
        )

    async def mark(self, reminder_ids: Sequence[int], status: str, at: datetime) -> None:
        """Record how claimed reminders ended: `sent`, or `missed` (their start had passed)."""
        if reminder_ids:
            await self.session.execute(
                update(Reminder).where(Reminder.id.in_(list(reminder_ids))).values(status=status, fired_at=at)
            )

    async def claim_due(self, now: datetime, limit: int) -> Sequence[Reminder]:
        """Locked until the caller's transaction ends; other replicas skip them."""
        query = (
            select(Reminder)
            .where(Reminder.status == "pending", Reminder.fire_at <= now)
            .order_by(Reminder.fire_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.scalars(query)).all()

    async def pending_users_of_resource(self, resource_id: int, now: datetime) -> Sequence[tuple[int, str]]:
        """Who holds an upcoming reservation of the resource (and its name), once per user."""
        query = (
            select(Reminder.user_id, func.max(Reminder.resource_name))
            .where(Reminder.resource_id == resource_id, Reminder.status == "pending", Reminder.start_time > now)
            .group_by(Reminder.user_id)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(query)).all()]
