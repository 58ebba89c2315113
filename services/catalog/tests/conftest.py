"""Catalog service tests: a real PostgreSQL database and a real gRPC server on a free port.

`catalog_database_url` is the one place that makes the database; swap it for the shared harness
without touching the tests.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import grpc
import pytest
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc

from rr_catalog.app import build
from rr_catalog.config import Settings
from rr_common.errors import error_payload
from rr_common.runtime import RunningService, open_infrastructure
from rr_common.testing import TestTokens, migrated_database
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database

Metadata = tuple[tuple[str, str], ...]


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
async def catalog_database_url(rr_infra: Infra) -> str:
    """A brand-new database of the shared test infrastructure, migrated to head."""
    return await migrated_database(fresh_database(rr_infra, "catalog"), "rr_catalog")


@pytest.fixture(scope="session")
def nats_server_url(rr_infra: Infra) -> str:
    return rr_infra.nats_url


@pytest.fixture(scope="session")
def tokens() -> TestTokens:
    return TestTokens()


@pytest.fixture(scope="session")
async def catalog_port(catalog_database_url: str, tokens: TestTokens, nats_server_url: str) -> AsyncIterator[int]:
    settings = Settings(
        environment="test",
        database_url=catalog_database_url,
        nats_url=nats_server_url,
        grpc_port=0,
        metrics_port=0,
        grpc_grace_seconds=1.0,
    )
    infra = open_infrastructure(settings)
    service = RunningService(infra, build(infra, settings, verifier=tokens.verifier()))
    port = await service.start()
    try:
        yield port
    finally:
        await service.stop()


@pytest.fixture(scope="session")
async def catalog(catalog_port: int) -> AsyncIterator[catalog_pb2_grpc.CatalogServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{catalog_port}") as channel:
        yield catalog_pb2_grpc.CatalogServiceStub(channel)


async def refused_call(call: Awaitable[Any]) -> tuple[grpc.StatusCode, dict[str, Any]]:
    """Await a call that must fail; its status code and the decoded `rr-error-bin` trailer."""
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), error_payload(info.value.trailing_metadata())


@pytest.fixture(scope="session")
def refused() -> Callable[[Awaitable[Any]], Awaitable[tuple[grpc.StatusCode, dict[str, Any]]]]:
    return refused_call


@pytest.fixture(scope="session")
def unique_name() -> Callable[[str], str]:
    return unique


def bearer(token: str) -> Metadata:
    return (("authorization", f"Bearer {token}"),)


@pytest.fixture(scope="session")
def admin(tokens: TestTokens) -> Metadata:
    return bearer(tokens.token(1, roles=("admin", "user"), ttl=3600))


@pytest.fixture(scope="session")
def manager(tokens: TestTokens) -> Metadata:
    return bearer(tokens.token(2, roles=("manager", "user"), ttl=3600))


@pytest.fixture(scope="session")
def user(tokens: TestTokens) -> Metadata:
    return bearer(tokens.token(3, roles=("user",), ttl=3600))


CreateResource = Callable[..., Awaitable[catalog_pb2.Resource]]


@pytest.fixture
def create_resource(catalog: catalog_pb2_grpc.CatalogServiceStub, admin: Metadata) -> CreateResource:
    """Create a resource as an admin; a unique name unless one is given, available by default."""

    async def create(**fields: Any) -> catalog_pb2.Resource:
        fields.setdefault("name", unique("Room"))
        fields.setdefault("available", True)
        response = await catalog.CreateResource(catalog_pb2.CreateResourceRequest(**fields), metadata=admin)
        return response.resource

    return create


@pytest.fixture
async def db(catalog_database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection to the service's database, for what the API does not show."""
    conn = await asyncpg.connect(catalog_database_url)
    try:
        yield conn
    finally:
        await conn.close()
