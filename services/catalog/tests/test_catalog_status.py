"""Status and maintenance: validation, events, the summary, and the durable automatic return to
available, which must also happen when the service was down at `until`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import grpc
import nats
import pytest
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc, events_pb2

from rr_catalog.app import build
from rr_catalog.config import Settings
from rr_common.runtime import RunningService, open_infrastructure
from rr_common.testing import migrated_database
from rr_devstack.pytest_plugin import fresh_database
from services.catalog.tests.support import events_for


def unavailable(
    resource_id: int, status: str = "maintenance", reason: str = "", until: datetime | None = None
) -> catalog_pb2.SetResourceStatusRequest:
    request = catalog_pb2.SetResourceStatusRequest(id=resource_id, status=status, reason=reason)
    if until is not None:
        request.until.FromDatetime(until)
    return request


class TestStatus:
    async def test_maintenance_with_reason_and_back_with_events(self, catalog, admin, create_resource, db):
        resource = await create_resource()
        changed = (await catalog.SetResourceStatus(unavailable(resource.id, reason="Repaint"), metadata=admin)).resource
        assert (changed.status, changed.status_reason) == ("maintenance", "Repaint")
        back = (
            await catalog.SetResourceStatus(
                catalog_pb2.SetResourceStatusRequest(id=resource.id, status="available"), metadata=admin
            )
        ).resource
        assert (back.status, back.status_reason) == ("available", "")
        found = await events_for(
            db, "rr.catalog.resource.status_changed", events_pb2.ResourceStatusChanged, resource.id
        )
        assert [(e.previous_status, e.status, e.reason, e.automatic) for e in found] == [
            ("available", "maintenance", "Repaint", False),
            ("maintenance", "available", "", False),
        ]

    async def test_until_in_the_past_is_refused_and_nothing_changes(self, catalog, admin, create_resource, refused):
        resource = await create_resource()
        code, payload = await refused(
            catalog.SetResourceStatus(
                unavailable(resource.id, until=datetime.now(UTC) - timedelta(minutes=1)), metadata=admin
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["errors"][0]["loc"] == "until"
        assert (
            await catalog.GetResource(catalog_pb2.GetResourceRequest(id=resource.id), metadata=admin)
        ).resource.status == "available"

    async def test_unknown_status_and_plain_user_are_refused(self, catalog, admin, user, create_resource, refused):
        resource = await create_resource()
        code, _ = await refused(catalog.SetResourceStatus(unavailable(resource.id, status="broken"), metadata=admin))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        code, _ = await refused(catalog.SetResourceStatus(unavailable(resource.id), metadata=user))
        assert code == grpc.StatusCode.PERMISSION_DENIED

    async def test_summary_counts_each_status(self, catalog, admin, user, create_resource):
        before = await catalog.SummarizeStatuses(catalog_pb2.SummarizeStatusesRequest(), metadata=user)
        resource = await create_resource()
        await catalog.SetResourceStatus(unavailable(resource.id), metadata=admin)
        after = await catalog.SummarizeStatuses(catalog_pb2.SummarizeStatusesRequest(), metadata=user)
        assert (after.maintenance - before.maintenance, after.total - before.total) == (1, 1)

    async def test_until_returns_the_resource_to_available(self, catalog, admin, create_resource):
        resource = await create_resource()
        await catalog.SetResourceStatus(
            unavailable(resource.id, until=datetime.now(UTC) + timedelta(seconds=1)), metadata=admin
        )
        async with asyncio.timeout(5):
            while (
                await catalog.GetResource(catalog_pb2.GetResourceRequest(id=resource.id), metadata=admin)
            ).resource.status != "available":
                await asyncio.sleep(0.1)


@pytest.fixture
async def own_database(rr_infra) -> str:
    """A database no other catalog process sweeps, so only the restarted one can end the status."""
    return await migrated_database(fresh_database(rr_infra, "catalog"), "rr_catalog")


async def start(url: str, nats_url: str, tokens) -> tuple[RunningService, int]:
    settings = Settings(
        environment="test", database_url=url, nats_url=nats_url, grpc_port=0, metrics_port=0, grpc_grace_seconds=1.0
    )
    infra = open_infrastructure(settings)
    service = RunningService(infra, build(infra, settings, verifier=tokens.verifier()))
    return service, await service.start()


class TestDurableSchedule:
    async def test_status_ends_after_a_restart_and_the_event_is_published(
        self, own_database, nats_server_url, tokens, admin
    ):
        service, port = await start(own_database, nats_server_url, tokens)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = catalog_pb2_grpc.CatalogServiceStub(channel)
            resource = (
                await stub.CreateResource(
                    catalog_pb2.CreateResourceRequest(name="Durable", available=True), metadata=admin
                )
            ).resource
            await stub.SetResourceStatus(
                unavailable(resource.id, until=datetime.now(UTC) + timedelta(seconds=2)), metadata=admin
            )
        await service.stop()
        await asyncio.sleep(2.5)  # `until` passes while nothing runs

        nc = await nats.connect(nats_server_url, connect_timeout=2, max_reconnect_attempts=0)
        received: asyncio.Queue = asyncio.Queue()
        await nc.subscribe("rr.catalog.resource.status_changed", cb=received.put)
        service, port = await start(own_database, nats_server_url, tokens)
        try:
            async with asyncio.timeout(5):
                while True:
                    event = events_pb2.ResourceStatusChanged.FromString((await received.get()).data)
                    if event.resource_id == resource.id and event.automatic:
                        break
            assert (event.previous_status, event.status, event.header.actor_user_id) == ("maintenance", "available", 0)
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = catalog_pb2_grpc.CatalogServiceStub(channel)
                again = (
                    await stub.GetResource(catalog_pb2.GetResourceRequest(id=resource.id), metadata=admin)
                ).resource
            assert again.status == "available" and not again.HasField("status_until")
        finally:
            await nc.close()
            await service.stop()
