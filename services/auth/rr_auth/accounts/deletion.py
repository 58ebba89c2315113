"""Self-service account deletion: the account is deactivated and anonymised rather than removed,
so the ids other services and the audit log hold stay meaningful, while the name and address
are free to be used again and no personal data remains in auth."""

from __future__ import annotations

import secrets

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth import events
from rr_auth.accounts.domain import placeholder_name
from rr_auth.accounts.lookup import current_user
from rr_auth.accounts.passwords import Passwords
from rr_auth.accounts.repository import UserRepository
from rr_auth.errors import InvalidMfaCodeInput, LastAdmin, MfaRequiredInput, WrongCurrentPassword
from rr_auth.lockout.repository import LoginFailureRepository
from rr_auth.lockout.service import PASSWORD_CHANGE_KEY, Lockout
from rr_auth.mfa.repository import BackupCodeRepository
from rr_auth.mfa.service import MfaCodes
from rr_auth.models import User, UserRole
from rr_auth.password_reset.repository import PasswordResetRepository
from rr_auth.roles.domain import ADMIN
from rr_auth.sessions.repository import RefreshTokenRepository
from rr_common.context import Principal
from rr_common.timeconv import utcnow


class AccountDeletion:
    def __init__(self, passwords: Passwords, lockout: Lockout, mfa: MfaCodes) -> None:
        self.passwords = passwords
        self.lockout = lockout
        self.mfa = mfa

    async def delete_me(self, session: AsyncSession, principal: Principal, password: str, code: str) -> int:
        users = UserRepository(session)
        await users.lock_admin_changes()
        user = await current_user(session, principal)
        await self._check_identity(session, user, password, code)
        if ADMIN in user.role_names and await users.active_admin_count() <= 1:
            raise LastAdmin(
                "You are the last active administrator: make someone else an administrator before deleting your account.",
            )
        await self._anonymise(session, user)
        await events.user_deactivated(session, user)
        await events.user_deleted(session, user)
        return user.id

    async def _check_identity(self, session: AsyncSession, user: User, password: str, code: str) -> None:
        # Wrong passwords count like those of a password change: a stolen access token may not
        # guess without limit, nor lock the owner out of signing in.
        await self.lockout.ensure_may_change_password(session, user.username)
        if not await self.passwords.verify(user.password_hash, password):
            await self.lockout.record_wrong_current_password(session, user.username)
            raise WrongCurrentPassword(
                "The password is not correct.",
                keep_changes=True,
                errors=[{"loc": "password", "msg": "The password is not correct."}],
            )
        if not user.mfa_enabled:
            return
        if not code:
            raise MfaRequiredInput(
                "This account uses two-factor authentication: also give a code from your authenticator app (or a backup code).",
                errors=[{"loc": "otp", "msg": "Give a code from your authenticator app."}],
            )
        if not await self.mfa.accept(session, user, code):
            await self.lockout.record_wrong_current_password(session, user.username)
            raise InvalidMfaCodeInput(
                "The authentication code is not valid or was already used; use the next code from your app.",
                keep_changes=True,
                errors=[{"loc": "otp", "msg": "The code is not valid."}],
            )

    async def _anonymise(self, session: AsyncSession, user: User) -> None:
        now = utcnow()
        failures = LoginFailureRepository(session)
        await failures.clear(user.username)
        await failures.clear(PASSWORD_CHANGE_KEY + user.username)
        await RefreshTokenRepository(session).revoke_all_of_user(user.id, now)
        await PasswordResetRepository(session).use_all_of_user(user.id, now)
        await BackupCodeRepository(session).delete_all(user.id)
        await session.execute(delete(UserRole).where(UserRole.user_id == user.id))
        user.username = placeholder_name(user.id)
        user.email = None
        user.is_active = False
        user.mfa_enabled = False
        user.mfa_secret = None
        user.mfa_last_step = None
        # Nobody knows this password: the account can never be signed into again.
        user.password_hash = await self.passwords.hash(secrets.token_urlsafe(32))
        await session.flush()
