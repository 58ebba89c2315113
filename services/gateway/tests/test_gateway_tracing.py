"""One trace id from the HTTP request through gRPC, the outbox, NATS and a consumer."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from rr_booking.app import build as build_booking
from rr_booking.config import Settings as BookingSettings
from rr_catalog.app import build as build_catalog
from rr_catalog.config import Settings as CatalogSettings
from rr_common.telemetry import configure_tracing
from rr_common.testing import TestTokens, migrated_database, running_service
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database, private_nats
from rr_gateway.app import create_app
from rr_gateway.config import Settings as GatewaySettings
from rr_notify.app import Overrides as NotifyOverrides
from rr_notify.app import build as build_notify
from rr_notify.config import Settings as NotifySettings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serve(app: object, port: int) -> AsyncIterator[None]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))  # type: ignore[arg-type]
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        await task


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    memory = InMemorySpanExporter()
    configure_tracing("trace-test", extra_processors=[SimpleSpanProcessor(memory)])
    return memory


@pytest.fixture(scope="module")
def own_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The notify consumer here starts at its stream's beginning: only this test's events."""
    with private_nats(tmp_path_factory.mktemp("trace_nats")) as server:
        yield server.url


async def test_a_booking_is_one_trace_from_http_to_the_notification_consumer(
    rr_infra: Infra, own_nats: str, exporter: InMemorySpanExporter
) -> None:
    tokens = TestTokens()
    common = {"nats_url": own_nats, "grpc_port": 0, "metrics_port": 0, "environment": "test", "grpc_grace_seconds": 1}
    catalog_settings = CatalogSettings(
        database_url=await migrated_database(fresh_database(rr_infra, "catalog"), "rr_catalog"), **common
    )
    notify_settings = NotifySettings(
        database_url=await migrated_database(fresh_database(rr_infra, "notify"), "rr_notify"), **common
    )
    booking_url = await migrated_database(fresh_database(rr_infra, "booking"), "rr_booking")
    durable = f"notify-trace-{secrets.token_hex(4)}"
    async with (
        running_service(
            catalog_settings, lambda i: build_catalog(i, catalog_settings, verifier=tokens.verifier())
        ) as catalog,
        running_service(
            notify_settings,
            lambda i: build_notify(
                i, notify_settings, NotifyOverrides(verifier=tokens.verifier(), durable_suffix=durable)
            ),
        ) as notify,
    ):
        booking_settings = BookingSettings(database_url=booking_url, catalog_target=catalog, **common)
        async with running_service(
            booking_settings, lambda i: build_booking(i, booking_settings, verifier=tokens.verifier())
        ) as booking:
            port = free_port()
            gateway = create_app(
                GatewaySettings(
                    catalog_target=catalog, booking_target=booking, notify_target=notify, nats_url=own_nats
                ),
                verifier=tokens.verifier(),
            )
            async with serve(gateway, port), httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
                admin = {"Authorization": f"Bearer {tokens.token(1, ('admin',))}"}
                room = await http.post("/api/v1/resources", json={"name": f"Traced {durable}"}, headers=admin)
                assert room.status_code == 201, room.text
                start = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
                booked = await http.post(
                    "/api/v1/reservations",
                    json={
                        "resource_id": room.json()["id"],
                        "start_time": start.isoformat(),
                        "end_time": (start + timedelta(hours=1)).isoformat(),
                    },
                    headers={
                        "Authorization": f"Bearer {tokens.token(77)}",
                        "traceparent": f"00-{'ab' * 16}-{'cd' * 8}-01",
                    },
                )
                assert booked.status_code == 201, booked.text
                trace_id = int("ab" * 16, 16)
                wanted = {
                    "POST /api/v1/reservations",
                    "/rr.booking.v1.BookingService/CreateReservation",
                    "consume rr.booking.reservation.created",
                }
                for _ in range(100):
                    names = {s.name for s in exporter.get_finished_spans() if s.context.trace_id == trace_id}
                    if wanted <= names:
                        break
                    await asyncio.sleep(0.1)
                assert wanted <= names, f"missing from the trace: {wanted - names}"
