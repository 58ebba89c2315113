"""Async gRPC client channels: default deadlines, and the caller's token, request id and trace
context forwarded in metadata on every call.

The forwarding wraps each unary method's callable instead of using a grpc.aio client interceptor:
the interceptor machinery runs every call through an extra task and call object, which measured
about 0.1-0.2 ms of CPU per call here, a tenth of what the gateway spends on a whole request.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import grpc
from opentelemetry.trace import SpanKind

from rr_common.context import bearer_token_var, request_id_var
from rr_common.metrics import GRPC_CLIENT_LATENCY, GRPC_CLIENT_REQUESTS
from rr_common.telemetry import inject_headers, tracer

DEFAULT_TIMEOUT_SECONDS = 5.0
# Client-side balancing: a channel keeps a connection to every address its target resolves to
# (every pod behind a headless Service with `dns:///`, every replica listed in an `ipv4:a,b`
# target) and spreads calls over the ready ones. The default, pick_first, would send everything
# down one connection to one replica for the life of the process. A target with one address
# A plain `host:port` target (one replica: the default dev stack, the service tests) keeps gRPC's
# default, pick_first, and so exactly the behaviour it always had.
SERVICE_CONFIG = json.dumps({"loadBalancingConfig": [{"round_robin": {}}]})
OPTIONS = [
    ("grpc.keepalive_time_ms", 30_000),
    # Fail fast while a peer is down instead of waiting out the whole deadline.
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 2_000),
    # The same ceiling the servers accept (grpc_server): a ten-year daily series answers with
    # thousands of occurrences, past gRPC's default of 4 MiB.
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
]
BALANCED_OPTIONS = [
    *OPTIONS,
    ("grpc.service_config", SERVICE_CONFIG),
    # A target's own service config (DNS TXT records) must not switch the policy back.
    ("grpc.service_config_disable_resolution", 1),
    # DNS is asked again at most this often when servers age connections out (see grpc_server).
    ("grpc.dns_min_time_between_resolutions_ms", 5_000),
]


def is_balanced(target: str) -> bool:
    """Targets naming several replicas: `dns:///name:port` (every address the name resolves to)
    or a list such as `ipv4:10.0.0.1:50052,10.0.0.2:50052`."""
    return target.startswith("dns:") or "," in target


# A read that fails with UNAVAILABLE (its replica crashed or closed the connection mid-call) is
# tried again on another replica while its deadline allows: reads change nothing, so a second
# attempt is safe. Writes are not retried here: a replica may have committed one before it died,
# and the caller must decide (idempotency keys, re-reading). gRPC's own retry policy
# (service-config `methodConfig`) would need every read method listed by name, hence this here.
READ_PREFIXES = (
    "Get",
    "List",
    "Search",
    "Check",
    "Find",
    "Count",
    "Export",
    "Lookup",
    "Suggest",
    "Summarize",
    "Preview",
)
READ_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 0.05


def is_read(method: str) -> bool:
    """``/rr.catalog.v1.CatalogService/GetResource`` -> True."""
    return method.rsplit("/", 1)[-1].startswith(READ_PREFIXES)


def forwarded_metadata(given: Any) -> list[tuple[str, str]]:
    """The call's own metadata plus the caller's token (unless it set one), request id and trace context."""
    metadata = list(given or ())
    if not any(key == "authorization" for key, _ in metadata) and (token := bearer_token_var.get()):
        metadata.append(("authorization", f"Bearer {token}"))
    if request_id := request_id_var.get():
        metadata.append(("x-request-id", request_id))
    metadata.extend(inject_headers({}).items())
    return metadata


class _ForwardingUnary:
    """A unary method: a client span, forwarded metadata, the default deadline and metrics."""

    def __init__(self, inner: Any, method: str, default_timeout: float) -> None:
        self._inner = inner
        self._method = method
        self._default_timeout = default_timeout
        # Labelled metric children looked up once, not per call.
        self._latency = GRPC_CLIENT_LATENCY.labels(method)
        self._ok = GRPC_CLIENT_REQUESTS.labels(method, "OK")
        self._attempts = READ_ATTEMPTS if is_read(method) else 1

    def __call__(self, request: Any, *, timeout: float | None = None, metadata: Any = None, **options: Any) -> Any:
        return self._invoke(request, timeout, metadata, options)

    async def _invoke(self, request: Any, timeout: float | None, metadata: Any, options: dict[str, Any]) -> Any:
        with tracer("rr.grpc.client").start_as_current_span(self._method, kind=SpanKind.CLIENT):
            started = time.perf_counter()
            try:
                answer = await self._call(
                    request, timeout or self._default_timeout, forwarded_metadata(metadata), options, started
                )
            except grpc.aio.AioRpcError as exc:
                GRPC_CLIENT_REQUESTS.labels(self._method, exc.code().name).inc()
                raise
            except BaseException as exc:
                GRPC_CLIENT_REQUESTS.labels(
                    self._method, "CANCELLED" if isinstance(exc, asyncio.CancelledError) else "UNKNOWN"
                ).inc()
                raise
            else:
                self._ok.inc()
                return answer
            finally:
                self._latency.observe(time.perf_counter() - started)

    async def _call(
        self, request: Any, timeout: float, metadata: list[tuple[str, str]], options: dict[str, Any], started: float
    ) -> Any:
        """One attempt, or for a read several within the one deadline (see READ_PREFIXES)."""
        for attempt in range(1, self._attempts + 1):
            remaining = timeout - (time.perf_counter() - started)
            try:
                return await self._inner(request, timeout=remaining, metadata=metadata, **options)
            except grpc.aio.AioRpcError as exc:
                left = timeout - (time.perf_counter() - started)
                if (
                    exc.code() != grpc.StatusCode.UNAVAILABLE
                    or attempt == self._attempts
                    or left <= RETRY_PAUSE_SECONDS * 2
                ):
                    raise
                await asyncio.sleep(RETRY_PAUSE_SECONDS * attempt)
        raise AssertionError("unreachable")  # the loop returns or raises


class ForwardingChannel(grpc.aio.Channel):
    """A grpc.aio channel whose unary methods forward the caller's context (the only kind our
    APIs use); everything else is the wrapped channel's."""

    def __init__(self, channel: grpc.aio.Channel, default_timeout: float) -> None:
        self._channel = channel
        self._default_timeout = default_timeout

    def unary_unary(
        self,
        method: str,
        request_serializer: Any = None,
        response_deserializer: Any = None,
        _registered_method: bool | None = False,
    ) -> Any:
        inner = self._channel.unary_unary(method, request_serializer, response_deserializer, _registered_method)
        return _ForwardingUnary(inner, method, self._default_timeout)

    def unary_stream(self, *args: Any, **kwargs: Any) -> Any:
        return self._channel.unary_stream(*args, **kwargs)

    def stream_unary(self, *args: Any, **kwargs: Any) -> Any:
        return self._channel.stream_unary(*args, **kwargs)

    def stream_stream(self, *args: Any, **kwargs: Any) -> Any:
        return self._channel.stream_stream(*args, **kwargs)

    async def close(self, grace: float | None = None) -> None:
        await self._channel.close(grace)

    def get_state(self, try_to_connect: bool = False) -> grpc.ChannelConnectivity:
        return self._channel.get_state(try_to_connect)

    async def wait_for_state_change(self, last_observed_state: grpc.ChannelConnectivity) -> None:
        await self._channel.wait_for_state_change(last_observed_state)

    async def channel_ready(self) -> None:
        await self._channel.channel_ready()

    async def __aenter__(self) -> ForwardingChannel:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close(None)


def create_channel(target: str, default_timeout: float = DEFAULT_TIMEOUT_SECONDS) -> grpc.aio.Channel:
    options = BALANCED_OPTIONS if is_balanced(target) else OPTIONS
    return ForwardingChannel(grpc.aio.insecure_channel(target, options=options), default_timeout)
