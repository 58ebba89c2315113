"""Liveness, readiness (real dependencies), Prometheus metrics and API versions."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

router = APIRouter(tags=["operations"])
CHECK_TIMEOUT = 1.0


async def _grpc_serving(channel: grpc.aio.Channel) -> bool:
    try:
        answer = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=CHECK_TIMEOUT)
    except grpc.aio.AioRpcError:
        return False
    return bool(answer.status == health_pb2.HealthCheckResponse.SERVING)


async def _redis_ok(request: Request) -> bool | None:
    client = request.app.state.redis
    if client is None:
        return None
    try:
        return bool(await asyncio.wait_for(client.ping(), CHECK_TIMEOUT))
    except Exception:  # noqa: BLE001 - any failure means not reachable
        return False


@router.get("/live", summary="The process is up")
async def live() -> dict[str, str]:
    return {"status": "alive"}


@router.get("/health", summary="Alias of /ready for older clients")
async def health(request: Request, all: bool = False) -> JSONResponse:  # the public query name
    return await ready(request, all)


@router.get(
    "/ready",
    summary="Ready to take traffic; lists every upstream, NATS and Redis",
    description=(
        "200 `ready` when everything answers, 200 `degraded` when some upstream is down (its routes answer 503, "
        "the rest still work, so taking this gateway out of rotation would not help) or when this replica is not "
        "following account events (`account_events`: it then asks auth about each account) or live pushes "
        "(`live_push`), 503 when the gateway "
        "itself cannot serve: Redis is down and rate limiting fails closed. `?all=true` answers 503 whenever "
        "anything is down, for checks of the whole system."
    ),
)
async def ready(request: Request, all: bool = False) -> JSONResponse:  # the public query name
    state = request.app.state
    channels: dict[str, grpc.aio.Channel] = state.upstreams.channels
    names = list(channels)
    *results, nats_ok = await asyncio.gather(*(_grpc_serving(channels[n]) for n in names), state.nats.responsive())
    checks: dict[str, Any] = {name: "ok" if ok else "down" for name, ok in zip(names, results, strict=True)}
    checks["nats"] = "ok" if nats_ok else "down"
    # Not following account events: deactivations are then checked with auth on every request
    # (slower, and impossible while auth is down), so the gateway is degraded, not ready.
    checks["account_events"] = "ok" if state.revocation_feed.following else "down"
    # Live pushes ride core NATS subscriptions, which the client restores after a reconnect.
    checks["live_push"] = "ok" if state.live_fanout.ready.is_set() and state.nats.connected else "down"
    redis_ok = await _redis_ok(request)
    if redis_ok is not None:
        checks["redis"] = "ok" if redis_ok else "down"
    down = sorted(k for k, v in checks.items() if v != "ok")
    # Only Redis with fail-closed limits stops this gateway from serving anything at all.
    fatal = "redis" in down and not request.app.state.settings.rate_limit_fail_open
    status = "ready" if not down else ("not_ready" if fatal or all else "degraded")
    return JSONResponse(
        {"status": status, "down": down, "checks": checks}, status_code=503 if status == "not_ready" else 200
    )


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.get("/api/versions", summary="Supported API versions")
async def versions() -> dict[str, Any]:
    return {"versions": [{"version": "v1", "path": "/api/v1", "status": "current"}], "current": "v1"}
