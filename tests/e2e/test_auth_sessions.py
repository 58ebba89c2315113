"""Accounts and sessions through the gateway: tokens, JWKS, refresh rotation and theft
detection, logout, password change, first-run setup."""

from __future__ import annotations

import base64

import httpx
from jose import jwt

from tests.e2e.support_auth import API, PASSWORD, Session, sign_in_raw, unique


async def test_token_response_claims_and_jwks(api: httpx.AsyncClient, user: Session) -> None:
    answer = await sign_in_raw(api, user.username)
    body = answer.json()
    assert {"access_token", "refresh_token", "token_type", "expires_in"} <= set(body) and body["token_type"] == "bearer"
    header, claims = jwt.get_unverified_header(body["access_token"]), jwt.get_unverified_claims(body["access_token"])
    assert header["alg"] == "RS256" and header["kid"]
    assert {"iss", "aud", "sub", "roles", "jti", "exp"} <= set(claims) and claims["sub"] == str(user.user_id)
    served = await api.get(f"{API}/.well-known/jwks.json")
    assert "max-age" in served.headers["cache-control"]
    key = next(k for k in served.json()["keys"] if k["kid"] == header["kid"])
    assert not {"d", "p", "q"} & set(key), "the JWKS must hold public keys only"
    assert jwt.decode(body["access_token"], key, algorithms=["RS256"], audience=claims["aud"])["sub"] == str(
        user.user_id
    )


async def test_me_has_the_documented_shape(api: httpx.AsyncClient, user: Session) -> None:
    me = (await api.get(f"{API}/users/me", headers=user.auth)).json()
    assert {"id", "username", "email", "roles", "mfa_enabled", "created_at"} <= set(me)
    assert (me["id"], me["roles"], me["mfa_enabled"]) == (user.user_id, ["user"], False)


async def test_refresh_rotates_and_reuse_revokes_the_family(api: httpx.AsyncClient, user: Session) -> None:
    first = await api.post(f"{API}/token/refresh", json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != user.refresh_token
    # The original API took it as a query parameter; that still works.
    reuse = await api.post(f"{API}/token/refresh", params={"refresh_token": user.refresh_token})
    assert (reuse.status_code, reuse.json()["code"]) == (401, "refresh_token_reused")
    after = await api.post(f"{API}/token/refresh", json={"refresh_token": rotated})
    assert after.status_code == 401, "the thief's replay must also end the legitimate session"


async def test_refresh_token_grant_at_the_token_endpoint(api: httpx.AsyncClient, user: Session) -> None:
    answer = await api.post(f"{API}/token", data={"grant_type": "refresh_token", "refresh_token": user.refresh_token})
    assert answer.status_code == 200 and answer.json()["refresh_token"] != user.refresh_token


async def test_logout_ends_the_session(api: httpx.AsyncClient, user: Session) -> None:
    out = await api.post(f"{API}/logout", json={"refresh_token": user.refresh_token}, headers=user.auth)
    assert out.status_code == 204
    again = await api.post(f"{API}/token/refresh", json={"refresh_token": user.refresh_token})
    assert again.status_code == 401


async def test_change_password(api: httpx.AsyncClient, user: Session) -> None:
    wrong = await api.post(
        f"{API}/users/me/password",
        json={"current_password": "Nope-Nope-123", "new_password": "Newer-Pass-456"},
        headers=user.auth,
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "wrong_current_password")
    weak = await api.post(
        f"{API}/users/me/password", json={"current_password": PASSWORD, "new_password": "abc"}, headers=user.auth
    )
    assert weak.status_code == 422 and len(weak.json()["errors"]) >= 3
    done = await api.post(
        f"{API}/users/me/password",
        json={"current_password": PASSWORD, "new_password": "Newer-Pass-456"},
        headers=user.auth,
    )
    assert done.status_code == 200, done.text
    assert (await sign_in_raw(api, user.username)).status_code == 401
    assert (await sign_in_raw(api, user.username, "Newer-Pass-456")).status_code == 200
    assert (await api.post(f"{API}/token/refresh", json={"refresh_token": user.refresh_token})).status_code == 401


async def test_setup_happens_once(api: httpx.AsyncClient, admin: Session) -> None:
    status = (await api.get(f"{API}/setup/status")).json()
    assert status["needs_setup"] is False
    again = await api.post(f"{API}/setup/initialize", json={"username": unique("boss"), "password": PASSWORD})
    assert (again.status_code, again.json()["code"]) == (409, "setup_complete")
    assert (await sign_in_raw(api, admin.username)).status_code == 200, "the first admin is unaffected"


async def test_usernames_and_emails_are_unique_regardless_of_case(api: httpx.AsyncClient) -> None:
    name = unique("Case")
    email = f"{name}@Example.com"
    assert (
        await api.post(f"{API}/register", json={"username": name, "password": PASSWORD, "email": email})
    ).status_code == 201
    taken = await api.post(f"{API}/register", json={"username": name.lower(), "password": PASSWORD})
    assert (taken.status_code, taken.json()["code"]) == (409, "username_taken")
    email_taken = await api.post(
        f"{API}/register", json={"username": unique(), "password": PASSWORD, "email": email.upper()}
    )
    assert (email_taken.status_code, email_taken.json()["code"]) == (409, "email_taken")


async def test_basic_auth_header_is_not_mistaken_for_a_bearer(api: httpx.AsyncClient) -> None:
    basic = base64.b64encode(b"someone:something").decode()
    answer = await api.get(f"{API}/users/me", headers={"Authorization": f"Basic {basic}"})
    assert answer.status_code == 401


async def test_guessing_the_current_password_blocks_changes_but_never_sign_in(
    api: httpx.AsyncClient, user: Session
) -> None:
    guesses = [
        await api.post(
            f"{API}/users/me/password",
            json={"current_password": f"Guess-{i}-Pass-9", "new_password": "Newer-Pass-456"},
            headers=user.auth,
        )
        for i in range(5)
    ]
    assert [g.json()["code"] for g in guesses[:4]] == ["wrong_current_password"] * 4
    blocked = guesses[4]
    assert (blocked.status_code, blocked.json()["code"]) == (429, "password_change_blocked")
    assert int(blocked.headers["retry-after"]) >= 1 and "signing in is not affected" in blocked.json()["detail"]
    right = await api.post(
        f"{API}/users/me/password",
        json={"current_password": PASSWORD, "new_password": "Newer-Pass-456"},
        headers=user.auth,
    )
    assert right.json()["code"] == "password_change_blocked"  # the guesses stop here, even a right one
    assert (await sign_in_raw(api, user.username)).status_code == 200  # the owner is not locked out
