"""The replicated stack: two processes of every service and two gateways behind the real Traefik,
as in production.

The session's `rr_stack` is replaced by one with `replicas=2, edge=True`. `api` talks to the first
gateway directly (the balancing tests make thousands of calls, more than the edge's per-IP rate
limit lets through); `edge` goes through Traefik; `gateways` are each gateway replica's own client.
The fixtures mirror the e2e suite's (`api`, `admin`, `user`) so its helpers work unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping

import httpx
import pytest

from rr_devstack.infra import Infra
from rr_devstack.stack import Stack
from tests.e2e.support import PASSWORD, Session, sign_in, sign_up_and_in
from tests.e2e.support_waitlist import FAST_WAITLIST

REPLICAS = 2


@pytest.fixture(scope="session")
def rr_stack_extra_env() -> dict[str, dict[str, str]]:
    return {
        "gateway": {
            "RR_GATEWAY_RATE_LIMIT_LOGIN": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_ANONYMOUS": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_USER": "100000/minute",
        },
        "notify": {"RR_NOTIFY_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"},
        "waitlist": FAST_WAITLIST,
    }


@pytest.fixture(scope="session")
def rr_stack(rr_infra: Infra, rr_stack_extra_env: Mapping[str, Mapping[str, str]]) -> Iterator[Stack]:
    stack = Stack(
        rr_infra,
        environment="test",
        log_format="console",
        extra_env=rr_stack_extra_env,
        inherit_service_env=False,
        replicas=REPLICAS,
        edge=True,
        # Twelve processes start on a shared machine.
        startup_timeout=180.0,
    )
    stack.start_all()
    try:
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="session")
async def api(rr_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=rr_stack.gateway_url, timeout=15, trust_env=False) as client:
        yield client


@pytest.fixture(scope="session")
async def admin(api: httpx.AsyncClient) -> Session:
    created = await api.post(
        "/api/v1/setup/initialize", json={"username": "admin", "password": PASSWORD, "email": "admin@example.com"}
    )
    assert created.status_code == 201, created.text
    return await sign_in(api, "admin", created.json()["id"])


@pytest.fixture
async def user(api: httpx.AsyncClient) -> Session:
    return await sign_up_and_in(api)


@pytest.fixture(scope="session")
async def edge(rr_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """Through Traefik, as users come in."""
    async with httpx.AsyncClient(base_url=rr_stack.public_url, timeout=15, trust_env=False) as client:
        yield client


@pytest.fixture(scope="session")
async def gateways(rr_stack: Stack) -> AsyncIterator[list[httpx.AsyncClient]]:
    """One client per gateway replica, bypassing Traefik."""
    clients = [httpx.AsyncClient(base_url=url, timeout=15, trust_env=False) for url in rr_stack.gateway_urls]
    try:
        yield clients
    finally:
        for client in clients:
            await client.aclose()
