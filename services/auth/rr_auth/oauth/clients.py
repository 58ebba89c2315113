"""OAuth2 clients and the client-credentials grant. Secrets carry 256 random bits, so a fast
SHA-256 hash is enough to store them (argon2 is for human-chosen passwords)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.config import DeclaredClient
from rr_auth.cursors import id_after
from rr_auth.errors import ClientNotFound
from rr_auth.models import OAuthClient
from rr_auth.oauth.domain import MAX_REDIRECT_URIS, redirect_uri_problem
from rr_auth.oauth.repository import ClientRepository
from rr_auth.roles.domain import PERMISSIONS, require_permission, unknown_permissions
from rr_auth.tokens.issuer import TokenIssuer, TokenPair
from rr_common.context import Principal
from rr_common.errors import InvalidClient, InvalidScope, ValidationFailed
from rr_common.logs import get_logger
from rr_common.pagination import clamp_limit, two_way_page
from rr_common.timeconv import utcnow

MANAGE = "clients:manage"
CLIENT_ID_PREFIX = "rrc_"
MAX_NAME = 100
INVALID_CLIENT = "The client credentials are not valid."

log = get_logger("rr.auth.clients")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewClient:
    client: OAuthClient
    secret: str


@dataclass(frozen=True)
class ClientPage:
    clients: Sequence[OAuthClient]
    next_cursor: str
    prev_cursor: str = ""


class ClientService:
    def __init__(self, issuer: TokenIssuer) -> None:
        self.issuer = issuer

    async def create(
        self,
        session: AsyncSession,
        principal: Principal,
        name: str,
        scopes: Sequence[str],
        redirect_uris: Sequence[str] = (),
        public: bool = False,
    ) -> NewClient:
        """A confidential client gets a secret (shown once); a public one (browser or native
        app) gets none and may only use the authorization-code grant with PKCE."""
        require_permission(principal, MANAGE)
        name = name.strip()
        errors = []
        if not name or len(name) > MAX_NAME or not name.isprintable():
            errors.append({"loc": "client_name", "msg": f"The client name must be 1-{MAX_NAME} printable characters."})
        if unknown := unknown_permissions(scopes):
            errors.append(
                {"loc": "scope", "msg": f"Unknown scopes: {', '.join(unknown)}. Known: {', '.join(PERMISSIONS)}."}
            )
        errors += _redirect_uri_errors(redirect_uris, public)
        if errors:
            raise ValidationFailed(" ".join(e["msg"] for e in errors), errors=errors)
        secret = "" if public else secrets.token_urlsafe(32)
        client = OAuthClient(
            client_id=CLIENT_ID_PREFIX + secrets.token_hex(12),
            name=name,
            secret_hash=hash_secret(secret) if secret else "",
            scopes=sorted(set(scopes)),
            created_by=principal.user_id or None,
            redirect_uris=list(dict.fromkeys(redirect_uris)),
            is_public=public,
        )
        return NewClient(await ClientRepository(session).add(client), secret)

    async def declare(self, session: AsyncSession, declared: Sequence[DeclaredClient]) -> None:
        """Create or update the deployment's declared clients (safe with several replicas)."""
        repo = ClientRepository(session)
        for spec in declared:
            client = await repo.upsert(
                spec.client_id, spec.name or spec.client_id, hash_secret(spec.secret.get_secret_value()), spec.scopes
            )
            if client.revoked_at is not None:
                log.warning("declared client is revoked; it stays revoked", client_id=spec.client_id)
            else:
                log.info("declared client ready", client_id=spec.client_id, scopes=" ".join(spec.scopes))

    async def list(
        self, session: AsyncSession, principal: Principal, limit: int, cursor: str, include_revoked: bool
    ) -> ClientPage:
        require_permission(principal, MANAGE)
        after_id, backward = id_after(cursor)
        limit = clamp_limit(limit)
        rows = await ClientRepository(session).page(after_id, limit, include_revoked, backward)
        page = two_way_page(rows, limit, bool(cursor), backward, lambda client: [client.id])
        return ClientPage(page.items, page.next_cursor, page.prev_cursor)

    async def revoke(self, session: AsyncSession, principal: Principal, client_id: str) -> OAuthClient:
        require_permission(principal, MANAGE)
        client = await ClientRepository(session).by_client_id(client_id)
        if client is None:
            raise ClientNotFound(f"There is no OAuth2 client '{client_id[:64]}'.")
        if client.revoked_at is None:
            client.revoked_at = utcnow()
            await session.flush()
        return client

    async def verify(self, session: AsyncSession, client_id: str, secret: str) -> OAuthClient:
        client = await ClientRepository(session).by_client_id(client_id) if client_id else None
        presented = hash_secret(secret)
        # A public client has no secret: it can never pass here (client credentials, introspection).
        if (
            client is None
            or client.revoked_at is not None
            or client.is_public
            or not hmac.compare_digest(presented, client.secret_hash)
        ):
            raise InvalidClient(INVALID_CLIENT)
        return client

    async def issue_token(self, session: AsyncSession, client_id: str, secret: str, scopes: Sequence[str]) -> TokenPair:
        client = await self.verify(session, client_id, secret)
        granted = set(client.scopes)
        if extra := sorted(set(scopes) - granted):
            raise InvalidScope(
                f"The client may not ask for: {', '.join(extra)}; its scopes are: {', '.join(sorted(granted)) or 'none'}.",
            )
        chosen = sorted(set(scopes) or granted)
        await ClientRepository(session).touch(client.id, utcnow())
        return TokenPair(
            self.issuer.client_token(client.client_id, chosen), "", self.issuer.client_ttl, " ".join(chosen)
        )


def _redirect_uri_errors(redirect_uris: Sequence[str], public: bool) -> list[dict[str, str]]:
    errors = []
    if len(redirect_uris) > MAX_REDIRECT_URIS:
        errors.append({"loc": "redirect_uris", "msg": f"Register at most {MAX_REDIRECT_URIS} redirect URIs."})
    errors += [
        {"loc": "redirect_uris", "msg": problem}
        for uri in redirect_uris[:MAX_REDIRECT_URIS]
        if (problem := redirect_uri_problem(uri))
    ]
    if public and not redirect_uris:
        errors.append(
            {
                "loc": "redirect_uris",
                "msg": "A public client needs at least one redirect URI (it can only use the authorization-code grant).",
            }
        )
    return errors
