"""Notify under test: its own fresh database, its own NATS, a real gRPC server on a free port,
a real SMTP server and fast retry schedules (milliseconds instead of minutes)."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime

import asyncpg
import grpc
import nats
import pytest
from google.protobuf.message import Message
from nats.aio.client import Client
from nats.js import JetStreamContext
from rr.booking.v1 import booking_pb2
from rr.booking.v1 import events_pb2 as booking_events
from rr.notify.v1 import audit_pb2_grpc, notify_pb2_grpc, webhooks_pb2_grpc

from rr_common.consumer import EventConsumer
from rr_common.db import Database
from rr_common.nats_conn import NatsConnection
from rr_common.runtime import Infrastructure, RunningService
from rr_common.streams import ensure_stream, stream_name
from rr_common.testing import TestTokens, migrated_database
from rr_common.timeconv import to_timestamp
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database, private_nats
from rr_notify.app import PRODUCERS, Overrides, build
from rr_notify.config import Settings
from services.notify.tests.support import SmtpServer, as_event, header, publish, start_smtp

FAST = {
    "grpc_port": 0,
    "metrics_port": 0,
    "environment": "test",
    "grpc_grace_seconds": 1,
    "sweep_interval_seconds": 0.05,
    "email_enabled": True,
    "email_retry_base_seconds": 0.05,
    "email_max_attempts": 3,
    "webhook_allowed_networks": "127.0.0.0/8",
    "webhook_retry_base_seconds": 0.05,
    "webhook_retry_max_seconds": 0.2,
    "webhook_max_attempts": 4,
    "webhook_failure_threshold": 6,
    "webhook_timeout_seconds": 1.0,
    "app_url": "https://rr.example",
}


@pytest.fixture(scope="session")
async def database_url(rr_infra: Infra) -> str:
    """A brand-new database of the shared test infrastructure with notify's migrations applied."""
    return await migrated_database(fresh_database(rr_infra, "notify"), "rr_notify")


@pytest.fixture(scope="session")
def nats_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Notify's consumers replay their streams from the start: a server of the suite's own."""
    with private_nats(tmp_path_factory.mktemp("notify_nats")) as server:
        yield server.url


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpServer]:
    server = start_smtp()
    yield server
    server.controller.stop()


@dataclass
class Notify:
    stub: notify_pb2_grpc.NotifyServiceStub
    webhooks: webhooks_pb2_grpc.WebhookServiceStub
    audit: audit_pb2_grpc.AuditServiceStub
    tokens: TestTokens
    consumers: dict[str, EventConsumer]
    db: asyncpg.Connection
    settings: Settings

    @property
    def consumer(self) -> EventConsumer:
        return self.consumers["booking"]

    def auth(self, user_id: int, roles: tuple[str, ...] = ("user",)) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.tokens.token(user_id, roles)}"),)

    def admin(self, user_id: int = 1) -> tuple[tuple[str, str], ...]:
        return self.auth(user_id, ("admin", "user"))

    async def process(self, subject: str, message: Message) -> str:
        """Hand one event straight to the consumer of its producer (what a delivery from NATS does)."""
        producer = subject.split(".")[1]
        return await self.consumers[producer]._process(as_event(subject, message))


@pytest.fixture(scope="session")
async def nats_client(nats_url: str) -> AsyncIterator[Client]:
    client = await nats.connect(nats_url)
    yield client
    await client.drain()


@pytest.fixture(scope="session")
async def js(nats_client: Client) -> JetStreamContext:
    context = nats_client.jetstream()
    for producer in PRODUCERS:
        await ensure_stream(context, producer)
    return context


async def start_notify(
    database_url: str, nats_url: str, tokens: TestTokens, suffix: str, **settings: object
) -> tuple[RunningService, Settings, int]:
    config = Settings(database_url=database_url, nats_url=nats_url, **{**FAST, **settings})  # type: ignore[arg-type]
    infra = Infrastructure(config, Database(database_url, 5), NatsConnection(nats_url, "rr-notify-test"))
    service = RunningService(infra, build(infra, config, Overrides(verifier=tokens.verifier(), durable_suffix=suffix)))
    port = await service.start()
    return service, config, port


@pytest.fixture(scope="session")
async def notify(database_url: str, nats_url: str, js: JetStreamContext, smtp: SmtpServer) -> AsyncIterator[Notify]:
    tokens = TestTokens()
    # Durables of our own, so concurrent runs never take each other's messages.
    suffix = f"-test-{secrets.token_hex(4)}"
    service, settings, port = await start_notify(
        database_url, nats_url, tokens, suffix, smtp_host=smtp.host, smtp_port=smtp.port
    )
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    db = await asyncpg.connect(database_url)
    consumers = {c.durable.split("-")[1]: c for c in service.parts.consumers if c.durable.startswith("notify-")}
    try:
        yield Notify(
            notify_pb2_grpc.NotifyServiceStub(channel),
            webhooks_pb2_grpc.WebhookServiceStub(channel),
            audit_pb2_grpc.AuditServiceStub(channel),
            tokens,
            consumers,
            db,
            settings,
        )
    finally:
        await db.close()
        await channel.close()
        await service.stop()
        for producer in PRODUCERS:
            await js.delete_consumer(stream_name(producer), f"notify-{producer}{suffix}")


def unique_user() -> int:
    """A 9-digit user id no other test run will use, so leftovers on the shared stream never match."""
    return 100_000_000 + secrets.randbelow(900_000_000)


@pytest.fixture
def user_id() -> int:
    return unique_user()


@pytest.fixture
def other_user_id() -> int:
    return unique_user()


class BookingEvents:
    """Builds booking's events and publishes them to the real RR_BOOKING stream."""

    def __init__(self, js: JetStreamContext) -> None:
        self.js = js

    @staticmethod
    def reservation(
        user_id: int,
        start: datetime,
        end: datetime,
        timezone: str = "Europe/Berlin",
        reason: str = "",
        status: str = "confirmed",
        resource_id: int = 7,
    ) -> booking_pb2.Reservation:
        return booking_pb2.Reservation(
            id=secrets.randbelow(10**9) + 1,
            user_id=user_id,
            resource_id=resource_id,
            start_time=to_timestamp(start),
            end_time=to_timestamp(end),
            status=status,
            timezone=timezone,
            cancellation_reason=reason,
        )

    @staticmethod
    def created(res: booking_pb2.Reservation, resource_name: str = "Room A") -> booking_events.ReservationCreated:
        return booking_events.ReservationCreated(
            header=header(res.user_id), reservation=res, resource_name=resource_name
        )

    @staticmethod
    def cancelled(res: booking_pb2.Reservation, resource_name: str = "Room A") -> booking_events.ReservationCancelled:
        return booking_events.ReservationCancelled(
            header=header(res.user_id), reservation=res, resource_name=resource_name
        )

    @staticmethod
    def changed(
        res: booking_pb2.Reservation, previous: str = "", reason: str = "", resource_name: str = "Room A"
    ) -> booking_events.ReservationChanged:
        return booking_events.ReservationChanged(
            header=header(res.user_id),
            reservation=res,
            resource_name=resource_name,
            previous_status=previous,
            reason=reason,
        )

    async def publish(self, subject: str, message: Message) -> None:
        await publish(self.js, subject, message)


@pytest.fixture(scope="session")
def booking(js: JetStreamContext) -> BookingEvents:
    return BookingEvents(js)
