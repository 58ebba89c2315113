"""Token introspection (RFC 7662) for registered confidential clients. A client learns only
about tokens issued to it: anything else (expired, revoked, unknown, another app's, a user's own
session) is simply `active: false`, so the endpoint reveals nothing about foreign tokens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.accounts.repository import UserRepository
from rr_auth.oauth.clients import ClientService
from rr_auth.sessions.repository import RefreshTokenRepository
from rr_auth.tokens.issuer import TokenIssuer, hash_refresh_token
from rr_common.timeconv import utcnow


@dataclass(frozen=True)
class Introspection:
    active: bool
    sub: str = ""
    client_id: str = ""
    scope: str = ""
    exp: int = 0
    iat: int = 0
    token_type: str = ""
    username: str = ""


INACTIVE = Introspection(active=False)


class IntrospectionService:
    def __init__(self, clients: ClientService, issuer: TokenIssuer) -> None:
        self.clients = clients
        self.issuer = issuer

    async def introspect(self, session: AsyncSession, client_id: str, client_secret: str, token: str) -> Introspection:
        client = await self.clients.verify(session, client_id, client_secret)
        if token.count(".") == 2:
            return await self._access_token(session, client.client_id, token)
        return await self._refresh_token(session, client.client_id, token)

    async def _access_token(self, session: AsyncSession, client_id: str, token: str) -> Introspection:
        claims = self.issuer.read_claims(token)
        if claims is None or claims.get("client_id") != client_id:
            return INACTIVE
        subject = str(claims.get("sub", ""))
        family_id = str(claims.get("sid", ""))
        if family_id and await RefreshTokenRepository(session).family_revoked(family_id):
            return INACTIVE
        if subject.isdigit():
            user = await UserRepository(session).by_id(int(subject))
            if user is None or not user.is_active:
                return INACTIVE
        return Introspection(
            active=True,
            sub=subject,
            client_id=client_id,
            scope=str(claims.get("scope", "")),
            exp=int(claims["exp"]),
            iat=int(claims.get("iat", 0)),
            token_type="Bearer",
            username=str(claims.get("username", "")),
        )

    async def _refresh_token(self, session: AsyncSession, client_id: str, token: str) -> Introspection:
        stored = await RefreshTokenRepository(session).by_hash(hash_refresh_token(token)) if token else None
        if stored is None or stored.client_id != client_id:
            return INACTIVE
        if stored.revoked_at is not None or stored.used_at is not None or stored.expires_at <= utcnow():
            return INACTIVE
        user = await UserRepository(session).by_id(stored.user_id)
        if user is None or not user.is_active:
            return INACTIVE
        return Introspection(
            active=True,
            sub=str(user.id),
            client_id=client_id,
            scope=" ".join(sorted(stored.scopes or ())),
            exp=int(stored.expires_at.timestamp()),
            iat=int(stored.created_at.timestamp()),
            token_type="refresh_token",
            username=user.username,
        )
