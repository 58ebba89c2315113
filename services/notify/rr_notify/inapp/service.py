"""A user's own notifications: list (pages, or what came after an id), count, read, delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.errors import InvalidInput, NotFound
from rr_common.pagination import clamp_limit, decode_cursor, encode_cursor
from rr_notify.inapp.models import Notification
from rr_notify.inapp.repository import NotificationRepository


@dataclass(frozen=True)
class Page:
    items: Sequence[Notification]
    next_cursor: str
    has_more: bool


def _cursor_id(cursor: str) -> int | None:
    if not cursor:
        return None
    key = decode_cursor(cursor)
    if len(key) != 1 or not isinstance(key[0], int) or isinstance(key[0], bool):
        raise InvalidInput("The cursor is not valid; pass the next_cursor value of a previous page.", code="invalid_cursor")
    return key[0]


def _missing(notification_id: int) -> NotFound:
    # Someone else's notification looks exactly like a missing one.
    return NotFound(f"Notification {notification_id} does not exist.")


class NotificationService:
    async def list_for(self, session: AsyncSession, user_id: int, limit: int, cursor: str, unread_only: bool, since_id: int = 0) -> Page:
        size = clamp_limit(limit)
        repository = NotificationRepository(session)
        if since_id < 0:
            raise InvalidInput("since_id must be a notification id (0 or more).", code="invalid_since_id")
        if since_id:
            # Catch-up after a reconnect: oldest first, the cursor continues after the last one.
            after = _cursor_id(cursor) or since_id
            rows = await repository.oldest_first_after(user_id, after, size + 1, unread_only)
        else:
            rows = await repository.newest_first(user_id, _cursor_id(cursor), size + 1, unread_only)
        items, has_more = rows[:size], len(rows) > size
        return Page(items, encode_cursor([items[-1].id]) if has_more else "", has_more)

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
