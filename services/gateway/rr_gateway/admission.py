"""Overload is refused, never a collapse: at most `max_in_flight` API requests are handled at
once, up to `max_queued` more wait at most `queue_timeout` seconds for a place, and the rest are
answered at once with 503 and Retry-After. Without it a burst of clients queues without bound in
the gateway, every request ages past its deadline and the whole stack serves nobody in time.

Probes, metrics, the web app's files and WebSockets are not counted: they are cheap or long-lived.
"""

from __future__ import annotations

import asyncio
import json

from prometheus_client import Counter
from starlette.types import ASGIApp, Receive, Scope, Send

REFUSED = Counter("rr_admission_refused_total", "API requests refused because the gateway was at capacity")
API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 1
BODY = json.dumps(
    {
        "detail": "The service is busy right now; try again in a moment.",
        "code": "overloaded",
        "retry_after": RETRY_AFTER_SECONDS,
    }
).encode()


class AdmissionLimit:
    def __init__(self, app: ASGIApp, max_in_flight: int, max_queued: int, queue_timeout: float) -> None:
        self.app = app
        self._slots = asyncio.Semaphore(max_in_flight)
        self._max_queued = max_queued
        self._queue_timeout = queue_timeout
        self._queued = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        if not await self._admitted():
            REFUSED.inc()
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(BODY)).encode()),
                        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": BODY})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()

    async def _admitted(self) -> bool:
        if not self._slots.locked():
            await self._slots.acquire()
            return True
        if self._queued >= self._max_queued:
            return False
        self._queued += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), self._queue_timeout)
        except TimeoutError:
            return False
        finally:
            self._queued -= 1
        return True
