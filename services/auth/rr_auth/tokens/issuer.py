"""Issue access JWTs (users and OAuth2 clients) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jose import JWTError, jwt

from rr_auth.tokens.keys import SigningKeys
from rr_common.tokens import CLIENT_SUBJECT_PREFIX


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class TokenPair:
    """What a grant answers: a refresh token only for a user's session."""

    access_token: str
    refresh_token: str
    expires_in: int
    scope: str = ""


@dataclass(frozen=True)
class TokenIssuer:
    keys: SigningKeys
    issuer: str
    audience: str
    access_ttl: int
    client_ttl: int = 900

    def access_token(
        self, user_id: int, username: str, roles: Iterable[str], permissions: Iterable[str], session_id: str = ""
    ) -> str:
        claims = {
            "sub": str(user_id),
            "username": username,
            "roles": list(roles),
            "scope": " ".join(sorted(permissions)),
        }
        if session_id:
            # The refresh-token family: revoking the access token (RFC 7009) ends this session.
            claims["sid"] = session_id
        return self._sign(claims, self.access_ttl)

    def delegated_token(
        self, user_id: int, username: str, client_id: str, scopes: Iterable[str], session_id: str
    ) -> str:
        """A token a third-party app holds for a user: no roles (an admin's role would pass
        every check), only the scopes the user granted it."""
        claims = {
            "sub": str(user_id),
            "username": username,
            "roles": [],
            "scope": " ".join(sorted(scopes)),
            "client_id": client_id,
            "sid": session_id,
        }
        return self._sign(claims, self.access_ttl)

    def read_claims(self, token: str) -> dict[str, Any] | None:
        """The claims of an access token this service signed and that has not expired; None otherwise."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = next((k for k in self.keys.jwks.get("keys", []) if k.get("kid") == kid), None)
            if key is None:
                return None
            claims: dict[str, Any] = jwt.decode(
                token, key, algorithms=["RS256"], audience=self.audience, issuer=self.issuer
            )
        except JWTError:
            return None
        return claims

    def client_token(self, client_id: str, scopes: Iterable[str]) -> str:
        claims = {
            "sub": f"{CLIENT_SUBJECT_PREFIX}{client_id}",
            "client_id": client_id,
            "roles": [],
            "scope": " ".join(sorted(scopes)),
        }
        return self._sign(claims, self.client_ttl)

    def _sign(self, claims: dict[str, Any], ttl: int) -> str:
        now = int(time.time())
        claims = {
            **claims,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
        }
        return str(jwt.encode(claims, self.keys.private_key, algorithm="RS256", headers={"kid": self.keys.kid}))
