"""Roles: list, create custom roles with permissions, assign and remove. Managing roles is the
admin role's alone: a holder of a delegated permission must not be able to grant itself more."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth import events
from rr_auth.accounts.lookup import current_user, find_user
from rr_auth.accounts.repository import UserRepository
from rr_auth.errors import AdminRequired, LastAdmin, RoleExists, RoleNotFound
from rr_auth.models import Role, RolePermission, User
from rr_auth.roles.domain import ADMIN, BUILTIN_ROLES, PERMISSIONS, ROLE_NAME, unknown_permissions
from rr_auth.roles.repository import RoleRepository
from rr_common.context import Principal
from rr_common.errors import ValidationFailed

MAX_DESCRIPTION = 500


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise AdminRequired("Only administrators manage roles.")


class RoleService:
    async def list_roles(self, session: AsyncSession, principal: Principal) -> Sequence[Role]:
        return await RoleRepository(session).all()

    async def create_role(
        self, session: AsyncSession, principal: Principal, name: str, description: str, permissions: Sequence[str]
    ) -> Role:
        require_admin(principal)
        name = name.strip().lower()
        errors = []
        if not ROLE_NAME.match(name):
            errors.append(
                {
                    "loc": "name",
                    "msg": "Role names are 2-50 lower-case letters, digits, '_' or '-', starting with a letter.",
                }
            )
        if len(description) > MAX_DESCRIPTION:
            errors.append(
                {"loc": "description", "msg": f"The description must be at most {MAX_DESCRIPTION} characters."}
            )
        if unknown := unknown_permissions(permissions):
            errors.append(
                {
                    "loc": "permissions",
                    "msg": f"Unknown permissions: {', '.join(unknown)}. Known: {', '.join(PERMISSIONS)}.",
                }
            )
        if errors:
            raise ValidationFailed(" ".join(e["msg"] for e in errors), errors=errors)
        roles = RoleRepository(session)
        if name in BUILTIN_ROLES or await roles.by_name(name) is not None:
            raise RoleExists(f"A role named '{name}' already exists.")
        role = Role(
            name=name,
            description=description.strip(),
            is_builtin=False,
            grants=[RolePermission(permission=p) for p in sorted(set(permissions))],
        )
        try:
            return await roles.add(role)
        except IntegrityError as exc:  # created concurrently
            raise RoleExists(f"A role named '{name}' already exists.") from exc

    async def assign(
        self, session: AsyncSession, principal: Principal, user_id: int, username: str, role_name: str
    ) -> User:
        require_admin(principal)
        user, role = await self._user_and_role(session, user_id, username, role_name)
        if await RoleRepository(session).assign(user.id, [role.id], assigned_by=principal.user_id or None):
            user = await UserRepository(session).reload(user.id)
            await events.user_role_changed(session, user, user.role_names, added=[role.name])
        return user

    async def remove(
        self, session: AsyncSession, principal: Principal, user_id: int, username: str, role_name: str
    ) -> User:
        require_admin(principal)
        users = UserRepository(session)
        if role_name.strip().lower() == ADMIN:
            await users.lock_admin_changes()
        user, role = await self._user_and_role(session, user_id, username, role_name)
        if role.name == ADMIN and user.is_active and await users.active_admin_count() <= 1 and ADMIN in user.role_names:
            raise LastAdmin("This is the last active administrator; make someone else admin first.")
        if await RoleRepository(session).unassign(user.id, role.id):
            user = await users.reload(user.id)
            await events.user_role_changed(session, user, user.role_names, removed=[role.name])
        return user

    async def my_roles(self, session: AsyncSession, principal: Principal) -> list[Role]:
        return list((await current_user(session, principal)).roles)

    async def _user_and_role(
        self, session: AsyncSession, user_id: int, username: str, role_name: str
    ) -> tuple[User, Role]:
        if not role_name.strip():
            raise ValidationFailed("Name the role as role_name.")
        role = await RoleRepository(session).by_name(role_name.strip())
        if role is None:
            raise RoleNotFound(f"There is no role '{role_name.strip()[:50]}'.")
        return await find_user(session, user_id, username), role
