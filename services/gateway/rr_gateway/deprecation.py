"""Paths and values of the replaced system that keep answering, marked deprecated.

Each such answer carries `Deprecation` (RFC 9745: the date it was deprecated) and a `Link` to
what replaces it (`rel="successor-version"`), so clients can find and plan the move; the routes
are `deprecated` in the OpenAPI. Nothing here changes what the answer says."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from fastapi import Request, Response

# When the replacements shipped: @<unix seconds>, an RFC 9745 Date.
DEPRECATED_SINCE = "@1796515200"  # 2026-12-06T00:00:00Z
API_PREFIX = "/api/v1"
# The successor of what this request asked for, once marked: an error answer is built afresh by
# the error handlers (the route's Response is dropped), and they add the same headers from here.
# Each request runs in its own task, so the mark never outlives it.
_successor: ContextVar[str | None] = ContextVar("rr_deprecated_successor", default=None)


def headers_for(successor: str) -> dict[str, str]:
    return {"Deprecation": DEPRECATED_SINCE, "Link": f'<{API_PREFIX}{successor}>; rel="successor-version"'}


def mark_deprecated(response: Response, successor: str) -> None:
    """`successor` is an API path (under /api/v1) that replaces what was asked for."""
    response.headers.update(headers_for(successor))
    _successor.set(successor)


def deprecation_headers() -> dict[str, str]:
    """What an error answer of this request carries (nothing unless it was marked deprecated)."""
    successor = _successor.get()
    return {} if successor is None else headers_for(successor)


def deprecated_for(successor: Callable[[Request], str]) -> Callable[[Request, Response], Awaitable[None]]:
    """A route dependency that marks every answer of the route, its successor built from the request."""

    async def mark(request: Request, response: Response) -> None:
        mark_deprecated(response, successor(request))

    return mark
