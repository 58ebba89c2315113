"""Helpers for the live and notify end-to-end tests: a WebSocket client that collects frames, an
extra in-process gateway replica on the same stack, and polling."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from rr_common.tokens import TokenVerifier
from rr_devstack.ports import free_port
from rr_devstack.stack import Stack
from rr_gateway.app import create_app
from rr_gateway.config import Settings
from tests.e2e.support import Session


def ws_url(http_url: str, token: str = "", **params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"token": token, **params}.items() if v not in ("", None))
    return http_url.replace("http://", "ws://", 1) + "/ws" + (f"?{query}" if query else "")


@dataclass
class LiveClient:
    """A socket whose incoming frames are collected with their arrival time."""

    ws: ClientConnection
    frames: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    closed: ConnectionClosed | None = None
    _reader: asyncio.Task[None] | None = None

    def start(self) -> LiveClient:
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.frames.append((time.perf_counter(), json.loads(raw)))
        except ConnectionClosed as exc:
            self.closed = exc
            return
        self.closed = ConnectionClosed(self.ws.close_rcvd, self.ws.close_sent)

    def of_type(self, type_: str) -> list[dict[str, Any]]:
        return [f for _, f in self.frames if f["type"] == type_]

    async def wait_for(
        self, type_: str, match: Callable[[dict[str, Any]], bool] = lambda f: True, timeout: float = 15
    ) -> tuple[float, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, f in self.frames:
                if f["type"] == type_ and match(f):
                    return at, f
            if self.closed is not None:
                raise AssertionError(f"socket closed ({close_code(self)}) before a {type_} frame arrived")
            await asyncio.sleep(0.005)
        raise AssertionError(f"no {type_} frame within {timeout} s; got {[f['type'] for _, f in self.frames]}")

    async def wait_closed(self, timeout: float = 10) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while self.closed is None and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert self.closed is not None, "the socket is still open"
        return close_code(self)

    async def send(self, payload: object) -> None:
        await self.ws.send(payload if isinstance(payload, str | bytes) else json.dumps(payload))


def close_code(client: LiveClient) -> tuple[int, str]:
    rcvd = client.closed.rcvd if client.closed is not None else None
    return (rcvd.code, rcvd.reason) if rcvd is not None else (1006, "")


@asynccontextmanager
async def live(url: str) -> AsyncIterator[LiveClient]:
    async with connect(url, max_size=2**20, open_timeout=10) as ws:
        client = LiveClient(ws).start()
        try:
            yield client
        finally:
            if client._reader is not None:
                client._reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await client._reader


@asynccontextmanager
async def signed_in_socket(base_url: str, who: Session, **params: object) -> AsyncIterator[LiveClient]:
    async with live(ws_url(base_url, who.token, **params)) as client:
        await client.wait_for("welcome")
        yield client


@asynccontextmanager
async def gateway_replica(
    stack: Stack, env: Mapping[str, str] | None = None, verifier: TokenVerifier | None = None
) -> AsyncIterator[str]:
    """Another gateway on the same services and NATS, in this process; yields its base URL."""
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    port = free_port()
    settings = Settings(
        http_port=port,
        nats_url=stack.infra.nats_url,
        redis_url="",
        environment="test",  # type: ignore[arg-type]
        auth_target=stack.grpc_target("auth"),
        catalog_target=stack.grpc_target("catalog"),
        booking_target=stack.grpc_target("booking"),
        waitlist_target=stack.grpc_target("waitlist"),
        notify_target=stack.grpc_target("notify"),
        rate_limit_user="100000/minute",
        rate_limit_anonymous="100000/minute",
    )
    app = create_app(settings, verifier)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    task = asyncio.create_task(server.serve())
    try:
        await eventually(lambda: _ready(f"http://127.0.0.1:{port}"), timeout=20)
        await asyncio.wait_for(app.state.live_fanout.ready.wait(), timeout=20)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


async def _ready(base: str) -> bool:
    try:
        async with httpx.AsyncClient() as client:
            return (await client.get(f"{base}/live", timeout=1)).status_code == 200
    except httpx.HTTPError:
        return False


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 20, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)
