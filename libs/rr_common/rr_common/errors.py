"""Domain errors that carry their own gRPC status, and their wire form in trailing metadata.

A servicer raises `DomainError` subclasses; the server interceptor turns them into a gRPC status
plus an `rr-error-bin` trailer (JSON: detail, code, extra fields); the gateway reads the trailer and
renders the HTTP answer, so the user sees the service's own sentence and machine code.
"""

from __future__ import annotations

import json
from typing import Any

import grpc

ERROR_TRAILER = "rr-error-bin"


class DomainError(Exception):
    status: grpc.StatusCode = grpc.StatusCode.INTERNAL
    default_code = "error"

    def __init__(self, detail: str, *, code: str | None = None, keep_changes: bool = False, **extra: Any) -> None:
        super().__init__(detail)
        # True: the session scope commits what was written before the refusal was raised.
        self.keep_changes = keep_changes
        self.detail = detail
        self.code = code or self.default_code
        self.extra = extra

    def to_trailer(self) -> bytes:
        return json.dumps({"detail": self.detail, "code": self.code, **self.extra}).encode()


class InvalidInput(DomainError):
    status = grpc.StatusCode.INVALID_ARGUMENT
    default_code = "invalid_input"


class NotFound(DomainError):
    status = grpc.StatusCode.NOT_FOUND
    default_code = "not_found"


class Conflict(DomainError):
    status = grpc.StatusCode.ALREADY_EXISTS
    default_code = "conflict"


class PreconditionFailed(DomainError):
    status = grpc.StatusCode.FAILED_PRECONDITION
    default_code = "precondition_failed"


class Unauthenticated(DomainError):
    status = grpc.StatusCode.UNAUTHENTICATED
    default_code = "not_authenticated"


class PermissionDenied(DomainError):
    status = grpc.StatusCode.PERMISSION_DENIED
    default_code = "permission_denied"


class TooManyRequests(DomainError):
    status = grpc.StatusCode.RESOURCE_EXHAUSTED
    default_code = "too_many_requests"


class Unavailable(DomainError):
    status = grpc.StatusCode.UNAVAILABLE
    default_code = "unavailable"


# Codes raised by more than one service (or by this kernel). A code raised by one service only is
# a class in that service's `errors.py`; either way each code is spelled once.


class ValidationFailed(InvalidInput):
    default_code = "validation_failed"


class InvalidCursor(InvalidInput):
    default_code = "invalid_cursor"


class InvalidLimit(InvalidInput):
    default_code = "invalid_limit"


class InvalidRange(InvalidInput):
    default_code = "invalid_range"


class InvalidTimeRange(InvalidInput):
    default_code = "invalid_time_range"


class RangeTooLong(InvalidInput):
    default_code = "range_too_long"


class InvalidStatus(InvalidInput):
    default_code = "invalid_status"


class InvalidScope(InvalidInput):
    default_code = "invalid_scope"


class InvalidText(InvalidInput):
    default_code = "invalid_text"


class InvalidCsvHeader(InvalidInput):
    default_code = "invalid_csv_header"


class TooManySlots(InvalidInput):
    default_code = "too_many_slots"


class ResourceNotFound(NotFound):
    default_code = "resource_not_found"


class NotAllowed(PermissionDenied):
    default_code = "not_allowed"


class AccountInactive(PermissionDenied):
    default_code = "account_inactive"


class InvalidToken(Unauthenticated):
    default_code = "invalid_token"


class TokenExpired(Unauthenticated):
    default_code = "token_expired"


class InvalidClient(Unauthenticated):
    default_code = "invalid_client"


def error_payload(trailing_metadata: Any) -> dict[str, Any]:
    """Decode the `rr-error-bin` trailer of a failed call ({} when absent or unreadable)."""
    for key, value in trailing_metadata or ():
        if key == ERROR_TRAILER:
            try:
                decoded = json.loads(value)
            except (ValueError, TypeError):
                return {}
            return decoded if isinstance(decoded, dict) else {}
    return {}


_BY_STATUS: dict[grpc.StatusCode, type[DomainError]] = {
    cls.status: cls
    for cls in (
        InvalidInput,
        NotFound,
        Conflict,
        PreconditionFailed,
        Unauthenticated,
        PermissionDenied,
        TooManyRequests,
        Unavailable,
    )
}
_BY_STATUS[grpc.StatusCode.ABORTED] = Conflict
_BY_STATUS[grpc.StatusCode.DEADLINE_EXCEEDED] = Unavailable


def from_rpc_error(exc: grpc.aio.AioRpcError, service: str) -> DomainError:
    """Re-raise a peer's refusal as our own DomainError, keeping its sentence and code; a peer
    that is down or slow becomes `Unavailable` naming it."""
    code = exc.code()
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return Unavailable(f"The {service} service is unavailable; try again shortly.", code=f"{service}_unavailable")
    payload = error_payload(exc.trailing_metadata())
    cls = _BY_STATUS.get(code, DomainError)
    detail = str(payload.pop("detail", "") or exc.details() or f"The {service} service failed.")
    machine_code = payload.pop("code", None)
    payload.pop("keep_changes", None)
    return cls(detail, code=machine_code, **payload)
