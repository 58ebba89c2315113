"""Prometheus metrics shared by the plumbing (gRPC, outbox, consumers) and a scrape endpoint."""

from __future__ import annotations

from prometheus_client import Counter, Histogram, start_http_server

GRPC_REQUESTS = Counter("rr_grpc_server_requests_total", "gRPC requests handled", ["method", "code"])
GRPC_LATENCY = Histogram(
    "rr_grpc_server_latency_seconds",
    "gRPC request latency",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
GRPC_CLIENT_REQUESTS = Counter(
    "rr_grpc_client_requests_total", "gRPC calls made to upstream services", ["method", "code"]
)
GRPC_CLIENT_LATENCY = Histogram(
    "rr_grpc_client_latency_seconds",
    "Latency of gRPC calls to upstream services",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
OUTBOX_PUBLISHED = Counter("rr_outbox_published_total", "Outbox events published", ["subject"])
OUTBOX_FAILURES = Counter("rr_outbox_publish_failures_total", "Outbox publish attempts that failed")
EVENTS_CONSUMED = Counter("rr_events_consumed_total", "Events handled by consumers", ["consumer", "outcome"])


def serve_metrics(port: int, host: str = "0.0.0.0") -> None:  # scraped from the pod network
    """Expose /metrics on its own port (0 disables it)."""
    if port:
        start_http_server(port, addr=host)
