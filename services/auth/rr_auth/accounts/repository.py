"""Users and their roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, exists, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from rr_auth.models import LoginFailure, Role, User, UserRole
from rr_auth.roles.domain import ADMIN

# Roles with their grants: two extra queries per statement, never one per user.
WITH_ROLES = selectinload(User.roles).selectinload(Role.grants)


def contains_pattern(text_: str) -> str:
    """A LIKE pattern matching `text_` literally anywhere ('%' and '_' are not wildcards)."""
    escaped = text_.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class UserQuery:
    after_id: int = 0
    limit: int = 20
    text: str = ""
    is_active: bool | None = None
    role: str = ""
    # The users just before after_id instead, latest first (the caller turns them around).
    backward: bool = False


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_username(self, username: str) -> User | None:
        return await self.session.scalar(
            select(User).options(WITH_ROLES).where(func.lower(User.username) == username.lower())
        )

    async def by_email(self, email: str) -> User | None:
        return await self.session.scalar(
            select(User).options(WITH_ROLES).where(func.lower(User.email) == email.lower())
        )

    async def by_id(self, user_id: int) -> User | None:
        return await self.session.scalar(select(User).options(WITH_ROLES).where(User.id == user_id))

    async def by_id_for_update(self, user_id: int) -> User | None:
        return await self.session.scalar(
            select(User).options(WITH_ROLES).where(User.id == user_id).with_for_update(of=User)
        )

    async def by_ids(self, ids: Sequence[int]) -> Sequence[User]:
        return (
            await self.session.scalars(select(User).options(WITH_ROLES).where(User.id.in_(ids)).order_by(User.id))
        ).all()

    async def username_taken(self, username: str) -> bool:
        return bool(await self.session.scalar(select(exists().where(func.lower(User.username) == username.lower()))))

    async def email_taken(self, email: str) -> bool:
        return bool(await self.session.scalar(select(exists().where(func.lower(User.email) == email.lower()))))

    async def active_admin_count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(self._active_admins().subquery())) or 0)

    async def admin_exists(self) -> bool:
        return (await self.session.scalar(self._active_admins().limit(1))) is not None

    def _active_admins(self) -> Select[int]:
        return (
            select(UserRole.user_id)
            .join(Role, Role.id == UserRole.role_id)
            .join(User, User.id == UserRole.user_id)
            .where(func.lower(Role.name) == ADMIN, User.is_active.is_(True))
        )

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def reload(self, user_id: int) -> User:
        """The user with fresh roles after role links changed in this transaction."""
        user = await self.session.scalar(
            select(User).options(WITH_ROLES).where(User.id == user_id).execution_options(populate_existing=True)
        )
        assert user is not None
        return user

    async def claim_totp_step(self, user_id: int, step: int) -> bool:
        """Record `step` as used unless it (or a later one) already was: atomic, so two requests
        racing with the same code cannot both succeed."""
        claimed = await self.session.scalar(
            update(User)
            .where(User.id == user_id, or_(User.mfa_last_step.is_(None), User.mfa_last_step < step))
            .values(mfa_last_step=step)
            .returning(User.id)
        )
        return claimed is not None

    async def page(self, query: UserQuery) -> Sequence[tuple[User, datetime | None]]:
        """Up to `limit + 1` users after the cursor in id order (or before it, backward), each
        with its lock expiry."""
        position = User.id < query.after_id if query.backward else User.id > query.after_id
        stmt = (
            select(User, LoginFailure.locked_until)
            .options(WITH_ROLES)
            .outerjoin(LoginFailure, LoginFailure.username_key == func.lower(User.username))
            .where(position, *self._conditions(query))
            .order_by(User.id.desc() if query.backward else User.id)
            .limit(query.limit + 1)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(stmt)).all()]

    async def count(self, query: UserQuery) -> int:
        return int(await self.session.scalar(select(func.count(User.id)).where(*self._conditions(query))) or 0)

    def _conditions(self, query: UserQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.text:
            # lower(...) LIKE '%q%' is served by the trigram indexes.
            pattern = contains_pattern(query.text)
            conditions.append(
                or_(
                    func.lower(User.username).like(pattern, escape="\\"),
                    func.lower(User.email).like(pattern, escape="\\"),
                )
            )
        if query.is_active is not None:
            conditions.append(User.is_active.is_(query.is_active))
        if query.role:
            conditions.append(
                exists().where(
                    UserRole.user_id == User.id,
                    UserRole.role_id == Role.id,
                    func.lower(Role.name) == query.role.lower(),
                )
            )
        return conditions

    async def set_password(self, user: User, password_hash: str) -> None:
        user.password_hash = password_hash
        await self.session.flush()

    async def lock_admin_changes(self) -> None:
        """Serialise changes that could leave the system without an active admin."""
        await self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('rr_auth_admins'))"))
