"""Server interceptors: request context + tracing + logging + metrics, error mapping, and
bearer-token verification. Each wraps the handler of the method it intercepts: a unary one, or
a streaming one awaited the same way (a client stream answered once, or a server stream written
message by message: catalog's CSV upload and export)."""

from __future__ import annotations

import inspect
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, cast

import grpc
from opentelemetry import context as otel_context
from opentelemetry.trace import SpanKind, Status, StatusCode

from rr_common.context import bearer_token_var, principal_var, request_id_var
from rr_common.errors import ERROR_TRAILER, DomainError
from rr_common.logs import get_logger
from rr_common.metrics import GRPC_LATENCY, GRPC_REQUESTS
from rr_common.telemetry import extract_context, tracer
from rr_common.tokens import TokenVerifier

UnaryHandler = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]]
# Far more than any service has; a bound, since method names come from the wire.
MAX_METHODS = 1000
log = get_logger("rr.grpc")


def _metadata(context: grpc.aio.ServicerContext) -> dict[str, str]:
    return {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}


class _UnaryInterceptor(grpc.aio.ServerInterceptor):
    """Base: wrap unary-unary, stream-unary and async unary-stream handlers. For a client stream
    the "request" is its iterator of messages, read inside the call; a server stream's async
    generator becomes one call that writes what it yields (`context.write`), so it is awaited
    (and its refusals mapped, its token checked) like any other.

    The wrapped handler of a method is built once and kept: the services are registered before
    the server starts, so the chain below gives the same handler every time, and rebuilding it on
    every call cost tens of microseconds per interceptor."""

    def __init__(self) -> None:
        self._wrapped: dict[str, grpc.RpcMethodHandler] = {}

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        method: str = handler_call_details.method
        if (known := self._wrapped.get(method)) is not None:
            return known
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler  # unknown method: nothing to keep
        if (
            handler.unary_unary is not None
            or handler.stream_unary is not None
            or inspect.iscoroutinefunction(handler.unary_stream)
            or inspect.isasyncgenfunction(handler.unary_stream)
        ):
            handler = self._wrap(method, handler)
        if len(self._wrapped) < MAX_METHODS:
            self._wrapped[method] = handler
        return handler

    def _wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        inner: UnaryHandler = handler.unary_unary or handler.stream_unary or _written(handler.unary_stream)

        async def wrapped(request: Any, context: grpc.aio.ServicerContext) -> Any:
            return await self.around(method, inner, request, context)

        if handler.unary_unary:
            build = grpc.unary_unary_rpc_method_handler
        elif handler.stream_unary:
            build = grpc.stream_unary_rpc_method_handler
        else:
            build = grpc.unary_stream_rpc_method_handler
        return build(
            wrapped,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    async def around(self, method: str, inner: UnaryHandler, request: Any, context: grpc.aio.ServicerContext) -> Any:
        raise NotImplementedError


def _written(handler: Any) -> UnaryHandler:
    """A server-stream handler as one awaitable call (grpc.aio accepts either form)."""
    if not inspect.isasyncgenfunction(handler):
        return cast(UnaryHandler, handler)  # already writes with context.write

    async def write_all(request: Any, context: grpc.aio.ServicerContext) -> None:
        async for message in handler(request, context):
            await context.write(message)

    return write_all


class RequestContextInterceptor(_UnaryInterceptor):
    """Request id, server span continuing the caller's trace, access log line and metrics."""

    async def around(self, method: str, inner: UnaryHandler, request: Any, context: grpc.aio.ServicerContext) -> Any:
        metadata = _metadata(context)
        rid_token = request_id_var.set(metadata.get("x-request-id") or uuid.uuid4().hex)
        ctx_token = otel_context.attach(extract_context(metadata))
        started = time.perf_counter()
        code = "OK"
        try:
            with tracer("rr.grpc").start_as_current_span(method, kind=SpanKind.SERVER) as span:
                try:
                    return await inner(request, context)
                except BaseException:
                    status = context.code() if hasattr(context, "code") else None
                    code = status.name if isinstance(status, grpc.StatusCode) else "UNKNOWN"
                    span.set_status(Status(StatusCode.ERROR, code))
                    raise
        finally:
            elapsed = time.perf_counter() - started
            GRPC_REQUESTS.labels(method, code).inc()
            GRPC_LATENCY.labels(method).observe(elapsed)
            if not method.startswith("/grpc."):
                log.info("grpc", method=method, code=code, ms=round(elapsed * 1000, 2))
            otel_context.detach(ctx_token)
            request_id_var.reset(rid_token)


class ErrorInterceptor(_UnaryInterceptor):
    """DomainError -> its gRPC status with the `rr-error-bin` trailer; anything else -> INTERNAL."""

    async def around(self, method: str, inner: UnaryHandler, request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await inner(request, context)
        except DomainError as exc:
            await context.abort(exc.status, exc.detail, trailing_metadata=((ERROR_TRAILER, exc.to_trailer()),))
        except grpc.aio.AbortError:
            raise
        except Exception:
            log.exception("unhandled error", method=method)
            await context.abort(grpc.StatusCode.INTERNAL, "The service failed to handle the request.")


class AuthInterceptor(_UnaryInterceptor):
    """Verify the forwarded bearer token again (zero trust); methods decide what they require."""

    def __init__(self, verifier: TokenVerifier) -> None:
        super().__init__()
        self._verifier = verifier

    async def around(self, method: str, inner: UnaryHandler, request: Any, context: grpc.aio.ServicerContext) -> Any:
        header = _metadata(context).get("authorization", "")
        if not header:
            return await inner(request, context)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            from rr_common.errors import InvalidToken

            raise InvalidToken("Authorization must be 'Bearer <access token>'.")
        principal = await self._verifier.verify(token)
        p_token = principal_var.set(principal)
        b_token = bearer_token_var.set(token)
        try:
            return await inner(request, context)
        finally:
            bearer_token_var.reset(b_token)
            principal_var.reset(p_token)
