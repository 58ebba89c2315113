"""The calling user and users a request names, as every subdomain looks them up."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.accounts.repository import UserRepository
from rr_auth.errors import AccountMissing, UserNotFound, UserRequired
from rr_auth.models import User
from rr_common.context import Principal
from rr_common.errors import AccountInactive, ValidationFailed
from rr_common.tokens import ACCOUNT_INACTIVE


async def current_user(session: AsyncSession, principal: Principal) -> User:
    """The signed-in user behind `principal`, refusing services and deactivated accounts."""
    if principal.is_service:
        raise UserRequired("This needs a signed-in user, not a service token.")
    user = await UserRepository(session).by_id(principal.user_id)
    if user is None:
        raise AccountMissing("Your account no longer exists; sign in again.")
    if not user.is_active:
        raise AccountInactive(ACCOUNT_INACTIVE)
    return user


async def find_user(session: AsyncSession, user_id: int, username: str = "", *, for_update: bool = False) -> User:
    """A user named by id, or by username when the id is 0."""
    users = UserRepository(session)
    if user_id > 0:
        user = await (users.by_id_for_update(user_id) if for_update else users.by_id(user_id))
    elif username:
        user = await users.by_username(username)
    else:
        raise ValidationFailed("Name the user by user_id or username.")
    if user is None:
        raise UserNotFound(f"There is no user {user_id or repr(username)}.")
    return user
