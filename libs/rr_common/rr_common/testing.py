"""Test support: a throwaway RSA key that issues access tokens services accept, so a service can
be tested alone over real gRPC without a running auth service."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt

from rr_common.migrations import upgrade_head
from rr_common.runtime import Infrastructure, RunningService, ServiceParts, open_infrastructure
from rr_common.settings import ServiceSettings
from rr_common.tokens import JwksCache, TokenVerifier


@dataclass
class TestTokens:
    __test__ = False  # a helper, not a test class
    issuer: str = "resource-reserver"
    audience: str = "rr-api"
    kid: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        public = jwk.construct(self.private_pem, algorithm="RS256").public_key().to_dict()
        self.jwks_json = json.dumps({"keys": [{**public, "kid": self.kid, "use": "sig"}]})

    def verifier(self) -> TokenVerifier:
        cache = JwksCache(self._fetch)
        cache.load(self.jwks_json)
        return TokenVerifier(cache, self.issuer, self.audience)

    async def _fetch(self) -> str:
        return self.jwks_json

    def token(self, user_id: int, roles: tuple[str, ...] = ("user",), ttl: int = 300, username: str = "") -> str:
        now = int(time.time())
        claims = {
            "sub": str(user_id),
            "username": username or f"user{user_id}",
            "roles": list(roles),
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
        }
        return str(jwt.encode(claims, self.private_pem, algorithm="RS256", headers={"kid": self.kid}))


@asynccontextmanager
async def running_service(
    settings: ServiceSettings, build: Callable[[Infrastructure], ServiceParts]
) -> AsyncIterator[str]:
    """Run a service in-process on a free port over real gRPC; yields its target address."""
    infra = open_infrastructure(settings)
    service = RunningService(infra, build(infra))
    port = await service.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        await service.stop()


async def migrated_database(url: str, package: str) -> str:
    """Apply a service's migrations to `url` (Alembic runs its own event loop, so in a thread)."""
    await asyncio.to_thread(upgrade_head, package, url)
    return url
