"""Password reset by e-mail: a single-use, short-lived link secret (stored hashed) mailed by
notify, then a new password that ends every session. Asking answers the same whatever the name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth import events
from rr_auth.accounts.repository import UserRepository
from rr_auth.accounts.service import AccountService
from rr_auth.errors import InvalidResetToken
from rr_auth.lockout.repository import LoginFailureRepository
from rr_auth.lockout.service import PASSWORD_CHANGE_KEY
from rr_auth.models import PasswordResetToken, User
from rr_auth.password_reset.repository import PasswordResetRepository
from rr_auth.sessions.repository import RefreshTokenRepository
from rr_auth.tokens.issuer import hash_refresh_token, new_refresh_token
from rr_common.errors import ValidationFailed
from rr_common.timeconv import utcnow

MAX_LOGIN = 254


def invalid_token(reason: str) -> InvalidResetToken:
    return InvalidResetToken(
        f"This password-reset link {reason}; ask for a new one on the sign-in page.",
        errors=[{"loc": "token", "msg": f"The link {reason}."}],
    )


class PasswordResetService:
    def __init__(self, accounts: AccountService, ttl: timedelta) -> None:
        self.accounts = accounts
        self.ttl = ttl

    async def request(self, session: AsyncSession, login: str) -> None:
        """Mail a link to an existing active account with an address; nothing otherwise. The
        caller sees no difference either way (no account enumeration)."""
        login = login.strip()
        if not login or len(login) > MAX_LOGIN:
            raise ValidationFailed(
                "Give your username or e-mail address.",
                errors=[{"loc": "email", "msg": "Give your username or e-mail address."}],
            )
        users = UserRepository(session)
        user = await (users.by_email(login) if "@" in login else users.by_username(login))
        if user is None or not user.is_active or not user.email:
            return
        token = new_refresh_token()
        expires_at = utcnow() + self.ttl
        await PasswordResetRepository(session).add(
            PasswordResetToken(user_id=user.id, token_hash=hash_refresh_token(token), expires_at=expires_at)
        )
        await events.password_reset_requested(session, user, token, expires_at)

    async def confirm(self, session: AsyncSession, token: str, new_password: str) -> int:
        """Set the new password, spend the link (and any other of the account), end every
        session and lift a sign-in lockout; returns how many sessions ended."""
        stored = await PasswordResetRepository(session).by_hash_for_update(hash_refresh_token(token)) if token else None
        now = utcnow()
        if stored is None:
            raise invalid_token("is not valid")
        if stored.used_at is not None:
            raise invalid_token("was already used")
        if stored.expires_at <= now:
            raise invalid_token("has expired")
        user = await UserRepository(session).by_id_for_update(stored.user_id)
        if user is None or not user.is_active:
            raise invalid_token("is not valid")
        self.accounts.check_new_password(new_password, user.username)
        await UserRepository(session).set_password(user, await self.accounts.passwords.hash(new_password))
        await PasswordResetRepository(session).use_all_of_user(user.id, now)
        await self._lift_lockout(session, user)
        return await RefreshTokenRepository(session).revoke_all_of_user(user.id, now)

    async def _lift_lockout(self, session: AsyncSession, user: User) -> None:
        # Whoever reads the account's mailbox proved more than a password would: like an
        # administrator's reset, the new password works at once.
        failures = LoginFailureRepository(session)
        await failures.clear(user.username)
        await failures.clear(PASSWORD_CHANGE_KEY + user.username)
