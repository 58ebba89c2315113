"""Operational endpoints and cross-cutting headers."""

from __future__ import annotations

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import Session


async def test_live_ready_metrics_and_versions(api: httpx.AsyncClient) -> None:
    assert (await api.get("/live")).status_code == 200
    ready = await api.get("/ready")
    assert ready.status_code == 200, ready.text
    assert set(ready.json()["checks"]) >= {
        "auth",
        "catalog",
        "booking",
        "waitlist",
        "notify",
        "nats",
        "account_events",
        "live_push",
    }
    metrics = await api.get("/metrics")
    assert "rr_http_requests_total" in metrics.text
    assert (await api.get("/api/versions")).json()["current"] == "v1"
    docs = await api.get("/openapi.json")
    assert "/api/v1/reservations" in docs.json()["paths"]


async def test_every_answer_carries_request_id_rate_limit_and_security_headers(
    api: httpx.AsyncClient, user: Session
) -> None:
    answer = await api.get("/api/v1/users/me", headers={**user.auth, "X-Request-ID": "trace-me-123"})
    assert answer.headers["x-request-id"] == "trace-me-123"
    assert int(answer.headers["x-ratelimit-limit"]) > 0
    assert int(answer.headers["x-ratelimit-remaining"]) >= 0
    assert answer.headers["x-content-type-options"] == "nosniff"


async def test_every_service_exposes_prometheus_metrics(api: httpx.AsyncClient, rr_stack: Stack, user: Session) -> None:
    await api.get("/api/v1/reservations/my", headers=user.auth)  # at least one gRPC call to booking
    async with httpx.AsyncClient(timeout=5) as plain:
        for name in ("auth", "catalog", "booking", "waitlist", "notify"):
            port = rr_stack.metrics_port(name)
            assert port, f"{name} has a metrics port"
            text = (await plain.get(f"http://127.0.0.1:{port}/metrics")).text
            assert "rr_grpc_server_requests_total" in text, name
        booking = (await plain.get(f"http://127.0.0.1:{rr_stack.metrics_port('booking')}/metrics")).text
        assert 'method="/rr.booking.v1.BookingService/ListMyReservations"' in booking


async def test_api_usage_shows_my_budget_shrinking(api: httpx.AsyncClient, user: Session) -> None:
    first = await api.get("/api/v1/quotas/api-usage", headers=user.auth)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["tier"] == "user" and body["limit"] > 0 and body["window_seconds"] > 0
    await api.get("/api/v1/users/me", headers=user.auth)
    second = (await api.get("/api/v1/quotas/api-usage", headers=user.auth)).json()
    assert second["remaining"] < body["remaining"], "every request counts against the caller's own budget"
    assert (await api.get("/api/v1/quotas/api-usage")).status_code == 401
