"""Fault injection runs on a stack of its own: it stops and kills real processes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import PASSWORD, Session, sign_in


@pytest.fixture(scope="session")
def rr_stack_extra_env() -> dict[str, dict[str, str]]:
    unlimited = "1000000/minute"
    return {
        "gateway": {
            f"RR_GATEWAY_RATE_LIMIT_{tier}": unlimited
            for tier in ("LOGIN", "LOGIN_PER_ADDRESS", "ANONYMOUS", "USER", "ADMIN")
        }
    }


@pytest.fixture(scope="session")
async def api(rr_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=rr_stack.gateway_url, timeout=20) as client:
        yield client


@pytest.fixture(scope="session")
async def admin(api: httpx.AsyncClient) -> Session:
    created = await api.post("/api/v1/setup/initialize", json={"username": "faultadmin", "password": PASSWORD})
    assert created.status_code == 201, created.text
    return await sign_in(api, "faultadmin", created.json()["id"])
