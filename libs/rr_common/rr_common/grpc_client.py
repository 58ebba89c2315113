"""Async gRPC client channels: default deadlines, and the caller's token, request id and trace
context forwarded in metadata on every call."""

from __future__ import annotations

import time
from typing import Any

import grpc
from opentelemetry.trace import SpanKind

from rr_common.context import bearer_token_var, request_id_var
from rr_common.metrics import GRPC_CLIENT_LATENCY, GRPC_CLIENT_REQUESTS
from rr_common.telemetry import inject_headers, tracer

DEFAULT_TIMEOUT_SECONDS = 5.0


class _ForwardingInterceptor(grpc.aio.UnaryUnaryClientInterceptor):
    def __init__(self, default_timeout: float) -> None:
        self._default_timeout = default_timeout

    async def intercept_unary_unary(self, continuation: Any, client_call_details: Any, request: Any) -> Any:
        with tracer("rr.grpc.client").start_as_current_span(
            str(client_call_details.method), kind=SpanKind.CLIENT
        ):
            metadata = grpc.aio.Metadata(*(client_call_details.metadata or ()))
            if "authorization" not in metadata and (token := bearer_token_var.get()):
                metadata.add("authorization", f"Bearer {token}")
            if request_id := request_id_var.get():
                metadata.add("x-request-id", request_id)
            for key, value in inject_headers({}).items():
                metadata.add(key, value)
            details = grpc.aio.ClientCallDetails(
                method=client_call_details.method,
                timeout=client_call_details.timeout or self._default_timeout,
                metadata=metadata,
                credentials=client_call_details.credentials,
                wait_for_ready=client_call_details.wait_for_ready,
            )
            started = time.perf_counter()
            code = "OK"
            try:
                call = await continuation(details, request)
                await call  # keep the span open until the answer (or error) arrives
                return call
            except grpc.aio.AioRpcError as exc:
                code = exc.code().name
                raise
            finally:
                method = str(client_call_details.method)
                GRPC_CLIENT_REQUESTS.labels(method, code).inc()
                GRPC_CLIENT_LATENCY.labels(method).observe(time.perf_counter() - started)


def create_channel(target: str, default_timeout: float = DEFAULT_TIMEOUT_SECONDS) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(
        target,
        interceptors=[_ForwardingInterceptor(default_timeout)],
        options=[
            ("grpc.keepalive_time_ms", 30_000),
            # Fail fast while a peer is down instead of waiting out the whole deadline.
            ("grpc.initial_reconnect_backoff_ms", 200),
            ("grpc.max_reconnect_backoff_ms", 2_000),
        ],
    )

