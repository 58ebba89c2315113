"""Issue access JWTs (users and OAuth2 clients) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jose import jwt

from rr_auth.keys import SigningKeys
from rr_common.tokens import CLIENT_SUBJECT_PREFIX


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class TokenIssuer:
    keys: SigningKeys
    issuer: str
    audience: str
    access_ttl: int
    client_ttl: int = 900

    def access_token(self, user_id: int, username: str, roles: Iterable[str], permissions: Iterable[str]) -> str:
        claims = {
            "sub": str(user_id),
            "username": username,
            "roles": list(roles),
            "scope": " ".join(sorted(permissions)),
        }
        return self._sign(claims, self.access_ttl)

    def client_token(self, client_id: str, scopes: Iterable[str]) -> str:
        claims = {"sub": f"{CLIENT_SUBJECT_PREFIX}{client_id}", "client_id": client_id, "roles": [], "scope": " ".join(sorted(scopes))}
        return self._sign(claims, self.client_ttl)

    def _sign(self, claims: dict[str, Any], ttl: int) -> str:
        now = int(time.time())
        claims = {**claims, "iss": self.issuer, "aud": self.audience, "iat": now, "nbf": now, "exp": now + ttl, "jti": uuid.uuid4().hex}
        return str(jwt.encode(claims, self.keys.private_key, algorithm="RS256", headers={"kid": self.keys.kid}))
