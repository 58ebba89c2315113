"""Rate limits hold across gateway replicas sharing Redis, and degrade as configured when it is down."""

from __future__ import annotations

import socket
import uuid

import httpx
from fastapi import FastAPI

from rr_common.testing import TestTokens
from rr_devstack.infra import Infra
from rr_gateway.app import create_app
from rr_gateway.config import Settings


def gateway(redis_url: str, **overrides: object) -> FastAPI:
    settings = Settings(redis_url=redis_url, **overrides)  # type: ignore[arg-type]
    return create_app(settings, verifier=TestTokens().verifier())


def client(app: FastAPI, ip: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_two_gateways_share_one_budget(rr_infra: Infra) -> None:
    assert rr_infra.redis_url, "the Redis path needs a real Redis"
    ip = f"198.51.100.{uuid.uuid4().int % 250}"  # a fresh bucket for this run
    one, two = (
        gateway(rr_infra.redis_url, rate_limit_anonymous="4/minute"),
        gateway(rr_infra.redis_url, rate_limit_anonymous="4/minute"),
    )
    async with client(one, ip) as a, client(two, ip) as b:
        codes = [(await c.get("/api/v1/nothing")).status_code for c in (a, b, a, b, a)]
    assert codes == [404, 404, 404, 404, 429]


async def test_redis_down_fails_open_by_default() -> None:
    app = gateway(f"redis://127.0.0.1:{closed_port()}/0", rate_limit_anonymous="1/minute")
    async with client(app, "192.0.2.10") as c:
        codes = [(await c.get("/api/v1/nothing")).status_code for _ in range(3)]
    assert codes == [404, 404, 404]


async def test_redis_down_fails_closed_when_configured() -> None:
    app = gateway(f"redis://127.0.0.1:{closed_port()}/0", rate_limit_fail_open=False)
    async with client(app, "192.0.2.11") as c:
        answer = await c.get("/api/v1/nothing")
    assert answer.status_code == 503 and answer.headers["retry-after"]
    assert "unavailable" in answer.json()["detail"]
