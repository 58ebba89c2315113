"""Queries on notify's copy of the user directory."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.timeconv import utcnow
from rr_notify.directory.models import DirectoryUser

FIELDS = ("username", "email", "roles", "is_active")


class DirectoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert_many(self, users: Sequence[Mapping[str, Any]]) -> None:
        """Insert or update; a row changes only the fields it carries (events may be partial).
        One statement per distinct set of fields, not per user."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for user in users:
            fields = tuple(sorted(k for k in user if k in FIELDS))
            groups.setdefault(fields, []).append(
                {"user_id": user["user_id"], **{k: user[k] for k in fields}, "updated_at": utcnow()}
            )
        for fields, rows in groups.items():
            statement = insert(cast(Table, DirectoryUser.__table__))
            changed = {k: statement.excluded[k] for k in (*fields, "updated_at")}
            await self.session.execute(statement.on_conflict_do_update(index_elements=["user_id"], set_=changed), rows)

    async def by_ids(self, user_ids: Iterable[int]) -> dict[int, DirectoryUser]:
        rows = await self.session.scalars(select(DirectoryUser).where(DirectoryUser.user_id.in_(list(set(user_ids)))))
        return {u.user_id: u for u in rows.all()}

    async def ids_with_role(self, role: str) -> list[int]:
        query = select(DirectoryUser.user_id).where(
            DirectoryUser.roles.contains([role]), DirectoryUser.is_active.is_(True)
        )
        return list((await self.session.scalars(query.order_by(DirectoryUser.user_id))).all())
