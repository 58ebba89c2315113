"""The stack for the documentation's runnable examples (started only by the tests that use it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import PASSWORD, Session, sign_in


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
    created = await api.post("/api/v1/setup/initialize", json={"username": "admin", "password": PASSWORD, "email": "admin@example.com"})
    assert created.status_code == 201, created.text
    return await sign_in(api, "admin", created.json()["id"])
