"""Fixtures for the CLI suite: the whole stack (from the root conftest's plugin), its first admin
and fresh users, each with their own config directory so tokens never touch the real home."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from cli.tests.support import PASSWORD, Cli, new_cli, signed_up, unique
from rr_devstack.stack import Stack
from services.notify.tests.support import SmtpServer, start_smtp


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server notify delivers to (password-reset e-mails)."""
    server = start_smtp()
    yield server
    server.controller.stop()


@pytest.fixture(scope="session")
def rr_stack_extra_env(smtp: SmtpServer) -> Mapping[str, Mapping[str, str]]:
    """Many sign-ups and sign-ins from one address: lift the per-address limits."""
    return {
        "gateway": {
            "RR_GATEWAY_RATE_LIMIT_LOGIN": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_ANONYMOUS": "100000/minute",
            "RR_GATEWAY_RATE_LIMIT_USER": "100000/minute",
        },
        "notify": {
            "RR_NOTIFY_EMAIL_ENABLED": "true",
            "RR_NOTIFY_SMTP_HOST": smtp.host,
            "RR_NOTIFY_SMTP_PORT": str(smtp.port),
        },
    }


@pytest.fixture(scope="session")
def api_url(rr_stack: Stack) -> str:
    return rr_stack.gateway_url


@pytest.fixture(scope="session")
def admin(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """The first administrator, created with `rr system setup`."""
    cli = new_cli(tmp_path_factory.mktemp("admin"), api_url, "admin")
    cli.username = "admin"
    cli("system", "setup", "admin", "--email", "admin@example.com", "--password", PASSWORD).ok()
    return cli


@pytest.fixture
def user(api_url: str, tmp_path: Path) -> Cli:
    return signed_up(tmp_path, api_url)


@pytest.fixture
def resource(admin: Cli) -> dict[str, object]:
    created: dict[str, object] = admin.json(
        "resources", "create", unique("Room "), "--tag", "room", "--capacity", 8, "--timezone", "Europe/Paris"
    )
    return created
