"""Sign-in and sessions: password (+ MFA) login with lockout, refresh rotation with theft
detection, logout and token revocation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.accounts.passwords import Passwords
from rr_auth.accounts.repository import UserRepository
from rr_auth.errors import (
    AccountInactiveOnRefresh,
    InvalidCredentials,
    InvalidMfaCode,
    InvalidRefreshToken,
    MfaRequired,
    RefreshTokenReused,
    UnsupportedTokenType,
)
from rr_auth.lockout.service import Lockout
from rr_auth.mfa.service import MfaCodes
from rr_auth.models import OAuthClient, RefreshToken, User
from rr_auth.oauth.repository import ClientRepository
from rr_auth.roles.domain import user_permissions
from rr_auth.sessions.repository import RefreshTokenRepository
from rr_auth.tokens.issuer import TokenIssuer, TokenPair, hash_refresh_token, new_refresh_token
from rr_common.context import Principal
from rr_common.errors import AccountInactive, InvalidClient
from rr_common.timeconv import utcnow
from rr_common.tokens import ACCOUNT_INACTIVE

INVALID_CREDENTIALS = "Incorrect username or password."


class SessionService:
    def __init__(
        self, issuer: TokenIssuer, passwords: Passwords, lockout: Lockout, mfa: MfaCodes, refresh_ttl: int
    ) -> None:
        self.issuer = issuer
        self.passwords = passwords
        self.lockout = lockout
        self.mfa = mfa
        self.refresh_ttl = refresh_ttl

    async def login(
        self, session: AsyncSession, username: str, password: str, otp: str = "", backup_code: str = ""
    ) -> TokenPair:
        # Locked names (real or not) are refused before any hashing: same answer, same cost.
        await self.lockout.ensure_not_locked(session, username)
        user = await UserRepository(session).by_username(username)
        valid = await self.passwords.verify(user.password_hash if user else None, password)
        if user is None or not valid:
            await self.lockout.record_failure(session, username, user)
            raise InvalidCredentials(INVALID_CREDENTIALS, keep_changes=True)
        if not user.is_active:
            raise AccountInactive(ACCOUNT_INACTIVE)
        if user.mfa_enabled:
            await self._second_factor(session, user, otp or backup_code)
        await self.lockout.clear(session, username)
        if self.passwords.needs_rehash(user.password_hash):
            await UserRepository(session).set_password(user, await self.passwords.hash(password))
        return await self.issue(session, user, family_id=str(uuid.uuid4()))

    async def _second_factor(self, session: AsyncSession, user: User, code: str) -> None:
        if not code:
            raise MfaRequired(
                "This account uses two-factor authentication: send the code from your authenticator app "
                "as 'otp' (or a backup code as 'backup_code').",
            )
        if not await self.mfa.accept(session, user, code):
            await self.lockout.record_failure(session, user.username, user)
            raise InvalidMfaCode(
                "The authentication code is not valid or was already used; use the next code from your app.",
                keep_changes=True,
            )

    async def refresh(self, session: AsyncSession, refresh_token: str) -> TokenPair:
        tokens = RefreshTokenRepository(session)
        stored = await tokens.by_hash_for_update(hash_refresh_token(refresh_token))
        now = utcnow()
        if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
            raise InvalidRefreshToken("The refresh token is not valid; sign in again.")
        if stored.used_at is not None:
            # A used token presented again: someone holds a stolen copy. End the whole family.
            await tokens.revoke_family(stored.family_id, now)
            raise RefreshTokenReused(
                "The refresh token was already used; every session of it is revoked. Sign in again.",
                keep_changes=True,
            )
        stored.used_at = now
        user = await UserRepository(session).by_id(stored.user_id)
        if user is None or not user.is_active:
            await tokens.revoke_family(stored.family_id, now)
            raise AccountInactiveOnRefresh("This account can no longer sign in.", keep_changes=True)
        if stored.client_id is not None:
            app = await ClientRepository(session).by_client_id(stored.client_id)
            if app is None or app.revoked_at is not None:
                await tokens.revoke_family(stored.family_id, now)
                raise InvalidClient("The app this session belongs to was revoked.", keep_changes=True)
        return await self.issue(
            session, user, family_id=stored.family_id, client_id=stored.client_id, scopes=stored.scopes
        )

    async def logout(self, session: AsyncSession, principal: Principal, refresh_token: str) -> None:
        if refresh_token.count(".") == 2:
            raise UnsupportedTokenType("Send the refresh token, not the access token.")
        await self.revoke(session, principal, refresh_token)

    async def revoke(
        self, session: AsyncSession, principal: Principal | None, token: str, client: OAuthClient | None = None
    ) -> bool:
        """End the session (family) of a refresh token, or of the access token's `sid`, that the
        caller owns: the signed-in user, a `users:manage` holder, or the client it was issued to.
        Unknown tokens are not an error (RFC 7009)."""
        if token.count(".") == 2:
            return await self._revoke_access_token(session, principal, token, client)
        tokens = RefreshTokenRepository(session)
        stored = await tokens.by_hash_for_update(hash_refresh_token(token)) if token else None
        if stored is None or stored.revoked_at is not None:
            return False
        if not _may_revoke(principal, client, stored.user_id, stored.client_id):
            return False
        await tokens.revoke_family(stored.family_id, utcnow())
        return True

    async def _revoke_access_token(
        self, session: AsyncSession, principal: Principal | None, token: str, client: OAuthClient | None
    ) -> bool:
        claims = self.issuer.read_claims(token)
        if claims is None:
            return False
        family_id = str(claims.get("sid", ""))
        if not family_id:
            raise UnsupportedTokenType(
                "This access token belongs to no session and expires within minutes; revoke the refresh token instead.",
            )
        subject = str(claims.get("sub", ""))
        user_id = int(subject) if subject.isdigit() else 0
        if not _may_revoke(principal, client, user_id, claims.get("client_id")):
            return False
        await RefreshTokenRepository(session).revoke_family(family_id, utcnow())
        return True

    async def issue(
        self,
        session: AsyncSession,
        user: User,
        family_id: str,
        client_id: str | None = None,
        scopes: Sequence[str] | None = None,
    ) -> TokenPair:
        """A token pair for the user's own session, or, with `client_id`, for an app the user
        allowed `scopes` (kept to what the user may still do)."""
        permissions = user_permissions(user)
        if client_id is not None:
            permissions = sorted(set(scopes or ()) & set(permissions))
        refresh = new_refresh_token()
        await RefreshTokenRepository(session).add(
            RefreshToken(
                user_id=user.id,
                family_id=family_id,
                token_hash=hash_refresh_token(refresh),
                expires_at=utcnow() + timedelta(seconds=self.refresh_ttl),
                client_id=client_id,
                scopes=list(scopes or ()) if client_id is not None else None,
            )
        )
        if client_id is not None:
            access = self.issuer.delegated_token(user.id, user.username, client_id, permissions, family_id)
        else:
            access = self.issuer.access_token(user.id, user.username, user.role_names, permissions, family_id)
        return TokenPair(access, refresh, self.issuer.access_ttl, " ".join(permissions))


def _may_revoke(principal: Principal | None, client: OAuthClient | None, user_id: int, client_id: object) -> bool:
    if client is not None:
        return bool(client_id) and client_id == client.client_id
    if principal is None:
        return False
    return user_id == principal.user_id or principal.is_admin or "users:manage" in principal.scopes
