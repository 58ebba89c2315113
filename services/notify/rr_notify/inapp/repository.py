"""Queries on notifications. Every read and write of a user's notifications is scoped to them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.inapp.domain import NewNotification
from rr_notify.inapp.models import Notification


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_many(self, news: Sequence[NewNotification]) -> list[Notification]:
        """One INSERT for all of them; rows come back in the order given."""
        if not news:
            return []
        rows = [
            {
                "user_id": n.user_id,
                "type": n.type,
                "title": n.title,
                "message": n.message,
                "subject_id": n.subject_id,
                "details": dict(n.details),
            }
            for n in news
        ]
        result = await self.session.scalars(
            insert(Notification).returning(Notification, sort_by_parameter_order=True), rows
        )
        return list(result.all())

    async def newest_first(
        self, user_id: int, before_id: int | None, limit: int, unread_only: bool
    ) -> Sequence[Notification]:
        query = select(Notification).where(Notification.user_id == user_id)
        if before_id is not None:
            query = query.where(Notification.id < before_id)
        if unread_only:
            query = query.where(Notification.is_read.is_(False))
        return (await self.session.scalars(query.order_by(Notification.id.desc()).limit(limit))).all()

    async def oldest_first_after(
        self, user_id: int, after_id: int, limit: int, unread_only: bool
    ) -> Sequence[Notification]:
        query = select(Notification).where(Notification.user_id == user_id, Notification.id > after_id)
        if unread_only:
            query = query.where(Notification.is_read.is_(False))
        return (await self.session.scalars(query.order_by(Notification.id).limit(limit))).all()

    async def unread_count(self, user_id: int) -> int:
        query = select(func.count()).where(Notification.user_id == user_id, Notification.is_read.is_(False))
        return int(await self.session.scalar(query) or 0)

    async def mark_read(self, user_id: int, notification_id: int) -> Notification | None:
        statement = (
            update(Notification)
            .where(Notification.id == notification_id, Notification.user_id == user_id)
            .values(is_read=True)
            .returning(Notification)
        )
        return await self.session.scalar(statement, execution_options={"synchronize_session": False})

    async def mark_all_read(self, user_id: int) -> int:
        statement = (
            update(Notification)
            .where(Notification.user_id == user_id, Notification.is_read.is_(False))
            .values(is_read=True)
        )
        result = cast(
            CursorResult[Any], await self.session.execute(statement, execution_options={"synchronize_session": False})
        )
        return result.rowcount

    async def delete(self, user_id: int, notification_id: int) -> bool:
        statement = (
            delete(Notification)
            .where(Notification.id == notification_id, Notification.user_id == user_id)
            .returning(Notification.id)
        )
        return (await self.session.scalar(statement, execution_options={"synchronize_session": False})) is not None
