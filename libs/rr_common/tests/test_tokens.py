"""Token verification: rotation-aware JWKS cache, refusal of forged and expired tokens."""

from __future__ import annotations

import json
import time

import pytest
from jose import jwt

from rr_common.context import Principal
from rr_common.errors import PermissionDenied, Unauthenticated
from rr_common.testing import TestTokens
from rr_common.tokens import JwksCache, TokenVerifier


async def test_unknown_kid_refetches_once_so_rotated_keys_verify() -> None:
    old, new = TestTokens(), TestTokens()
    served = {"jwks": old.jwks_json}
    fetches = 0

    async def fetch() -> str:
        nonlocal fetches
        fetches += 1
        return served["jwks"]

    verifier = TokenVerifier(JwksCache(fetch, min_refresh_interval=0), "resource-reserver", "rr-api")
    assert (await verifier.verify(old.token(7))).user_id == 7
    served["jwks"] = json.dumps({"keys": json.loads(old.jwks_json)["keys"] + json.loads(new.jwks_json)["keys"]})
    assert (await verifier.verify(new.token(8))).user_id == 8  # new kid: one refetch
    assert (await verifier.verify(old.token(9))).user_id == 9  # old key still verifies
    assert fetches == 2


async def test_unknown_kids_cannot_hammer_auth() -> None:
    calls = 0
    real = TestTokens()

    async def fetch() -> str:
        nonlocal calls
        calls += 1
        return real.jwks_json

    verifier = TokenVerifier(JwksCache(fetch, min_refresh_interval=60), "resource-reserver", "rr-api")
    for _ in range(20):
        with pytest.raises(Unauthenticated):
            await verifier.verify(TestTokens().token(1))
    assert calls == 1


@pytest.mark.parametrize("mutation", ["expired", "wrong audience", "wrong issuer", "no subject"])
async def test_claims_are_enforced(mutation: str) -> None:
    keys = TestTokens()
    now = int(time.time())
    claims = {"sub": "5", "iss": "resource-reserver", "aud": "rr-api", "iat": now, "exp": now + 60, "roles": ["user"]}
    if mutation == "expired":
        claims.update(iat=now - 120, exp=now - 60)
    elif mutation == "wrong audience":
        claims["aud"] = "someone-else"
    elif mutation == "wrong issuer":
        claims["iss"] = "evil"
    else:
        del claims["sub"]
    token = jwt.encode(claims, keys.private_pem, algorithm="RS256", headers={"kid": keys.kid})
    with pytest.raises(Unauthenticated):
        await keys.verifier().verify(token)


async def test_client_credentials_token_becomes_a_service_principal() -> None:
    keys = TestTokens()
    now = int(time.time())
    claims = {
        "sub": "client:rrc_123",
        "client_id": "rrc_123",
        "scope": "users:read notifications:send",
        "roles": ["admin"],
        "iss": "resource-reserver",
        "aud": "rr-api",
        "iat": now,
        "exp": now + 60,
        "jti": "j1",
    }
    token = jwt.encode(claims, keys.private_pem, algorithm="RS256", headers={"kid": keys.kid})
    principal = await keys.verifier().verify(token)
    assert (principal.user_id, principal.client_id, principal.is_service) == (0, "rrc_123", True)
    assert principal.scopes == {"users:read", "notifications:send"}
    assert not principal.roles and not principal.is_admin  # roles never apply to a client


@pytest.mark.parametrize("subject", ["client:", "0", "-4", "alice"])
async def test_subjects_that_are_neither_a_user_nor_a_client_are_refused(subject: str) -> None:
    keys = TestTokens()
    now = int(time.time())
    claims = {"sub": subject, "iss": "resource-reserver", "aud": "rr-api", "iat": now, "exp": now + 60}
    token = jwt.encode(claims, keys.private_pem, algorithm="RS256", headers={"kid": keys.kid})
    with pytest.raises(Unauthenticated):
        await keys.verifier().verify(token)


async def test_user_tokens_are_not_services() -> None:
    keys = TestTokens()
    principal = await keys.verifier().verify(keys.token(12, roles=("manager",)))
    assert (principal.user_id, principal.client_id, principal.is_service, principal.is_manager) == (12, "", False, True)


async def test_an_accepted_token_is_refused_once_it_expires() -> None:
    keys = TestTokens()
    verifier = keys.verifier()
    now = time.time()
    claims = {"sub": "5", "iss": "resource-reserver", "aud": "rr-api", "iat": int(now), "exp": int(now) + 1}
    token = jwt.encode(claims, keys.private_pem, algorithm="RS256", headers={"kid": keys.kid})
    assert (await verifier.verify(token)).user_id == 5
    assert (await verifier.verify(token)).user_id == 5  # remembered
    time.sleep(max(0.0, claims["exp"] + 1 - time.time()) + 0.05)  # jose counts whole seconds
    with pytest.raises(Unauthenticated) as refused:
        await verifier.verify(token)
    assert refused.value.code == "token_expired"


async def test_a_remembered_token_does_not_vouch_for_a_tampered_copy() -> None:
    keys = TestTokens()
    verifier = keys.verifier()
    token = keys.token(7)
    assert (await verifier.verify(token)).user_id == 7
    header, payload, signature = token.split(".")
    forged_claims = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    for forged in (f"{header}.{forged_claims}.{signature}", f"{token}x", f"{header}.{payload}.{signature[:-4]}"):
        with pytest.raises(Unauthenticated):
            await verifier.verify(forged)


async def test_the_cache_of_accepted_tokens_is_bounded() -> None:
    keys = TestTokens()
    verifier = TokenVerifier(JwksCache(lambda: _served(keys.jwks_json)), "resource-reserver", "rr-api", cache_size=3)
    for user_id in range(1, 10):
        assert (await verifier.verify(keys.token(user_id))).user_id == user_id
    assert len(verifier._accepted) == 3
    assert [p.user_id for p, _ in verifier._accepted.values()] == [7, 8, 9]


async def _served(jwks: str) -> str:
    return jwks


async def test_a_revoked_principal_is_refused_even_when_its_token_was_remembered() -> None:
    keys = TestTokens()
    withdrawn: set[int] = set()

    async def revoked(principal: Principal, token: str) -> bool:
        return principal.user_id in withdrawn

    verifier = TokenVerifier(JwksCache(lambda: _served(keys.jwks_json)), "resource-reserver", "rr-api", revoked=revoked)
    token = keys.token(5)
    principal = await verifier.verify(token)
    assert principal.user_id == 5
    withdrawn.add(5)
    with pytest.raises(PermissionDenied) as refused:
        await verifier.verify(token)
    assert refused.value.code == "account_inactive"
    assert (await verifier.verify(keys.token(6))).user_id == 6
