"""Text PostgreSQL cannot store (a NUL character) is refused before it reaches a query: a clear
422 naming the field, never a database error."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from google.protobuf.message import Message

from rr_common.errors import ValidationFailed

T = TypeVar("T")
Handler = Callable[[Any, Any, Any], Awaitable[Any]]


def field_with_nul(message: Message) -> str | None:
    for field, value in message.ListFields():
        if isinstance(value, str | Message):
            items: Iterable[Any] = [value]
        elif isinstance(value, int | float | bytes):
            continue
        else:
            items = value  # a repeated field
        for item in items:
            if isinstance(item, str) and "\x00" in item:
                return field.name
            if isinstance(item, Message) and (inner := field_with_nul(item)):
                return f"{field.name}.{inner}"
    return None


def _guarded(method: Handler) -> Handler:
    @functools.wraps(method)
    async def handler(self: Any, request: Any, context: Any) -> Any:
        if isinstance(request, Message) and (name := field_with_nul(request)):
            raise ValidationFailed(f"'{name}' must not contain NUL characters.")
        return await method(self, request, context)

    return handler


def rejecting_nul(cls: type[T]) -> type[T]:
    """Class decorator: every RPC method (CamelCase coroutine), its own or a handler mixin's,
    checks its request first."""
    for name in dir(cls):
        method = getattr(cls, name)
        if name[:1].isupper() and inspect.iscoroutinefunction(method):
            setattr(cls, name, _guarded(method))
    return cls
