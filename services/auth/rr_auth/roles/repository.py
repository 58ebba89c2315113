"""Roles, their permissions and who holds them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from rr_auth.models import Role, UserRole


class RoleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> Sequence[Role]:
        return (await self.session.scalars(select(Role).options(selectinload(Role.grants)).order_by(Role.name))).all()

    async def by_name(self, name: str) -> Role | None:
        return await self.session.scalar(
            select(Role).options(selectinload(Role.grants)).where(func.lower(Role.name) == name.lower())
        )

    async def by_names(self, names: Sequence[str]) -> Sequence[Role]:
        lowered = [n.lower() for n in names]
        return (await self.session.scalars(select(Role).where(func.lower(Role.name).in_(lowered)))).all()

    async def add(self, role: Role) -> Role:
        self.session.add(role)
        await self.session.flush()
        return role

    async def assign(self, user_id: int, role_ids: Sequence[int], assigned_by: int | None) -> int:
        """Link roles to a user; links that exist are left alone. Returns how many were new."""
        if not role_ids:
            return 0
        result = await self.session.execute(
            insert(UserRole)
            .values([{"user_id": user_id, "role_id": rid, "assigned_by": assigned_by} for rid in role_ids])
            .on_conflict_do_nothing()
            .returning(UserRole.role_id)
        )
        return len(result.all())

    async def unassign(self, user_id: int, role_id: int) -> bool:
        result = await self.session.execute(
            delete(UserRole).where(UserRole.user_id == user_id, UserRole.role_id == role_id).returning(UserRole.role_id)
        )
        return result.first() is not None
