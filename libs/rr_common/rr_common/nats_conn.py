"""A NATS connection that keeps trying: services start and serve while NATS is still away,
and the outbox relay and consumers wait for it instead of failing."""

from __future__ import annotations

import asyncio
import time

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from rr_common.logs import get_logger

log = get_logger("rr.nats")


class NatsConnection:
    def __init__(self, url: str, name: str) -> None:
        self._url = url
        self._name = name
        self._client: Client | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_error_log = 0.0

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_forever())

    async def _connect_forever(self) -> None:
        backoff = 0.2
        while True:
            try:
                self._client = await nats.connect(
                    self._url,
                    name=self._name,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    connect_timeout=2,
                    # A stalled server (a frozen host keeps its sockets open) is noticed in about
                    # 15 s and the client reconnects, instead of nats-py's default of 4 minutes.
                    ping_interval=5,
                    max_outstanding_pings=3,
                    error_cb=self._on_error,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                )
                self._ready.set()
                log.info("nats connected", url=self._url)
                return
            except Exception as exc:  # noqa: BLE001 - retried until NATS answers
                log.warning("nats unreachable", url=self._url, error=str(exc) or type(exc).__name__, retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    # nats-py's default callbacks log a full traceback on every reconnect attempt (twice a
    # second while NATS is away); one line per state change is what an operator needs.
    async def _on_error(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_error_log >= 10:
            self._last_error_log = now
            log.warning("nats error", url=self._url, error=str(exc) or type(exc).__name__)

    async def _on_disconnected(self) -> None:
        log.warning("nats disconnected; reconnecting", url=self._url)

    async def _on_reconnected(self) -> None:
        log.info("nats reconnected", url=self._url)

    @property
    def client(self) -> Client | None:
        return self._client

    async def jetstream(self) -> JetStreamContext:
        await self._ready.wait()
        assert self._client is not None
        return self._client.jetstream()

    @property
    def connected(self) -> bool:
        return self._client is not None and self._client.is_connected

    async def responsive(self, timeout: int = 1) -> bool:
        """Connected and the server answers a ping: a stalled server still looks connected."""
        if self._client is None or not self._client.is_connected:
            return False
        try:
            await self._client.flush(timeout=timeout)
        except Exception:  # noqa: BLE001 - timed out or the connection dropped meanwhile
            return False
        return True

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        # Consumers and the relay are stopped before this, so nothing is in flight: a plain
        # close is right (drain would wait out pull subscriptions' timeouts).
        if self._client is not None and not self._client.is_closed:
            await self._client.close()
