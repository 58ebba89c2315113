"""Attacks on auth through the gateway: forged tokens on admin routes, SQL-ish and oversized
input. Each gets a clear 4xx and stores nothing."""

from __future__ import annotations

import base64
import json
import time

import httpx
from jose import jwt

from rr_common.testing import TestTokens
from rr_devstack.stack import Stack
from tests.e2e.support_auth import API, PASSWORD, Session, sign_in_raw, unique


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def test_forged_admin_tokens_get_401_on_admin_routes(
    api: httpx.AsyncClient, rr_stack: Stack, user: Session
) -> None:
    real_kid = jwt.get_unverified_header(user.token)["kid"]
    claims = {
        **jwt.get_unverified_claims(user.token),
        "roles": ["admin", "user"],
        "scope": "users:manage clients:manage",
    }
    other = TestTokens()
    public_n = (await api.get(f"{API}/.well-known/jwks.json")).json()["keys"][0]["n"]
    now = int(time.time())
    real_key = rr_stack.env_for("auth")["RR_AUTH_JWT_PRIVATE_KEY"]
    forged = {
        "other key, real kid": jwt.encode(claims, other.private_pem, algorithm="RS256", headers={"kid": real_kid}),
        "alg none": f"{_b64({'alg': 'none', 'kid': real_kid})}.{_b64(claims)}.",
        "HS256 with the public key": jwt.encode(claims, public_n, algorithm="HS256", headers={"kid": real_kid}),
        "expired admin token": jwt.encode(
            {**claims, "iat": now - 7200, "exp": now - 3600}, real_key, algorithm="RS256", headers={"kid": real_kid}
        ),
        "client subject, other key": jwt.encode(
            {**claims, "sub": "client:rrc_evil"}, other.private_pem, algorithm="RS256", headers={"kid": real_kid}
        ),
    }
    for label, token in forged.items():
        answer = await api.get(f"{API}/auth/admin/users", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, f"{label}: {answer.status_code} {answer.text}"
    # The untouched user token is still only a user.
    assert (await api.get(f"{API}/auth/admin/users", headers=user.auth)).status_code == 403


async def test_sql_ish_and_oversized_input_is_refused_and_stores_nothing(
    api: httpx.AsyncClient, admin: Session
) -> None:
    cases = [
        {"username": "x' OR '1'='1", "password": PASSWORD},
        {"username": "robert'); DROP TABLE users;--", "password": PASSWORD},
        {"username": "a" * 51, "password": PASSWORD},
        {"username": unique(), "password": "A1!" + "a" * 300},
        {"username": unique(), "password": PASSWORD, "email": "not-an-email"},
        {"username": unique(), "password": PASSWORD, "email": ("e" * 250) + "@example.com"},
    ]
    for body in cases:
        answer = await api.post(f"{API}/register", json=body)
        assert answer.status_code == 422, f"{body}: {answer.status_code} {answer.text}"
        assert answer.json()["detail"]
    for probe in ("' or '1'='1", "drop table"):
        found = (await api.get(f"{API}/auth/admin/users", params={"q": probe}, headers=admin.auth)).json()
        assert found["data"] == [], probe
    # The users table is intact and the injection-looking login is just a wrong login.
    assert (await sign_in_raw(api, "x' OR '1'='1", PASSWORD)).status_code == 401
    assert (await sign_in_raw(api, admin.username)).status_code == 200
    huge = await api.post(f"{API}/token", data={"username": "u" * 10_000, "password": PASSWORD})
    assert huge.status_code == 422


async def test_role_names_and_permissions_are_validated(api: httpx.AsyncClient, admin: Session) -> None:
    before = {r["name"] for r in (await api.get(f"{API}/auth/roles/", headers=admin.auth)).json()}
    for body in ({"name": "x'; DROP TABLE roles;--"}, {"name": "ok-name", "permissions": ["*"]}, {"name": "a" * 60}):
        answer = await api.post(f"{API}/auth/roles/", json=body, headers=admin.auth)
        assert answer.status_code == 422, f"{body}: {answer.text}"
    after = {r["name"] for r in (await api.get(f"{API}/auth/roles/", headers=admin.auth)).json()}
    assert after == before


async def test_nul_characters_get_422(api: httpx.AsyncClient) -> None:
    registered = await api.post(
        f"{API}/register", json={"username": unique(), "password": PASSWORD, "email": "a\u0000@example.com"}
    )
    assert registered.status_code == 422 and "email" in registered.json()["detail"]
    signed_in = await sign_in_raw(api, "ann\u0000", PASSWORD)
    assert signed_in.status_code == 422
