"""What several subdomains share: the token pair, the calling user, user look-ups, input rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.errors import AccountMissing, UserNotFound, UserRequired
from rr_auth.models import Role, User
from rr_auth.permissions import builtin_permissions
from rr_auth.repository.users import UserRepository
from rr_common.context import Principal
from rr_common.errors import (
    AccountInactive,
    InvalidCursor,
    ValidationFailed,
)
from rr_common.pagination import decode_cursor, split_direction
from rr_common.tokens import ACCOUNT_INACTIVE

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,50}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    scope: str = ""


def role_permissions(role: Role) -> tuple[str, ...]:
    return builtin_permissions(role.name) if role.is_builtin else tuple(g.permission for g in role.grants)


def user_permissions(user: User) -> list[str]:
    """The union of the permissions of every role the user holds (roles loaded with grants)."""
    return sorted({p for role in user.roles for p in role_permissions(role)})


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


def id_after(cursor: str) -> tuple[int, bool]:
    """The id of a keyset cursor (0 for the first page), and whether the page wanted is the one
    before it (a prev_cursor) rather than after it."""
    if not cursor:
        return 0, False
    key, backward = split_direction(decode_cursor(cursor))
    if len(key) != 1 or not isinstance(key[0], int) or not 0 <= key[0] < 2**63:
        raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.")
    return key[0], backward
