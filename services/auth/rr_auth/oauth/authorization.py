"""The authorization-code grant with PKCE (RFC 6749 section 4.1, RFC 7636; S256 only).

An unknown client or a redirect_uri it did not register is refused outright (the browser must
never be sent to an address nobody vouched for); every other fault goes back to the app's
redirect_uri as `error=`. Codes live 60 seconds, are good once and are stored as hashes; a code
presented twice ends the session its first use opened (RFC 6749 section 4.1.2)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.accounts.lookup import current_user
from rr_auth.accounts.repository import UserRepository
from rr_auth.errors import InvalidClientInput, InvalidGrant, InvalidRedirectUri, UnauthorizedClient, UserRequired
from rr_auth.models import AuthorizationCode, OAuthClient
from rr_auth.oauth.clients import INVALID_CLIENT, hash_secret
from rr_auth.oauth.domain import PKCE_VALUE, verifier_matches, with_query
from rr_auth.oauth.repository import AuthorizationCodeRepository, ClientRepository
from rr_auth.sessions.repository import RefreshTokenRepository
from rr_auth.sessions.service import SessionService
from rr_auth.tokens.issuer import TokenPair
from rr_common.context import Principal
from rr_common.errors import InvalidClient
from rr_common.timeconv import utcnow

CODE_TTL = timedelta(seconds=60)
# Used and expired codes are kept this long so that a late replay still ends its session.
CODE_RETENTION = timedelta(days=1)
INVALID_GRANT = (
    "The authorization code is not valid: it is unknown, expired, or was issued to another client or redirect_uri."
)


@dataclass(frozen=True)
class AuthorizationRequest:
    response_type: str
    client_id: str
    redirect_uri: str
    scope: str
    state: str
    code_challenge: str
    code_challenge_method: str


@dataclass(frozen=True)
class CheckedRequest:
    client: OAuthClient
    scopes: list[str] = field(default_factory=list)
    error: str = ""
    error_description: str = ""
    redirect_to: str = ""


class AuthorizationService:
    def __init__(self, sessions: SessionService) -> None:
        self.sessions = sessions

    async def check(self, session: AsyncSession, request: AuthorizationRequest) -> CheckedRequest:
        client = await ClientRepository(session).by_client_id(request.client_id) if request.client_id else None
        if client is None or client.revoked_at is not None:
            raise InvalidClientInput(f"There is no active OAuth2 client '{request.client_id[:64]}'; check client_id.")
        if not client.redirect_uris:
            raise UnauthorizedClient(
                "This client registered no redirect URI, so it cannot ask users for consent.",
            )
        if request.redirect_uri not in client.redirect_uris:
            raise InvalidRedirectUri(
                "redirect_uri must be exactly one of the URIs the client registered; it is not redirected to.",
            )

        def refuse(error: str, description: str) -> CheckedRequest:
            target = with_query(request.redirect_uri, error=error, error_description=description, state=request.state)
            return CheckedRequest(client, error=error, error_description=description, redirect_to=target)

        if request.response_type != "code":
            return refuse("unsupported_response_type", "Only response_type=code is supported.")
        if request.code_challenge_method != "S256":
            return refuse("invalid_request", "PKCE is required with code_challenge_method=S256; plain is refused.")
        if not PKCE_VALUE.match(request.code_challenge):
            return refuse(
                "invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier (43 characters)."
            )
        asked = sorted(set(request.scope.split()))
        if extra := [s for s in asked if s not in client.scopes]:
            return refuse("invalid_scope", f"The client may not ask for: {', '.join(extra)}.")
        return CheckedRequest(client, scopes=asked or sorted(client.scopes))

    async def decide(
        self, session: AsyncSession, principal: Principal, request: AuthorizationRequest, allow: bool
    ) -> str:
        """Where the browser goes after the user's answer on the consent screen."""
        if principal.app_id:
            # An app holding the user's token must not grant itself (or another app) more.
            raise UserRequired("Consent needs the user's own sign-in, not a token an app holds.")
        user = await current_user(session, principal)
        checked = await self.check(session, request)
        if checked.error:
            return checked.redirect_to
        if not allow:
            return with_query(
                request.redirect_uri,
                error="access_denied",
                error_description="The user denied the request.",
                state=request.state,
            )
        code = secrets.token_urlsafe(32)
        now = utcnow()
        codes = AuthorizationCodeRepository(session)
        await codes.delete_expired_before(now - CODE_RETENTION)
        await codes.add(
            AuthorizationCode(
                code_hash=hash_secret(code),
                client_id=checked.client.client_id,
                user_id=user.id,
                redirect_uri=request.redirect_uri,
                scopes=checked.scopes,
                code_challenge=request.code_challenge,
                family_id=str(uuid.uuid4()),
                expires_at=now + CODE_TTL,
            )
        )
        return with_query(request.redirect_uri, code=code, state=request.state)

    async def exchange(
        self,
        session: AsyncSession,
        code: str,
        redirect_uri: str,
        client_id: str,
        client_secret: str,
        code_verifier: str,
    ) -> TokenPair:
        client = await self._authenticate(session, client_id, client_secret)
        stored = await AuthorizationCodeRepository(session).by_hash_for_update(hash_secret(code)) if code else None
        if stored is None or stored.client_id != client.client_id:
            raise InvalidGrant(INVALID_GRANT)
        now = utcnow()
        if stored.used_at is not None:
            await RefreshTokenRepository(session).revoke_family(stored.family_id, now)
            raise InvalidGrant(
                "The authorization code was already used; the tokens issued for it are revoked. Ask the user again.",
                keep_changes=True,
            )
        if stored.expires_at <= now:
            raise InvalidGrant("The authorization code has expired (codes live 60 seconds); ask the user again.")
        if redirect_uri != stored.redirect_uri:
            raise InvalidGrant("redirect_uri must be the one sent to the authorize endpoint.")
        if not verifier_matches(code_verifier, stored.code_challenge):
            raise InvalidGrant("The code_verifier does not match the code_challenge (S256).")
        stored.used_at = now
        user = await UserRepository(session).by_id(stored.user_id)
        if user is None or not user.is_active:
            raise InvalidGrant("The user who granted this code can no longer sign in.", keep_changes=True)
        await ClientRepository(session).touch(client.id, now)
        return await self.sessions.issue(
            session, user, stored.family_id, client_id=client.client_id, scopes=stored.scopes
        )

    async def _authenticate(self, session: AsyncSession, client_id: str, client_secret: str) -> OAuthClient:
        """A public client names itself (PKCE proves the rest); a confidential one needs its secret."""
        client = await ClientRepository(session).by_client_id(client_id) if client_id else None
        if client is None or client.revoked_at is not None:
            raise InvalidClient(INVALID_CLIENT)
        if not client.is_public and not secrets.compare_digest(hash_secret(client_secret), client.secret_hash):
            raise InvalidClient(INVALID_CLIENT)
        return client
