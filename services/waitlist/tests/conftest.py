"""Waitlist under test with its real peers: catalog and booking in-process over real gRPC, each
with its own fresh database on the shared PostgreSQL, and a NATS of their own: booking's events
from other suites' booking instances (same stream, colliding resource ids) must not reach this
waitlist, and stopping this NATS disturbs nobody else."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import grpc
import pytest
from rr.booking.v1 import booking_pb2_grpc
from rr.catalog.v1 import catalog_pb2_grpc

from rr_booking.app import build as build_booking
from rr_booking.config import Settings as BookingSettings
from rr_catalog.app import build as build_catalog
from rr_catalog.config import Settings as CatalogSettings
from rr_common.testing import TestTokens, migrated_database, running_service
from rr_devstack.infra import Infra
from rr_devstack.nats_server import NatsServer
from rr_devstack.pytest_plugin import fresh_database, private_nats
from rr_waitlist.config import Settings
from services.waitlist.tests.support import OFFER_TTL_SECONDS, WaitlistRunner, World, uid


@pytest.fixture(scope="session")
def world_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    with private_nats(tmp_path_factory.mktemp("waitlist_nats")) as server:
        yield server


@pytest.fixture(scope="session")
async def world(rr_infra: Infra, world_nats: NatsServer) -> AsyncIterator[World]:
    tokens = TestTokens()
    common = {
        "nats_url": world_nats.url,
        "grpc_port": 0,
        "metrics_port": 0,
        "environment": "test",
        "grpc_grace_seconds": 1,
    }
    catalog_url = await migrated_database(fresh_database(rr_infra, "catalog"), "rr_catalog")
    booking_url = await migrated_database(fresh_database(rr_infra, "booking"), "rr_booking")
    waitlist_url = await migrated_database(fresh_database(rr_infra, "waitlist"), "rr_waitlist")
    catalog_settings = CatalogSettings(database_url=catalog_url, **common)
    async with running_service(
        catalog_settings, lambda i: build_catalog(i, catalog_settings, verifier=tokens.verifier())
    ) as catalog_target:
        # booking's own sweep is off: a hold that lapses here lapses by the waitlist's timer.
        booking_settings = BookingSettings(
            database_url=booking_url, catalog_target=catalog_target, sweep_interval_seconds=0, **common
        )
        async with running_service(
            booking_settings, lambda i: build_booking(i, booking_settings, verifier=tokens.verifier())
        ) as booking_target:
            settings = Settings(
                database_url=waitlist_url,
                booking_target=booking_target,
                catalog_target=catalog_target,
                offer_ttl_seconds=OFFER_TTL_SECONDS,
                sweep_interval_seconds=0.1,
                flexible_hours=2,
                # Tests run the queue re-check by hand, when they mean to.
                recheck_interval_seconds=0,
                **common,
            )
            runner = WaitlistRunner(settings, tokens)
            await runner.start()
            async with (
                grpc.aio.insecure_channel(booking_target) as booking,
                grpc.aio.insecure_channel(catalog_target) as catalog,
            ):
                db = await asyncpg.create_pool(waitlist_url, min_size=1, max_size=4)
                booking_db = await asyncpg.create_pool(booking_url, min_size=1, max_size=4)
                try:
                    yield World(
                        runner,
                        booking_pb2_grpc.BookingServiceStub(booking),
                        catalog_pb2_grpc.CatalogServiceStub(catalog),
                        tokens,
                        db,
                        booking_db,
                        world_nats,
                    )
                finally:
                    await db.close()
                    await booking_db.close()
                    await runner.stop()


@pytest.fixture
async def resource_id(world: World) -> int:
    """A resource of its own, so queues and positions are this test's alone."""
    return await world.new_resource()


@pytest.fixture
def user_id() -> int:
    return uid()


@pytest.fixture
def other_user_id() -> int:
    return uid()


@pytest.fixture
def third_user_id() -> int:
    return uid()
