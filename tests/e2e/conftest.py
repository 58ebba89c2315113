"""Fixtures for the whole stack, driven through the gateway only."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from rr_devstack.stack import Stack
from services.notify.tests.support import SmtpServer, start_smtp
from tests.e2e.support import PASSWORD, Session, sign_in, sign_up_and_in
from tests.e2e.support_waitlist import FAST_WAITLIST


@pytest.fixture(scope="session")
async def api(rr_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=rr_stack.gateway_url, timeout=15) as client:
        yield client


@pytest.fixture(scope="session")
async def admin(api: httpx.AsyncClient) -> Session:
    status = (await api.get("/api/v1/setup/status")).json()
    assert status["needs_setup"] is True
    created = await api.post(
        "/api/v1/setup/initialize", json={"username": "admin", "password": PASSWORD, "email": "admin@example.com"}
    )
    assert created.status_code == 201, created.text
    return await sign_in(api, "admin", created.json()["id"])


@pytest.fixture
async def user(api: httpx.AsyncClient) -> Session:
    return await sign_up_and_in(api)


@pytest.fixture
async def resource(api: httpx.AsyncClient, admin: Session) -> dict[str, object]:
    answer = await api.post(
        "/api/v1/resources",
        json={"name": f"Room {uuid.uuid4().hex[:8]}", "tags": ["room"], "capacity": 8, "timezone": "Europe/Paris"},
        headers=admin.auth,
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server notify delivers to; its mailbox holds what arrived."""
    server = start_smtp()
    yield server
    server.controller.stop()


@pytest.fixture(scope="session")
def rr_stack_extra_env(smtp: SmtpServer) -> dict[str, dict[str, str]]:
    """These tests sign many users up from one address; production limits stay the defaults."""
    return {
        "gateway": {
            "RR_GATEWAY_RATE_LIMIT_LOGIN": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_LOGIN_PER_ADDRESS": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_ANONYMOUS": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_USER": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_PASSWORD_RESET": "100000/minute",
            # Short enough for the slow-body test to finish quickly.
            "RR_GATEWAY_BODY_READ_TIMEOUT_SECONDS": "2",
        },
        # The test's webhook receiver listens on loopback, which production refuses (SSRF).
        "notify": {
            "RR_NOTIFY_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
            # E-mail goes to the test's own SMTP server (password-reset links, notifications).
            "RR_NOTIFY_EMAIL_ENABLED": "true",
            "RR_NOTIFY_SMTP_HOST": smtp.host,
            "RR_NOTIFY_SMTP_PORT": str(smtp.port),
        },
        # Short offers and a brisk timer, so expiry shows within seconds.
        "waitlist": FAST_WAITLIST,
    }
