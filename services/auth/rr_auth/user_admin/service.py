"""Administration of accounts: list/search, reset a password, unlock, deactivate, reactivate.
Each needs the `users:manage` permission (the admin role has it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth import events
from rr_auth.accounts.lookup import find_user
from rr_auth.accounts.repository import UserQuery, UserRepository
from rr_auth.accounts.service import AccountService
from rr_auth.cursors import id_after
from rr_auth.errors import AdminRequired, LastAdmin, OwnAccount
from rr_auth.lockout.repository import LoginFailureRepository
from rr_auth.lockout.service import PASSWORD_CHANGE_KEY
from rr_auth.models import User
from rr_auth.roles.domain import ADMIN, require_permission
from rr_auth.sessions.repository import RefreshTokenRepository
from rr_common.context import Principal
from rr_common.errors import ValidationFailed
from rr_common.pagination import clamp_limit, two_way_page
from rr_common.timeconv import utcnow

MANAGE = "users:manage"
MAX_QUERY = 100


def protect_admins(principal: Principal, user: User) -> None:
    """A delegated `users:manage` holder must not take over or lock out an administrator."""
    if ADMIN in user.role_names and not principal.is_admin:
        raise AdminRequired("Only administrators can do this to an administrator's account.")


@dataclass(frozen=True)
class UserPage:
    users: Sequence[tuple[User, datetime | None]]
    next_cursor: str
    total: int
    prev_cursor: str = ""


@dataclass(frozen=True)
class ManagedUser:
    user: User
    locked_until: datetime | None


class UserAdminService:
    def __init__(self, accounts: AccountService) -> None:
        self.accounts = accounts

    async def list_users(
        self,
        session: AsyncSession,
        principal: Principal,
        limit: int,
        cursor: str,
        text: str,
        is_active: bool | None,
        role: str,
    ) -> UserPage:
        require_permission(principal, MANAGE)
        if len(text) > MAX_QUERY or len(role) > 50:
            raise ValidationFailed(f"The search text must be at most {MAX_QUERY} characters.")
        after_id, backward = id_after(cursor)
        query = UserQuery(
            after_id=after_id,
            limit=clamp_limit(limit),
            text=text.strip(),
            is_active=is_active,
            role=role.strip(),
            backward=backward,
        )
        users = UserRepository(session)
        page = two_way_page(await users.page(query), query.limit, bool(cursor), backward, lambda row: [row[0].id])
        return UserPage(page.items, page.next_cursor, await users.count(query), page.prev_cursor)

    async def reset_password(
        self, session: AsyncSession, principal: Principal, user_id: int, username: str, new_password: str
    ) -> ManagedUser:
        require_permission(principal, MANAGE)
        user = await find_user(session, user_id, username, for_update=True)
        if user.id == principal.user_id:
            raise OwnAccount("Change your own password with POST /api/v1/users/me/password.")
        protect_admins(principal, user)
        self.accounts.check_new_password(new_password, user.username)
        await UserRepository(session).set_password(user, await self.accounts.passwords.hash(new_password))
        # Whoever held a session with the old password loses it; the lock no longer applies.
        await RefreshTokenRepository(session).revoke_all_of_user(user.id, utcnow())
        failures = LoginFailureRepository(session)
        await failures.clear(user.username)
        await failures.clear(PASSWORD_CHANGE_KEY + user.username)
        return ManagedUser(user, None)

    async def unlock(self, session: AsyncSession, principal: Principal, user_id: int) -> ManagedUser:
        require_permission(principal, MANAGE)
        user = await find_user(session, user_id)
        failures = LoginFailureRepository(session)
        await failures.clear(user.username)
        await failures.clear(PASSWORD_CHANGE_KEY + user.username)
        return ManagedUser(user, None)

    async def deactivate(self, session: AsyncSession, principal: Principal, user_id: int) -> ManagedUser:
        require_permission(principal, MANAGE)
        users = UserRepository(session)
        await users.lock_admin_changes()
        user = await find_user(session, user_id, for_update=True)
        if user.id == principal.user_id:
            raise OwnAccount("You cannot deactivate your own account.")
        protect_admins(principal, user)
        if user.is_active and ADMIN in user.role_names and await users.active_admin_count() <= 1:
            raise LastAdmin("This is the last active administrator; make someone else admin first.")
        if user.is_active:
            user.is_active = False
            # Refreshing is refused from now on; access tokens die within their short lifetime.
            await RefreshTokenRepository(session).revoke_all_of_user(user.id, utcnow())
            await events.user_deactivated(session, user)
            await session.flush()
        return ManagedUser(user, await self._locked_until(session, user))

    async def activate(self, session: AsyncSession, principal: Principal, user_id: int) -> ManagedUser:
        require_permission(principal, MANAGE)
        user = await find_user(session, user_id, for_update=True)
        if not user.is_active:
            user.is_active = True
            await events.user_reactivated(session, user)
            await session.flush()
        return ManagedUser(user, await self._locked_until(session, user))

    async def _locked_until(self, session: AsyncSession, user: User) -> datetime | None:
        return await LoginFailureRepository(session).locked_until(user.username, utcnow())
