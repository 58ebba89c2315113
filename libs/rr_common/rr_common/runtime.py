"""Run one backend service: metrics, database, NATS, outbox relay, consumers, gRPC server, and a
graceful stop on SIGTERM/SIGINT (stop taking calls, drain in-flight ones, finish messages)."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from rr_common.consumer import EventConsumer
from rr_common.db import Database
from rr_common.grpc_server import GrpcServer, ServiceBinding
from rr_common.housekeeping import Housekeeping
from rr_common.logs import configure_logging, get_logger
from rr_common.metrics import serve_metrics
from rr_common.nats_conn import NatsConnection
from rr_common.outbox import OutboxRelay
from rr_common.readiness import Readiness
from rr_common.settings import ServiceSettings
from rr_common.streams import StreamPolicy
from rr_common.telemetry import configure_tracing
from rr_common.tokens import TokenVerifier

log = get_logger("rr.runtime")

# The longest each shutdown step (background tasks, NATS, database pool) may take.
STOP_STEP_SECONDS = 5.0
# How long stopping consumers may take to finish the message in hand.
CONSUMER_FINISH_SECONDS = 2.0
READINESS_STOP_SECONDS = 1.0


def worst_case_stop_seconds(grpc_grace_seconds: float) -> float:
    """The longest `RunningService.stop` can take: what an orchestrator's grace period must cover."""
    steps = 3  # background tasks, NATS, the database pool
    return READINESS_STOP_SECONDS + grpc_grace_seconds + CONSUMER_FINISH_SECONDS + steps * STOP_STEP_SECONDS


@dataclass
class Infrastructure:
    """What the composition root needs to build a service."""

    settings: ServiceSettings
    db: Database
    nats: NatsConnection


@dataclass
class ServiceParts:
    bindings: Sequence[ServiceBinding]
    verifier: TokenVerifier
    relay: OutboxRelay | None = None
    consumers: Sequence[EventConsumer] = field(default_factory=list)
    # Awaited once before the gRPC server takes calls (e.g. applying declared configuration);
    # an exception stops the start, so a service never serves half-configured.
    startup: Sequence[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Work on the service's own schedule (sweeps, timers, retries): started with the service,
    # cancelled when it stops. Durable state belongs in rows, so a cancelled round loses nothing.
    background: Sequence[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)


def open_infrastructure(settings: ServiceSettings) -> Infrastructure:
    configure_logging(settings.service_name, settings.log_level, settings.log_format)
    configure_tracing(settings.service_name, settings.otel_exporter_otlp_endpoint)
    return Infrastructure(
        settings=settings,
        db=Database(settings.database_url, settings.database_pool_size),
        nats=NatsConnection(settings.nats_url, f"rr-{settings.service_name}"),
    )


class RunningService:
    """Started parts of a service; `stop()` shuts them down in the safe order."""

    def __init__(self, infra: Infrastructure, parts: ServiceParts) -> None:
        self.infra = infra
        self.parts = parts
        self.server = GrpcServer(
            parts.bindings,
            parts.verifier,
            infra.settings.grpc_host,
            infra.settings.grpc_port,
            max_concurrent_rpcs=infra.settings.grpc_max_concurrent_rpcs,
        )
        uses_nats = parts.relay is not None or bool(parts.consumers)
        self.readiness = Readiness(self.server, infra.db, infra.nats if uses_nats else None, parts.consumers)
        self._tasks: list[asyncio.Task[None]] = []
        self._readiness_task: asyncio.Task[None] | None = None
        s = infra.settings
        self.housekeeping = Housekeeping(
            infra.db,
            [parts.relay.outbox] if parts.relay is not None else [],
            [c.inbox for c in parts.consumers],
            timedelta(seconds=s.outbox_retention_seconds),
            timedelta(seconds=s.inbox_retention_seconds),
        )

    async def start(self) -> int:
        for step in self.parts.startup:
            await step()
        self.infra.nats.start()
        if self.parts.relay is not None:
            streams = StreamPolicy.of(self.infra.settings)
            self._tasks.append(
                asyncio.create_task(self.parts.relay.run(self.infra.nats.jetstream, streams), name="outbox-relay")
            )
        for consumer in self.parts.consumers:
            self._tasks.append(asyncio.create_task(consumer.run(self.infra.nats.jetstream), name=consumer.durable))
        if self.parts.relay is not None or self.parts.consumers:
            self._tasks.append(asyncio.create_task(self.housekeeping.run(), name="housekeeping"))
        for job in self.parts.background:
            self._tasks.append(asyncio.create_task(job(), name=getattr(job, "__qualname__", "background")))
        port = await self.server.start(serving=False)
        self._readiness_task = asyncio.create_task(self.readiness.run(), name="readiness")
        log.info("serving", service=self.infra.settings.service_name, grpc_port=port)
        return port

    async def stop(self) -> None:
        # The watch would report SERVING again while the server drains.
        if self._readiness_task is not None:
            self._readiness_task.cancel()
            await asyncio.wait({self._readiness_task}, timeout=READINESS_STOP_SECONDS)
        await self.server.stop(self.infra.settings.grpc_grace_seconds)
        for consumer in self.parts.consumers:
            consumer.stop()
        # Consumers finish the message in hand and return (a pull waits at most a second); one
        # still busy after that is cancelled, which hands its message back to NATS at once.
        durables = {c.durable for c in self.parts.consumers}
        consuming = [t for t in self._tasks if t.get_name() in durables]
        if consuming:
            await asyncio.wait(consuming, timeout=CONSUMER_FINISH_SECONDS)
        for task in self._tasks:
            task.cancel()
        # Every step is bounded: a part stuck on the network must not keep the process from
        # exiting (the orchestrator would kill it mid-way instead).
        if self._tasks:
            _, stuck = await asyncio.wait(self._tasks, timeout=STOP_STEP_SECONDS)
            if stuck:
                log.error(
                    "background tasks did not stop",
                    service=self.infra.settings.service_name,
                    tasks=sorted(t.get_name() for t in stuck),
                )
        await _bounded(self.infra.nats.close(), "closing NATS", self.infra.settings.service_name)
        await _bounded(self.infra.db.dispose(), "closing the database pool", self.infra.settings.service_name)


async def _bounded(step: Coroutine[Any, Any, None], what: str, service: str) -> None:
    task = asyncio.ensure_future(step)
    _, stuck = await asyncio.wait({task}, timeout=STOP_STEP_SECONDS)
    if stuck:
        task.cancel()
        log.error("shutdown step timed out", service=service, step=what, seconds=STOP_STEP_SECONDS)


async def serve_until_signalled(infra: Infrastructure, parts: ServiceParts) -> None:
    serve_metrics(infra.settings.metrics_port)
    service = RunningService(infra, parts)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await service.start()
    await stop.wait()
    log.info("stopping", service=infra.settings.service_name)
    await service.stop()
