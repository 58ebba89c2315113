from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from rr.auth.v1 import auth_pb2, auth_pb2_grpc

from rr_auth.app import build
from rr_auth.config import Settings
from rr_common.testing import migrated_database, running_service
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database
from services.auth.tests.support import MFA_KEY, PASSWORD, Signed, Stubs, sign_in


def settings_for(url: str, nats_url: str, **overrides: object) -> Settings:
    """Real rules with test-sized numbers: a lock lasts 2 s, hashing is cheap."""
    values: dict[str, object] = dict(
        database_url=url,
        nats_url=nats_url,
        grpc_port=0,
        metrics_port=0,
        environment="test",
        grpc_grace_seconds=1,
        lockout_duration_seconds=2,
        lockout_window_seconds=60,
        argon2_time_cost=1,
        argon2_memory_kib=8 * 1024,
        argon2_parallelism=1,
        client_token_ttl_seconds=60,
        mfa_secret_key=MFA_KEY,
    )
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def auth_database(rr_infra: Infra) -> str:
    return await migrated_database(fresh_database(rr_infra, "auth"), "rr_auth")


@pytest.fixture(scope="session")
async def auth_settings(auth_database: str, rr_infra: Infra) -> Settings:
    return settings_for(auth_database, rr_infra.nats_url)


@pytest.fixture(scope="session")
async def auth_target(auth_settings: Settings) -> AsyncIterator[str]:
    async with running_service(auth_settings, lambda infra: build(infra, auth_settings)) as target:
        yield target


@pytest.fixture(scope="session")
async def stubs(auth_target: str) -> AsyncIterator[Stubs]:
    async with grpc.aio.insecure_channel(auth_target) as channel:
        yield Stubs.on(channel)


@pytest.fixture(scope="session")
async def auth_stub(stubs: Stubs) -> auth_pb2_grpc.AuthServiceStub:
    return stubs.auth


@pytest.fixture(scope="session")
async def admin(stubs: Stubs) -> Signed:
    """The first admin, created through first-run setup (which must still be open)."""
    status = await stubs.auth.GetSetupStatus(auth_pb2.GetSetupStatusRequest())
    assert status.needs_setup
    created = await stubs.auth.InitializeSetup(
        auth_pb2.InitializeSetupRequest(username="root-admin", password=PASSWORD)
    )
    return await sign_in(stubs, "root-admin", created.user.id)
