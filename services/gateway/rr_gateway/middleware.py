"""Pure ASGI middleware (no per-request task hop): request id, access log, HTTP metrics,
security headers and request-size limits."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid

from opentelemetry import context as otel_context
from opentelemetry.trace import SpanKind
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rr_common.context import request_id_var
from rr_common.logs import get_logger
from rr_common.telemetry import extract_context, tracer

log = get_logger("rr.gateway.access")
HTTP_REQUESTS = Counter("rr_http_requests_total", "HTTP requests", ["route", "method", "status_class"])
HTTP_LATENCY = Histogram(
    "rr_http_request_latency_seconds",
    "HTTP request latency",
    ["route", "method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _route_label(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.extend(SECURITY_HEADERS)
                message["headers"] = headers
            await send(message)

        # Continue the caller's trace when it sends W3C `traceparent`, else start one.
        carrier = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in scope["headers"]
            if k in (b"traceparent", b"tracestate")
        }
        trace_token = otel_context.attach(extract_context(carrier))
        try:
            with tracer("rr.gateway").start_as_current_span(f"{scope['method']} {scope['path']}", kind=SpanKind.SERVER):
                await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_label(scope)
            HTTP_REQUESTS.labels(route, scope["method"], f"{status // 100}xx").inc()
            HTTP_LATENCY.labels(route, scope["method"]).observe(elapsed)
            principal = scope.get("state", {}).get("principal")
            log.info(
                "http",
                method=scope["method"],
                path=scope["path"],
                status=status,
                ms=round(elapsed * 1000, 2),
                user_id=getattr(principal, "user_id", None),
            )
            otel_context.detach(trace_token)
            request_id_var.reset(token)


class RequestGuard:
    """Refuse oversized headers (431), bodies over the limit (413, with or without Content-Length)
    and bodies that trickle in slower than the read timeout allows (408, slowloris). The guard
    answers itself and tells the app the client went away, so no parser can turn it into a 400."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, max_upload_bytes: int, read_timeout: float, max_header_bytes: int
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes
        self.read_timeout = read_timeout
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if sum(len(k) + len(v) for k, v in scope["headers"]) > self.max_header_bytes:
            await _refuse(
                send,
                431,
                f"The request headers are too large; the limit is {self.max_header_bytes} bytes.",
                "headers_too_large",
            )
            return
        headers = dict(scope["headers"])
        is_upload = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.max_upload_bytes if is_upload else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, f"The request body is too large; the limit is {limit} bytes.", "payload_too_large")
            return
        received = 0
        answered = False

        async def refuse_and_disconnect(status: int, detail: str, code: str) -> Message:
            nonlocal answered
            if not answered:
                answered = True
                await _refuse(send, status, detail, code)
            return {"type": "http.disconnect"}

        async def guarded_receive() -> Message:
            nonlocal received
            if answered:
                return {"type": "http.disconnect"}
            try:
                message = await asyncio.wait_for(receive(), timeout=self.read_timeout)
            except TimeoutError:
                return await refuse_and_disconnect(
                    408,
                    f"The request body arrived too slowly; send it within {self.read_timeout:g} seconds.",
                    "request_timeout",
                )
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    return await refuse_and_disconnect(
                        413, f"The request body is too large; the limit is {limit} bytes.", "payload_too_large"
                    )
            return message

        async def guarded_send(message: Message) -> None:
            if not answered:  # once the guard has answered, the app's own answer is dropped
                await send(message)

        await self.app(scope, guarded_receive, guarded_send)


async def _refuse(send: Send, status: int, detail: str, code: str) -> None:
    body = json.dumps({"detail": detail, "code": code}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 408:
        headers.append((b"connection", b"close"))  # a client that trickles gets no second chance
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
