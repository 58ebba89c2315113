"""A service's start and stop: startup steps run before it serves, and stopping is bounded even
when a background part ignores cancellation."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc
import nats
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from nats.js import JetStreamContext
from sqlalchemy import MetaData

from libs.rr_common.tests.test_grpc_server import add_slow_service
from rr_common import runtime
from rr_common.consumer import EventConsumer, define_consumer_tables
from rr_common.grpc_server import ServiceBinding
from rr_common.runtime import RunningService, ServiceParts, open_infrastructure
from rr_common.settings import ServiceSettings
from rr_common.streams import ensure_stream
from rr_common.testing import TestTokens
from rr_devstack.infra import Infra
from rr_devstack.ports import free_port
from rr_devstack.pytest_plugin import fresh_database, private_nats


class Stubborn(EventConsumer):
    """A part that swallows its first cancellation and carries on (a library bug, say)."""

    def __init__(self) -> None:
        super().__init__(None, define_consumer_tables(MetaData()), "stubborn", "stubborn", {})  # type: ignore[arg-type]

    def stop(self) -> None:
        pass

    async def run(self, js_ready: Callable[[], Awaitable[JetStreamContext]]) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(3600)
        await asyncio.sleep(3600)


def settings(rr_infra: Infra) -> ServiceSettings:
    return ServiceSettings(
        database_url=fresh_database(rr_infra, "runtime"), nats_url=rr_infra.nats_url, grpc_grace_seconds=0.1
    )


async def test_startup_steps_run_before_serving_and_a_failing_one_stops_the_start(rr_infra: Infra) -> None:
    ran: list[str] = []

    async def declare() -> None:
        ran.append("declared")

    infra = open_infrastructure(settings(rr_infra))
    service = RunningService(
        infra,
        ServiceParts([ServiceBinding(add_slow_service, None, "test.Slow")], TestTokens().verifier(), startup=[declare]),
    )
    port = await service.start()
    try:
        assert ran == ["declared"]
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            await channel.channel_ready()
    finally:
        await service.stop()

    async def broken() -> None:
        raise RuntimeError("declared configuration is invalid")

    failing = RunningService(
        open_infrastructure(settings(rr_infra)), ServiceParts([], TestTokens().verifier(), startup=[broken])
    )
    with pytest.raises(RuntimeError, match="declared configuration is invalid"):
        await failing.start()
    assert failing.infra.nats.client is None, "nothing else was started"


async def test_stop_is_bounded_when_a_background_part_ignores_cancellation(
    rr_infra: Infra, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime, "STOP_STEP_SECONDS", 0.5)
    monkeypatch.setattr(runtime, "CONSUMER_FINISH_SECONDS", 0.5)
    stubborn = Stubborn()
    service = RunningService(
        open_infrastructure(settings(rr_infra)), ServiceParts([], TestTokens().verifier(), consumers=[stubborn])
    )
    await service.start()
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await asyncio.wait_for(service.stop(), timeout=10)
    # Every step bounded (patched small above): far below the hour the stuck part would take.
    assert time.monotonic() - started < runtime.worst_case_stop_seconds(0.1) + 1, (
        "stop waited for the stuck part instead of giving up after its bound"
    )
    assert not service.infra.nats.connected, "the later shutdown steps still ran"
    for task in service._tasks:
        task.cancel()


async def _health(port: int, service: str = "") -> int:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        answer = await health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=service), timeout=2
        )
    return int(answer.status)


async def _until_health(port: int, wanted: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await _health(port) == wanted:
            return True
        await asyncio.sleep(0.1)
    return False


async def test_readiness_follows_nats_and_the_consumers_and_recovers(rr_infra: Infra, tmp_path: Path) -> None:
    """SERVING only while NATS answers and every consumer is subscribed; liveness stays SERVING."""
    serving, not_serving = health_pb2.HealthCheckResponse.SERVING, health_pb2.HealthCheckResponse.NOT_SERVING
    with private_nats(tmp_path) as nats_server:
        s = ServiceSettings(
            database_url=fresh_database(rr_infra, "readiness"), nats_url=nats_server.url, grpc_grace_seconds=0.1
        )
        infra = open_infrastructure(s)
        consumer = EventConsumer(infra.db, define_consumer_tables(MetaData()), "readiness-test", "readiness", {})
        service = RunningService(infra, ServiceParts([], TestTokens().verifier(), consumers=[consumer]))
        port = await service.start()
        try:
            assert await _until_health(port, serving), "ready once NATS answers and the consumer subscribed"
            nats_server.pause()
            try:
                assert await _until_health(port, not_serving), "a stalled NATS takes the replica out of rotation"
                assert await _health(port, "liveness") == serving, "but it is not restarted"
            finally:
                nats_server.resume()
            assert await _until_health(port, serving, seconds=30), "and it comes back by itself"
            nats_server.kill()
            assert await _until_health(port, not_serving)
            nats_server.start()
            assert await _until_health(port, serving, seconds=30)
            assert consumer.subscribed
        finally:
            await service.stop()


async def test_readiness_reports_a_database_that_does_not_answer(rr_infra: Infra) -> None:
    s = ServiceSettings(
        database_url=f"postgresql://nobody@127.0.0.1:{free_port()}/gone",
        nats_url=rr_infra.nats_url,
        grpc_grace_seconds=0.1,
    )
    service = RunningService(open_infrastructure(s), ServiceParts([], TestTokens().verifier()))
    port = await service.start()
    try:
        await asyncio.sleep(0.5)
        assert await _health(port) == health_pb2.HealthCheckResponse.NOT_SERVING
        assert service.readiness.problems == ["database"]
    finally:
        await service.stop()


async def test_a_message_in_hand_at_sigterm_is_handed_back_at_once(rr_infra: Infra, tmp_path: Path) -> None:
    """A service stopped while a handler is stuck gives the message back (nak), so the next replica
    gets it within a second or two, not after the 30 s ack wait; and the stop stays bounded."""
    entered, handled = asyncio.Event(), asyncio.Event()

    async def stuck(session: object, event: object) -> None:
        entered.set()
        await asyncio.sleep(3600)

    async def quick(session: object, event: object) -> None:
        handled.set()

    with private_nats(tmp_path) as nats_server:
        client = await nats.connect(nats_server.url)
        await ensure_stream(client.jetstream(), "handback")
        database = fresh_database(rr_infra, "handback")
        tables = define_consumer_tables(MetaData())
        first_settings = ServiceSettings(database_url=database, nats_url=nats_server.url, grpc_grace_seconds=0.1)
        first_infra = open_infrastructure(first_settings)
        async with first_infra.db.engine.begin() as conn:
            await conn.run_sync(tables.inbox.metadata.create_all)
        first = RunningService(
            first_infra,
            ServiceParts(
                [],
                TestTokens().verifier(),
                consumers=[
                    EventConsumer(first_infra.db, tables, "handback", "handback", {"rr.handback.x.done": stuck}),  # type: ignore[dict-item]
                ],
            ),
        )
        await first.start()
        await client.jetstream().publish("rr.handback.x.done", b"", headers={"Nats-Msg-Id": "one"})
        await asyncio.wait_for(entered.wait(), 10)
        began = time.monotonic()
        await first.stop()
        assert time.monotonic() - began < runtime.worst_case_stop_seconds(0.1)
        second_infra = open_infrastructure(first_settings)
        second = RunningService(
            second_infra,
            ServiceParts(
                [],
                TestTokens().verifier(),
                consumers=[
                    EventConsumer(second_infra.db, tables, "handback", "handback", {"rr.handback.x.done": quick}),  # type: ignore[dict-item]
                ],
            ),
        )
        handed_back = time.monotonic()
        await second.start()
        try:
            await asyncio.wait_for(handled.wait(), 5)
            assert time.monotonic() - handed_back < 5, "redelivered at once, not after the ack wait"
        finally:
            await second.stop()
            await client.close()
