"""Accounts: registration, first-run setup and the user's own password."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth import events
from rr_auth.accounts.domain import EMAIL, USERNAME
from rr_auth.accounts.lookup import current_user
from rr_auth.accounts.passwords import PasswordPolicy, Passwords
from rr_auth.accounts.repository import UserRepository
from rr_auth.errors import (
    EmailTaken,
    PasswordUnchanged,
    SetupComplete,
    UsernameTaken,
    WeakPassword,
    WrongCurrentPassword,
)
from rr_auth.lockout.service import PASSWORD_CHANGE_KEY, Lockout
from rr_auth.models import User
from rr_auth.roles.domain import ADMIN, USER
from rr_auth.roles.repository import RoleRepository
from rr_auth.sessions.repository import RefreshTokenRepository
from rr_common.context import Principal
from rr_common.errors import ValidationFailed
from rr_common.timeconv import utcnow


class AccountService:
    def __init__(self, passwords: Passwords, policy: PasswordPolicy, lockout: Lockout) -> None:
        self.passwords = passwords
        self.policy = policy
        self.lockout = lockout

    async def register(
        self, session: AsyncSession, username: str, password: str, email: str, roles: Sequence[str] = (USER,)
    ) -> User:
        self._validate_new_user(username, password, email)
        users = UserRepository(session)
        if await users.username_taken(username):
            raise UsernameTaken("That username is already taken; choose another.")
        if email and await users.email_taken(email):
            raise EmailTaken("That e-mail address is already registered.")
        user = User(username=username, email=email or None, password_hash=await self.passwords.hash(password))
        try:
            user = await users.add(user)
        except IntegrityError as exc:  # a concurrent registration won the race
            raise UsernameTaken("That username or e-mail is already registered.") from exc
        role_rows = await RoleRepository(session).by_names(list(roles))
        await RoleRepository(session).assign(user.id, [r.id for r in role_rows], assigned_by=None)
        user = await users.reload(user.id)
        await events.user_registered(session, user, user.role_names)
        return user

    def _validate_new_user(self, username: str, password: str, email: str) -> None:
        errors: list[dict[str, str]] = []
        if not USERNAME.match(username):
            errors.append({"loc": "username", "msg": "Username must be 3-50 letters, digits, '.', '_' or '-'."})
        if email and (len(email) > 254 or not EMAIL.match(email)):
            errors.append({"loc": "email", "msg": "E-mail address is not valid."})
        errors += [{"loc": "password", "msg": m} for m in self.policy.violations(password, username)]
        if errors:
            raise ValidationFailed("; ".join(e["msg"] for e in errors), errors=errors)

    def check_new_password(self, password: str, username: str) -> None:
        problems = self.policy.violations(password, username)
        if problems:
            raise WeakPassword(" ".join(problems), errors=[{"loc": "new_password", "msg": m} for m in problems])

    async def needs_setup(self, session: AsyncSession) -> bool:
        """True until the first administrator exists."""
        return not await UserRepository(session).admin_exists()

    async def directory(self, session: AsyncSession, ids: Sequence[int]) -> Sequence[User]:
        """Users by id, for resolving ids to names (the caller decides what of each it may show)."""
        return await UserRepository(session).by_ids(list(ids))

    async def initialize_setup(self, session: AsyncSession, username: str, password: str, email: str) -> User:
        # Serialise concurrent setups so exactly one first admin can exist.
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('rr_auth_setup'))"))
        if await UserRepository(session).admin_exists():
            raise SetupComplete("Setup is already complete: an administrator exists.")
        return await self.register(session, username, password, email, roles=(ADMIN, USER))

    async def change_password(self, session: AsyncSession, principal: Principal, current: str, new: str) -> int:
        """Set a new password and end every session; returns how many sessions ended."""
        user = await current_user(session, principal)
        await self.lockout.ensure_may_change_password(session, user.username)
        if not await self.passwords.verify(user.password_hash, current):
            await self.lockout.record_wrong_current_password(session, user.username)
            raise WrongCurrentPassword(
                "The current password is not correct.",
                keep_changes=True,
                errors=[{"loc": "current_password", "msg": "The current password is not correct."}],
            )
        self.check_new_password(new, user.username)
        if current == new:
            raise PasswordUnchanged("The new password must differ from the current one.")
        await UserRepository(session).set_password(user, await self.passwords.hash(new))
        await self.lockout.clear(session, PASSWORD_CHANGE_KEY + user.username)
        return await RefreshTokenRepository(session).revoke_all_of_user(user.id, utcnow())
