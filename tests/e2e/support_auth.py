"""Helpers for the auth e2e tests: unique accounts, TOTP codes, clients and failing sign-ins."""

from __future__ import annotations

import time
import uuid

import httpx
import pyotp

from tests.e2e.support import PASSWORD, Session, sign_in, sign_up_and_in

API = "/api/v1"
WRONG_PASSWORD = "Wrong-Horse-99"

__all__ = ["API", "PASSWORD", "Session", "sign_in", "sign_up_and_in"]


def unique(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def totp_code(secret: str, steps_ahead: int = 0) -> str:
    """A code for a time step inside the accepted window (now +-1 step of 30 s)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


async def sign_in_raw(api: httpx.AsyncClient, username: str, password: str = PASSWORD, **extra: str) -> httpx.Response:
    return await api.post(f"{API}/token", data={"username": username, "password": password, **extra})


async def fail_sign_in(api: httpx.AsyncClient, username: str, times: int) -> list[httpx.Response]:
    return [await sign_in_raw(api, username, WRONG_PASSWORD) for _ in range(times)]


async def enrol_mfa(api: httpx.AsyncClient, who: Session) -> dict[str, object]:
    """Turn two-factor authentication on; returns the setup answer (secret, backup codes)."""
    setup = await api.post(f"{API}/auth/mfa/setup", headers=who.auth)
    assert setup.status_code == 200, setup.text
    body: dict[str, object] = setup.json()
    verified = await api.post(f"{API}/auth/mfa/verify", json={"code": totp_code(str(body["secret"]))}, headers=who.auth)
    assert verified.status_code == 200, verified.text
    return body


async def new_client(api: httpx.AsyncClient, admin: Session, scope: str = "") -> dict[str, str]:
    created = await api.post(
        f"{API}/oauth/clients", json={"client_name": unique("svc"), "scope": scope}, headers=admin.auth
    )
    assert created.status_code == 201, created.text
    body: dict[str, str] = created.json()
    return body


async def user_roles(api: httpx.AsyncClient, who: Session) -> list[str]:
    me = await api.get(f"{API}/users/me", headers=who.auth)
    assert me.status_code == 200, me.text
    return list(me.json()["roles"])
