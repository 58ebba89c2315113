"""Signing keys: stable kid, rotation keeps old tokens verifiable."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization

from rr_auth.accounts.passwords import policy_violations
from rr_auth.tokens.issuer import TokenIssuer
from rr_auth.tokens.keys import generate_private_pem, load_signing_keys
from rr_common.errors import Unauthenticated
from rr_common.tokens import JwksCache, TokenVerifier


def public_pem(private_pem: str) -> str:
    return (
        serialization.load_pem_private_key(private_pem.encode(), password=None)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def verifier_of(jwks_json: str) -> TokenVerifier:
    async def fetch() -> str:
        return jwks_json

    return TokenVerifier(JwksCache(fetch), "resource-reserver", "rr-api")


def test_kid_is_derived_from_the_key() -> None:
    pem = generate_private_pem()
    assert load_signing_keys(pem).kid == load_signing_keys(pem).kid


def test_previous_public_keys_stay_in_the_jwks() -> None:
    old, new = generate_private_pem(), generate_private_pem()
    old_keys = load_signing_keys(old)
    rotated = load_signing_keys(new, public_pem(old))
    kids = [k["kid"] for k in json.loads(rotated.jwks_json)["keys"]]
    assert kids == [rotated.kid, old_keys.kid]


def test_password_containing_username_is_refused() -> None:
    assert "Password must not contain the username." in policy_violations("Alice-Secret-99", "alice", 10)
    assert policy_violations("Correct-Horse-9", "alice", 10) == []


async def test_tokens_of_the_previous_key_still_verify_after_a_rotation() -> None:
    old, new = generate_private_pem(), generate_private_pem()
    old_token = TokenIssuer(load_signing_keys(old), "resource-reserver", "rr-api", 300).access_token(
        7, "ann", ["user"], []
    )
    rotated = load_signing_keys(new, public_pem(old))
    new_token = TokenIssuer(rotated, "resource-reserver", "rr-api", 300).access_token(
        8, "ben", ["user"], ["users:read"]
    )
    assert (await verifier_of(rotated.jwks_json).verify(old_token)).user_id == 7
    assert (await verifier_of(rotated.jwks_json).verify(new_token)).scopes == {"users:read"}
    # Once the old key leaves the JWKS (its tokens have expired), it verifies nothing.
    with pytest.raises(Unauthenticated):
        await verifier_of(load_signing_keys(new).jwks_json).verify(old_token)
