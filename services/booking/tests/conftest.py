"""Booking over real gRPC with its real peer (catalog) and real databases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import grpc
import pytest
from rr.booking.v1 import approvals_pb2_grpc, booking_pb2_grpc, quotas_pb2_grpc
from rr.catalog.v1 import catalog_pb2_grpc

from rr_booking.app import build as build_booking
from rr_booking.config import Settings as BookingSettings
from rr_catalog.app import build as build_catalog
from rr_catalog.config import Settings as CatalogSettings
from rr_common.testing import TestTokens, migrated_database, running_service
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database, private_nats
from services.booking.tests.support import Booking


@pytest.fixture(scope="session")
def booking_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Booking consumes catalog's events from the stream's start: a server of the suite's own."""
    with private_nats(tmp_path_factory.mktemp("booking_nats")) as server:
        yield server.url


@pytest.fixture(scope="session")
async def booking(rr_infra: Infra, booking_nats: str) -> AsyncIterator[Booking]:
    tokens = TestTokens()
    common = {
        "nats_url": booking_nats,
        "grpc_port": 0,
        "metrics_port": 0,
        "environment": "test",
        "grpc_grace_seconds": 1,
    }
    catalog_url = await migrated_database(fresh_database(rr_infra, "catalog"), "rr_catalog")
    booking_url = await migrated_database(fresh_database(rr_infra, "booking"), "rr_booking")
    catalog_settings = CatalogSettings(database_url=catalog_url, **common)
    async with running_service(
        catalog_settings, lambda i: build_catalog(i, catalog_settings, verifier=tokens.verifier())
    ) as catalog_target:
        # Sweep often so durable schedules (no-shows, expiries, completion) show in seconds.
        booking_settings = BookingSettings(
            database_url=booking_url, catalog_target=catalog_target, sweep_interval_seconds=0.2, **common
        )
        async with running_service(
            booking_settings, lambda i: build_booking(i, booking_settings, verifier=tokens.verifier())
        ) as target:
            async with grpc.aio.insecure_channel(target) as channel, grpc.aio.insecure_channel(catalog_target) as cat:
                yield Booking(
                    booking_pb2_grpc.BookingServiceStub(channel),
                    catalog_pb2_grpc.CatalogServiceStub(cat),
                    tokens,
                    booking_url,
                    approvals_pb2_grpc.ApprovalServiceStub(channel),
                    quotas_pb2_grpc.QuotaServiceStub(channel),
                    channel,
                )


@pytest.fixture
async def db(booking: Booking) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(booking.database_url)
    try:
        yield conn
    finally:
        await conn.close()
