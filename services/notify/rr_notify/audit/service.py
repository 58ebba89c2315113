"""Who may read which audit entries, and paging over them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.context import Principal
from rr_common.errors import InvalidCursor, InvalidRange, NotFound, PermissionDenied
from rr_common.pagination import clamp_limit, decode_cursor, split_direction, two_way_page
from rr_notify.audit.models import AuditEntry
from rr_notify.audit.repository import AuditQuery, AuditRepository
from rr_notify.errors import EntityTypeRequired

_BAD_CURSOR = "The cursor is not valid; pass the next_cursor value of a previous page."


@dataclass(frozen=True)
class AuditPage:
    entries: Sequence[AuditEntry]
    next_cursor: str
    has_more: bool
    prev_cursor: str = ""


def _after(cursor: str) -> tuple[tuple[datetime, int] | None, bool]:
    """The cursor's (time, id), and whether the page wanted is the one before it."""
    if not cursor:
        return None, False
    key, backward = split_direction(decode_cursor(cursor))
    try:
        when, entry_id = datetime.fromisoformat(str(key[0])), key[1]
    except (ValueError, IndexError, TypeError) as exc:
        raise InvalidCursor(_BAD_CURSOR) from exc
    if len(key) != 2 or not isinstance(entry_id, int) or isinstance(entry_id, bool) or when.tzinfo is None:
        raise InvalidCursor(_BAD_CURSOR)
    return (when, entry_id), backward


def check_query(q: AuditQuery) -> None:
    if q.entity_id and not q.entity_type:
        raise EntityTypeRequired("Filtering by entity_id needs entity_type too.")
    if q.occurred_from and q.occurred_to and q.occurred_from >= q.occurred_to:
        raise InvalidRange("The date range is empty: 'from' must be before 'to'.")


class AuditService:
    async def list(
        self, session: AsyncSession, caller: Principal, q: AuditQuery, mine: bool, limit: int, cursor: str
    ) -> AuditPage:
        if mine:
            q = replace(q, actor_user_id=caller.user_id)
        elif not caller.is_admin:
            raise PermissionDenied("The audit log is for admins; see your own activity at /audit/my-activity.")
        check_query(q)
        size = clamp_limit(limit)
        after, backward = _after(cursor)
        rows = await AuditRepository(session).page(q, after, size + 1, backward)
        page = two_way_page(rows, size, after is not None, backward, lambda e: [e.occurred_at.isoformat(), e.id])
        return AuditPage(page.items, page.next_cursor, page.has_more, page.prev_cursor)

    async def get(self, session: AsyncSession, caller: Principal, entry_id: int) -> AuditEntry:
        entry = await AuditRepository(session).get(entry_id)
        # Someone else's entry looks exactly like a missing one to a non-admin.
        if entry is None or not (caller.is_admin or entry.actor_user_id == caller.user_id):
            raise NotFound(f"Audit entry {entry_id} does not exist.")
        return entry
