"""One place that turns every failure into an HTTP answer with a JSON body carrying `detail`."""

from __future__ import annotations

from typing import Any

import grpc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rr_common.errors import DomainError, error_payload
from rr_common.logs import get_logger
from rr_gateway.deprecation import deprecation_headers

log = get_logger("rr.gateway.errors")

HTTP_STATUS = {
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.OUT_OF_RANGE: 422,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    # Our servicers turn their own failures into INTERNAL; UNKNOWN and CANCELLED come from a
    # connection that broke mid-call (a service killed or restarting): the client may retry.
    grpc.StatusCode.UNKNOWN: 503,
    grpc.StatusCode.CANCELLED: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.UNIMPLEMENTED: 501,
}
RETRY_AFTER_SECONDS = "2"
# What gRPC says when a server refuses a call beyond its maximum_concurrent_rpcs.
CALL_LIMIT = "Concurrent RPC limit exceeded"


def problem(status: int, detail: Any, code: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    # A deprecated route's error answers say so too (its own Response, which carried it, is dropped).
    headers = {**deprecation_headers(), **(headers or {})} or None
    return JSONResponse({"detail": detail, "code": code, **extra}, status_code=status, headers=headers)


def rpc_error_response(exc: grpc.aio.AioRpcError) -> JSONResponse:
    status = HTTP_STATUS.get(exc.code(), 502)
    payload = error_payload(exc.trailing_metadata())
    detail = payload.pop("detail", None) or exc.details() or "An upstream service failed."
    code = payload.pop("code", None) or exc.code().name.lower()
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and not payload and CALL_LIMIT in (exc.details() or ""):
        # Not one of our quota refusals (those carry a payload): the service is at its limit of
        # calls at once. Refused fast, and the client may come back shortly.
        return problem(
            503,
            "The service is busy right now; try again in a moment.",
            "overloaded",
            {"Retry-After": "1"},
            retry_after=1,
        )
    if status == 429 and isinstance(payload.get("retry_after"), int | float):
        headers["Retry-After"] = str(max(1, int(payload["retry_after"])))
    if status in (503, 504):
        headers["Retry-After"] = RETRY_AFTER_SECONDS
        if (
            exc.code()
            in (
                grpc.StatusCode.UNAVAILABLE,
                grpc.StatusCode.DEADLINE_EXCEEDED,
                grpc.StatusCode.UNKNOWN,
                grpc.StatusCode.CANCELLED,
            )
            and not payload
        ):
            detail = "A service needed for this request is unavailable; try again shortly."
            code = "service_unavailable"
    if status >= 500 and status not in (503, 504):
        log.error("upstream failure", grpc_code=exc.code().name, details=exc.details())
        detail = "An upstream service failed to handle the request."
    return problem(status, detail, code, headers or None, **payload)


# Validation messages that should say how to get it right, not only what is wrong. A time
# without an offset is refused (the API never guesses a zone); the message names the form.
FRIENDLIER = {
    "timezone_aware": "Give the time with its UTC offset, as RFC 3339: 2030-01-15T09:00:00+01:00 or 2030-01-15T08:00:00Z.",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(grpc.aio.AioRpcError)
    async def _rpc(_: Request, exc: grpc.aio.AioRpcError) -> JSONResponse:
        return rpc_error_response(exc)

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        status = HTTP_STATUS.get(exc.status, 500)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
        if status in (429, 503):
            headers["Retry-After"] = str(exc.extra.get("retry_after", RETRY_AFTER_SECONDS))
        return problem(status, exc.detail, exc.code, headers or None, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "loc": list(e.get("loc", ())),
                "msg": FRIENDLIER.get(str(e.get("type", "")), str(e.get("msg", ""))),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        return problem(422, errors, "validation_failed")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # Only the framework's parsers answer 400 (undecodable JSON, broken multipart): the
            # same mistake as malformed JSON, so the same documented status.
            detail = (
                exc.detail
                if isinstance(exc.detail, str) and exc.detail != "There was an error parsing the body"
                else ""
            )
            return problem(
                422,
                detail or "The request body could not be read: send UTF-8 JSON (or the documented form).",
                "malformed_body",
            )
        default = {404: "There is nothing at this address.", 405: "This method is not allowed here."}
        detail = (
            exc.detail
            if isinstance(exc.detail, str) and exc.detail not in ("Not Found", "Method Not Allowed")
            else default.get(exc.status_code, str(exc.detail))
        )
        return problem(
            exc.status_code,
            detail,
            {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error"),
            dict(exc.headers or {}) or None,
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem(500, "The server failed to handle the request.", "internal_error")
