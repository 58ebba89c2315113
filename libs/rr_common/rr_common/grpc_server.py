"""Async gRPC server bootstrap: interceptors, health, reflection and graceful shutdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from rr_common.grpc_interceptors import AuthInterceptor, ErrorInterceptor, RequestContextInterceptor
from rr_common.tokens import TokenVerifier

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
# SERVING while the process runs, whatever its dependencies do: the liveness probe's name.
LIVENESS = "liveness"
# Every connection is closed (GOAWAY) after about this long, so clients resolve the Service's
# name again and start sending to replicas added since they connected (an HPA scale-out would
# otherwise get no traffic from long-lived callers). gRPC adds +-10 % jitter so a fleet of clients
# does not reconnect at once; calls in flight get the grace below to finish.
MAX_CONNECTION_AGE_SECONDS = 60.0
MAX_CONNECTION_AGE_GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class ServiceBinding:
    """A servicer, the generated `add_XServicer_to_server` function and its full service name."""

    add_to_server: Callable[[Any, grpc.aio.Server], None]
    servicer: Any
    full_name: str


def server_options(max_connection_age_seconds: float = MAX_CONNECTION_AGE_SECONDS) -> list[tuple[str, int]]:
    return [
        ("grpc.max_receive_message_length", 64 * 1024 * 1024),
        ("grpc.max_connection_age_ms", int(max_connection_age_seconds * 1000)),
        ("grpc.max_connection_age_grace_ms", int(MAX_CONNECTION_AGE_GRACE_SECONDS * 1000)),
    ]


class GrpcServer:
    def __init__(
        self,
        bindings: Sequence[ServiceBinding],
        verifier: TokenVerifier,
        host: str,
        port: int,
        max_connection_age_seconds: float = MAX_CONNECTION_AGE_SECONDS,
        max_concurrent_rpcs: int | None = None,
    ) -> None:
        self._bindings = bindings
        self._server = grpc.aio.server(
            interceptors=[RequestContextInterceptor(), ErrorInterceptor(), AuthInterceptor(verifier)],
            options=server_options(max_connection_age_seconds),
            # Beyond it a call is refused at once (RESOURCE_EXHAUSTED, a 503 at the gateway)
            # instead of queueing for the database pool past every caller's deadline.
            maximum_concurrent_rpcs=max_concurrent_rpcs,
        )
        self._health = health.aio.HealthServicer()
        self._address = f"{host}:{port}"
        self.port = 0

    async def start(self, serving: bool = True) -> int:
        """`serving=False` leaves readiness to a `Readiness` watch, which reports it after its first check."""
        for binding in self._bindings:
            binding.add_to_server(binding.servicer, self._server)
        health_pb2_grpc.add_HealthServicer_to_server(self._health, self._server)
        names = [b.full_name for b in self._bindings]
        reflection.enable_server_reflection([*names, health.SERVICE_NAME, reflection.SERVICE_NAME], self._server)
        self.port = self._server.add_insecure_port(self._address)
        await self._server.start()
        await self._health.set(LIVENESS, SERVING)
        await self.set_serving(serving)
        return self.port

    async def set_serving(self, serving: bool) -> None:
        status = SERVING if serving else NOT_SERVING
        for name in ["", *(b.full_name for b in self._bindings)]:
            await self._health.set(name, status)

    async def stop(self, grace: float) -> None:
        """Report NOT_SERVING, refuse new calls, let in-flight calls finish within `grace` seconds."""
        await self.set_serving(False)
        await self._health.set(LIVENESS, NOT_SERVING)
        await self._server.stop(grace)
