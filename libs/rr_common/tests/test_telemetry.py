"""W3C trace context crosses gRPC: the server span continues the caller's trace."""

from __future__ import annotations

from grpc_health.v1 import health_pb2, health_pb2_grpc
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from rr_common.grpc_client import create_channel
from rr_common.grpc_server import GrpcServer
from rr_common.telemetry import configure_tracing, extract_context, inject_headers, tracer
from rr_common.testing import TestTokens


async def test_server_span_joins_the_callers_trace() -> None:
    exporter = InMemorySpanExporter()
    configure_tracing("kernel-test", extra_processors=[SimpleSpanProcessor(exporter)])
    server = GrpcServer([], TestTokens().verifier(), "127.0.0.1", 0)
    port = await server.start()
    try:
        async with create_channel(f"127.0.0.1:{port}") as channel:
            with tracer("test").start_as_current_span("user action") as root:
                await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    finally:
        await server.stop(0)
    trace_id = root.get_span_context().trace_id
    # The client and the server span share the method's name; tell them apart by kind.
    spans = {(s.name, s.kind): s for s in exporter.get_finished_spans()}
    client_span = spans[("/grpc.health.v1.Health/Check", SpanKind.CLIENT)]
    server_span = spans[("/grpc.health.v1.Health/Check", SpanKind.SERVER)]
    assert client_span.context.trace_id == server_span.context.trace_id == trace_id
    assert client_span.parent is not None and client_span.parent.span_id == root.get_span_context().span_id
    assert server_span.parent is not None and server_span.parent.span_id == client_span.context.span_id


def test_headers_round_trip_the_trace_context() -> None:
    configure_tracing("kernel-test")
    with tracer("test").start_as_current_span("publish") as span:
        headers = inject_headers({})
    assert headers["traceparent"].split("-")[1] == format(span.get_span_context().trace_id, "032x")
    from opentelemetry import trace

    restored = trace.get_current_span(extract_context(headers)).get_span_context()
    assert restored.trace_id == span.get_span_context().trace_id
