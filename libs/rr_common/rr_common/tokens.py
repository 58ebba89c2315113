"""Access-token verification against auth's JWKS.

Keys are fetched once and cached by `kid`; a token signed with an unknown `kid` triggers one
refetch (key rotation), rate-limited so forged kids cannot hammer auth. Verification itself is
local: services never call auth per request. An RSA check still costs about 0.2 ms of CPU, and
one request is checked by the gateway and again by every service it reaches, so each verifier
remembers the tokens it has accepted until they expire (a bounded cache keyed by the whole token:
a token that differs in one byte is verified from scratch).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from jose import jwk, jwt
from jose.backends.base import Key
from jose.exceptions import ExpiredSignatureError, JWTError

from rr_common.context import Principal
from rr_common.errors import AccountInactive, InvalidToken, TokenExpired

ALLOWED_ALGORITHMS = ("RS256",)
# Subject of a client-credentials token: "client:<client_id>" (a user's subject is its id).
CLIENT_SUBJECT_PREFIX = "client:"
JwksFetcher = Callable[[], Awaitable[str]]
ACCOUNT_INACTIVE = "This account is deactivated; ask an administrator."


class JwksCache:
    def __init__(self, fetch: JwksFetcher, min_refresh_interval: float = 5.0) -> None:
        self._fetch = fetch
        self._keys: dict[str, Key] = {}
        self._min_refresh_interval = min_refresh_interval
        self._last_refresh = 0.0
        self._lock = asyncio.Lock()

    def load(self, jwks_json: str) -> None:
        keys: dict[str, Key] = {}
        for entry in json.loads(jwks_json).get("keys", []):
            if entry.get("kty") == "RSA" and entry.get("kid"):
                keys[entry["kid"]] = jwk.construct(entry, algorithm="RS256")
        self._keys = keys
        self._last_refresh = time.monotonic()

    async def key_for(self, kid: str) -> Key | None:
        key = self._keys.get(kid)
        if key is not None:
            return key
        async with self._lock:
            if kid not in self._keys and (
                time.monotonic() - self._last_refresh >= self._min_refresh_interval or not self._keys
            ):
                try:
                    self.load(await self._fetch())
                except Exception:  # noqa: BLE001 - auth unreachable: unknown kid stays unknown
                    self._last_refresh = time.monotonic()
        return self._keys.get(kid)


class TokenVerifier:
    def __init__(
        self,
        jwks: JwksCache,
        issuer: str,
        audience: str,
        cache_size: int = 10_000,
        revoked: Callable[[Principal, str], Awaitable[bool]] | None = None,
    ) -> None:
        self._jwks = jwks
        self._issuer = issuer
        self._audience = audience
        self._cache_size = cache_size
        # Refuses tokens that are valid but no longer honoured (the gateway's deactivated users);
        # asynchronous because a gateway that lost its account feed asks auth instead.
        self._revoked = revoked
        # token -> (principal, exp): only tokens that passed every check get here.
        self._accepted: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    async def verify(self, token: str) -> Principal:
        principal = await self._verified(token)
        if self._revoked is not None and await self._revoked(principal, token):
            # As auth answers for an inactive account: the token is genuine, the account is not allowed.
            raise AccountInactive(ACCOUNT_INACTIVE)
        return principal

    async def _verified(self, token: str) -> Principal:
        remembered = self._accepted.get(token)
        if remembered is not None:
            principal, expires_at = remembered
            if time.time() < expires_at:
                self._accepted.move_to_end(token)
                return principal
            del self._accepted[token]  # expired: the full check below names the reason
        try:
            header = jwt.get_unverified_header(token)
        except JWTError as exc:
            raise InvalidToken("The access token is malformed.") from exc
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise InvalidToken("The access token uses an algorithm that is not accepted.")
        key = await self._jwks.key_for(str(header.get("kid", "")))
        if key is None:
            raise InvalidToken("The access token was signed by an unknown key.")
        return self.verify_with_key(token, key)

    def verify_with_key(self, token: str, key: Key) -> Principal:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=list(ALLOWED_ALGORITHMS),
                audience=self._audience,
                issuer=self._issuer,
                options={"require_exp": True, "require_sub": True, "require_iat": True},
            )
        except ExpiredSignatureError as exc:
            raise TokenExpired("The access token has expired; refresh it or sign in again.") from exc
        except JWTError as exc:
            raise InvalidToken("The access token is not valid.") from exc
        principal = principal_from_claims(claims)
        if self._cache_size > 0:
            self._accepted[token] = (principal, float(claims["exp"]))
            if len(self._accepted) > self._cache_size:
                self._accepted.popitem(last=False)
        return principal


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    scope = claims.get("scope", "")
    scopes = frozenset(scope.split()) if isinstance(scope, str) else frozenset()
    subject = str(claims.get("sub", ""))
    if subject.startswith(CLIENT_SUBJECT_PREFIX):
        client_id = subject[len(CLIENT_SUBJECT_PREFIX) :]
        if not client_id:
            raise InvalidToken("The access token has no valid subject.")
        # A service acting on its own: no user, and roles never apply to it.
        return Principal(
            user_id=0, username=subject, scopes=scopes, token_id=str(claims.get("jti", "")), client_id=client_id
        )
    try:
        user_id = int(subject)
    except ValueError as exc:
        raise InvalidToken("The access token has no valid subject.") from exc
    if user_id <= 0:
        raise InvalidToken("The access token has no valid subject.")
    return Principal(
        user_id=user_id,
        username=str(claims.get("username", "")),
        roles=frozenset(claims.get("roles", [])),
        scopes=scopes,
        token_id=str(claims.get("jti", "")),
        app_id=str(claims.get("client_id", "") or ""),
    )
