"""Bad input gets a clear 4xx with `detail`, never a 500, and writes nothing."""

from __future__ import annotations

import base64
import json
import time
import uuid

import httpx
import pytest
from jose import jwt

from rr_common.testing import TestTokens
from rr_devstack.stack import Stack
from tests.e2e.support import Session, slot


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def count_mine(api: httpx.AsyncClient, who: Session) -> int:
    return len((await api.get("/api/v1/reservations/my?limit=100", headers=who.auth)).json()["data"])


async def test_unknown_route_is_a_json_404(api: httpx.AsyncClient) -> None:
    answer = await api.get("/api/v1/no-such-thing")
    assert answer.status_code == 404
    assert answer.json()["detail"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{not json", "json"),
        (
            b'{"resource_id": "abc", "start_time": "2030-01-01T09:00:00Z", "end_time": "2030-01-01T10:00:00Z"}',
            "resource_id",
        ),
        (b'{"start_time": "2030-01-01T09:00:00Z"}', "resource_id"),
        (b'{"resource_id": 1, "start_time": "2030-01-01T09:00:00", "end_time": "2030-01-01T10:00:00"}', "timezone"),
    ],
    ids=["malformed-json", "wrong-type", "missing-fields", "naive-datetime"],
)
async def test_invalid_reservation_bodies(api: httpx.AsyncClient, user: Session, body: bytes, fragment: str) -> None:
    before = await count_mine(api, user)
    answer = await api.post(
        "/api/v1/reservations", content=body, headers={**user.auth, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail and fragment in json.dumps(detail).lower()
    assert await count_mine(api, user) == before


async def test_rule_violations_are_422_and_write_nothing(
    api: httpx.AsyncClient, user: Session, resource: dict[str, object]
) -> None:
    start, end = slot(days=4)
    before = await count_mine(api, user)
    backwards = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource["id"], "start_time": end, "end_time": start},
        headers=user.auth,
    )
    assert backwards.status_code == 422 and backwards.json()["code"] == "invalid_time_range"
    far = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource["id"], "start_time": "9999-01-01T09:00:00Z", "end_time": "9999-01-01T10:00:00Z"},
        headers=user.auth,
    )
    assert far.status_code == 422
    missing = await api.post(
        "/api/v1/reservations", json={"resource_id": 987654321, "start_time": start, "end_time": end}, headers=user.auth
    )
    assert missing.status_code == 404 and "987654321" in missing.json()["detail"]
    assert await count_mine(api, user) == before


def _auth_private_key(stack: Stack) -> str:
    return stack.env_for("auth")["RR_AUTH_JWT_PRIVATE_KEY"]


async def test_forged_and_expired_tokens_get_401(api: httpx.AsyncClient, rr_stack: Stack, user: Session) -> None:
    real_kid = jwt.get_unverified_header(user.token)["kid"]
    claims = jwt.get_unverified_claims(user.token)
    other = TestTokens()
    now = int(time.time())
    jwks = (await api.get("/api/v1/.well-known/jwks.json")).json()
    public_n = jwks["keys"][0]["n"]
    forged = {
        "other key, unknown kid": other.token(user.user_id),
        "other key, real kid": jwt.encode(claims, other.private_pem, algorithm="RS256", headers={"kid": real_kid}),
        "alg none": f"{_b64({'alg': 'none', 'kid': real_kid})}.{_b64(claims)}.",
        "HS256 with the public key": jwt.encode(claims, public_n, algorithm="HS256", headers={"kid": real_kid}),
        "expired": jwt.encode(
            {**claims, "iat": now - 7200, "exp": now - 3600},
            _auth_private_key(rr_stack),
            algorithm="RS256",
            headers={"kid": real_kid},
        ),
        "garbage": "not.a.token",
    }
    for label, token in forged.items():
        answer = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, f"{label}: {answer.status_code} {answer.text}"
        assert answer.json()["detail"], label
    expired = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged['expired']}"})
    assert expired.json()["code"] == "token_expired"
    no_token = await api.get("/api/v1/reservations/my")
    assert no_token.status_code == 401


async def test_user_cannot_create_resources(api: httpx.AsyncClient, user: Session) -> None:
    answer = await api.post("/api/v1/resources", json={"name": f"Nope {uuid.uuid4().hex[:6]}"}, headers=user.auth)
    assert answer.status_code == 403


async def test_huge_body_is_413(api: httpx.AsyncClient, user: Session) -> None:
    answer = await api.post(
        "/api/v1/reservations",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={**user.auth, "Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert "too large" in answer.json()["detail"]


async def test_duplicate_registration_and_weak_password(api: httpx.AsyncClient, user: Session) -> None:
    taken = await api.post("/api/v1/register", json={"username": user.username.upper(), "password": "Correct-Horse-9"})
    assert taken.status_code == 409
    weak = await api.post("/api/v1/register", json={"username": f"w{uuid.uuid4().hex[:8]}", "password": "password"})
    assert weak.status_code == 422
    assert len(weak.json()["errors"]) >= 3


async def test_a_nul_character_in_text_is_422_and_writes_nothing(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    # Found by the fuzz suite: PostgreSQL text cannot hold it, and it used to come back as a 502.
    listed = await api.get("/api/v1/resources", params={"tags_any": "a\x00b", "q": ":\x00"}, headers=user.auth)
    assert (listed.status_code, listed.json()["code"]) == (422, "invalid_text"), listed.text
    assert "NUL" in listed.json()["detail"]
    name = f"Nul room {uuid.uuid4().hex[:8]}"
    created = await api.post("/api/v1/resources", json={"name": f"{name}\u0000", "tags": ["room"]}, headers=admin.auth)
    assert created.status_code == 422, created.text
    found = await api.get("/api/v1/resources", params={"q": name}, headers=admin.auth)
    assert found.status_code == 200 and found.json()["data"] == []
