"""A user's own notifications: list (pages, or what came after an id), count, read, delete."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.errors import InvalidCursor, NotFound
from rr_common.pagination import TwoWayPage, clamp_limit, encode_cursor, id_position, two_way_page
from rr_notify.errors import InvalidSinceId
from rr_notify.inapp.models import Notification
from rr_notify.inapp.repository import NotificationRepository

Page = TwoWayPage[Notification]


def _cursor_id(cursor: str) -> int | None:
    position, backward = id_position(cursor)
    if backward:
        raise InvalidCursor("A prev_cursor pages the newest-first list; it does not apply with since_id.")
    return position


def _missing(notification_id: int) -> NotFound:
    # Someone else's notification looks exactly like a missing one.
    return NotFound(f"Notification {notification_id} does not exist.")


class NotificationService:
    async def list_for(
        self, session: AsyncSession, user_id: int, limit: int, cursor: str, unread_only: bool, since_id: int = 0
    ) -> Page:
        size = clamp_limit(limit)
        repository = NotificationRepository(session)
        if since_id < 0:
            raise InvalidSinceId("since_id must be a notification id (0 or more).")
        if since_id:
            # Catch-up after a reconnect: oldest first, the cursor continues after the last one.
            after = _cursor_id(cursor) or since_id
            rows = await repository.oldest_first_after(user_id, after, size + 1, unread_only)
            items, has_more = list(rows[:size]), len(rows) > size
            return Page(items, encode_cursor([items[-1].id]) if has_more else "", "", has_more)
        return await self._newest_first(repository, user_id, size, cursor, unread_only)

    async def _newest_first(
        self, repository: NotificationRepository, user_id: int, size: int, cursor: str, unread_only: bool
    ) -> Page:
        """Pages both ways: backward, the newer ones just before the cursor, read oldest first and turned around."""
        position, backward = id_position(cursor)
        if backward and position is not None:
            rows = await repository.oldest_first_after(user_id, position, size + 1, unread_only)
        else:
            rows = await repository.newest_first(user_id, position, size + 1, unread_only)
        return two_way_page(rows, size, position is not None, backward, lambda row: [row.id])

    async def unread_count(self, session: AsyncSession, user_id: int) -> int:
        return await NotificationRepository(session).unread_count(user_id)

    async def mark_read(self, session: AsyncSession, user_id: int, notification_id: int) -> Notification:
        notification = await NotificationRepository(session).mark_read(user_id, notification_id)
        if notification is None:
            raise _missing(notification_id)
        return notification

    async def mark_all_read(self, session: AsyncSession, user_id: int) -> int:
        return await NotificationRepository(session).mark_all_read(user_id)

    async def delete(self, session: AsyncSession, user_id: int, notification_id: int) -> None:
        if not await NotificationRepository(session).delete(user_id, notification_id):
            raise _missing(notification_id)
