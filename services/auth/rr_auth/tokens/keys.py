"""The signing key and the JWKS document: the active RSA key signs, previous public keys still
verify until their tokens expire (rotation)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk
from jose.backends.base import Key

from rr_common.logs import get_logger

log = get_logger("rr.auth.keys")
_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.S)


def thumbprint(public: dict[str, Any]) -> str:
    """RFC 7638 JWK thumbprint: a stable `kid` derived from the key itself."""
    canonical = json.dumps({k: public[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).decode().rstrip("=")


@dataclass(frozen=True)
class SigningKeys:
    kid: str
    private_key: Key
    jwks: dict[str, Any]

    @property
    def jwks_json(self) -> str:
        return json.dumps(self.jwks)


def _public_jwk(pem: str) -> dict[str, Any]:
    public: dict[str, Any] = jwk.construct(pem, algorithm="RS256").public_key().to_dict()
    return {**public, "kid": thumbprint(public), "use": "sig", "alg": "RS256"}


def generate_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def load_signing_keys(private_pem: str, previous_public_pems: str = "") -> SigningKeys:
    if not private_pem.strip():
        log.warning("no RR_AUTH_JWT_PRIVATE_KEY: using an ephemeral key; tokens die with this process")
        private_pem = generate_private_pem()
    active = _public_jwk(private_pem)
    previous = [_public_jwk(block) for block in _PEM_BLOCK.findall(previous_public_pems)]
    return SigningKeys(
        kid=active["kid"],
        private_key=jwk.construct(private_pem, algorithm="RS256"),
        jwks={"keys": [active, *(k for k in previous if k["kid"] != active["kid"])]},
    )
