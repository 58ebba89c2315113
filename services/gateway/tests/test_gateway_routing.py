"""Family gates change how fast a route is found, never which route is found."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from structlog.testing import capture_logs

from rr_common.testing import TestTokens
from rr_gateway import live
from rr_gateway.app import API_FAMILIES, API_PREFIX, create_app
from rr_gateway.config import Settings
from rr_gateway.routers import ops
from rr_gateway.routing import FamilyGate

UNKNOWN = [
    "/api/v1/nothing-here",
    "/api/v1/resources/1/nothing",
    "/api/v1/auth/nothing",
    "/api/v2/resources",
    "/api/v1",
]


def _plain_app() -> FastAPI:
    """The same routes included the ordinary way, as the reference for which route a path reaches."""
    app = FastAPI()
    app.include_router(ops.router)
    live.install(app)
    for family in API_FAMILIES:
        app.include_router(family.router, prefix=API_PREFIX)
    return app


async def _selected_route(app: FastAPI, method: str, path: str) -> str | None:
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    try:
        with capture_logs():  # the public handlers fail on the absent upstreams: no traceback rendering
            await app(scope, receive, send)
    except Exception:  # noqa: BLE001 - a public handler may reach the (absent) upstreams; the route was chosen before
        pass
    route = scope.get("route")
    return getattr(route, "path", None)


def _requests(app: FastAPI) -> list[tuple[str, str]]:
    """Every documented operation with its parameters filled in, plus paths no route serves."""
    operations = [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, item in app.openapi()["paths"].items()
        for method in item
    ]
    return operations + [("GET", path) for path in UNKNOWN]


@pytest.fixture(scope="module")
def gated() -> FastAPI:
    return create_app(
        Settings(rate_limit_anonymous="1000000/minute", upstream_timeout_seconds=0.05), verifier=TestTokens().verifier()
    )


async def test_every_path_reaches_the_route_it_reached_without_gates(gated: FastAPI) -> None:
    plain = _plain_app()
    requests = _requests(gated)
    assert len(requests) > 100
    for method, path in requests:
        assert await _selected_route(gated, method, path) == await _selected_route(plain, method, path), (
            f"{method} {path}"
        )


async def test_unknown_paths_reach_no_route(gated: FastAPI) -> None:
    for path in UNKNOWN:
        assert await _selected_route(gated, "GET", path) is None, path


def test_a_gate_knows_the_literal_beginnings_of_its_routes() -> None:
    gate = FamilyGate(ops.router, "/x")
    assert "/x/live" in gate.literal_prefixes
    assert all(prefix.startswith("/x/") for prefix in gate.literal_prefixes)
