"""The stack for the documentation's runnable examples (started only by the tests that use it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.docs.support import ADMIN_PASSWORD
from tests.e2e.support import Session


@pytest.fixture(scope="session")
def rr_stack_extra_env() -> Mapping[str, Mapping[str, str]]:
    # The examples' webhook receivers listen on loopback, which production refuses (SSRF).
    return {"notify": {"RR_NOTIFY_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}}


@pytest.fixture(scope="session")
async def api(rr_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=rr_stack.gateway_url, timeout=15) as client:
        yield client


@pytest.fixture(scope="session")
async def admin(api: httpx.AsyncClient) -> Session:
    if (await api.get("/api/v1/setup/status")).json()["needs_setup"]:
        created = await api.post(
            "/api/v1/setup/initialize",
            json={"username": "admin", "password": ADMIN_PASSWORD, "email": "admin@example.com"},
        )
        assert created.status_code == 201, created.text
    answer = await api.post("/api/v1/token", data={"username": "admin", "password": ADMIN_PASSWORD})
    assert answer.status_code == 200, answer.text
    me = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {answer.json()['access_token']}"})
    body = answer.json()
    return Session(api, "admin", body["access_token"], body["refresh_token"], me.json()["id"])
