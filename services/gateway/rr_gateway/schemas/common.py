"""Shapes shared by every API family: pages, errors, time conversion."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, Field
from rr.common.v1 import common_pb2

T = TypeVar("T")
# Ids travel as int64 in gRPC: bound them here so out-of-range input is a 422, not a 500.
ObjectId = Annotated[int, Field(ge=1, le=2**62)]


class Page(BaseModel, Generic[T]):
    data: list[T]
    next_cursor: str | None = None
    prev_cursor: str | None = None
    has_more: bool = False
    total_count: int | None = None


class ErrorBody(BaseModel):
    detail: str | list[dict[str, object]] = Field(description="What went wrong and what to fix.")
    code: str = Field(description="Stable machine-readable reason, e.g. reservation_conflict.")


def page_of(items: list[T], info: common_pb2.PageInfo) -> Page[T]:
    return Page[T](
        data=items,
        next_cursor=info.next_cursor or None,
        prev_cursor=info.prev_cursor or None,
        has_more=info.has_more,
        total_count=info.total_count if info.HasField("total_count") else None,
    )


def whole_page(items: list[T]) -> Page[T]:
    """Every item at once (a list the upstream never pages)."""
    return Page[T](data=items, has_more=False, total_count=len(items))


def ts(value: Timestamp) -> datetime | None:
    """A protobuf Timestamp as an aware UTC datetime (None when unset)."""
    if value.seconds == 0 and value.nanos == 0:
        return None
    return value.ToDatetime(tzinfo=UTC)


def local(value: datetime | None, timezone: str) -> str | None:
    """The same instant in the resource's own time zone, for display."""
    if value is None:
        return None
    try:
        zone = ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return value.astimezone(zone).isoformat()


def to_pb_time(value: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(value.astimezone(UTC))
    return out


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "Missing, expired or invalid access token"},
    403: {"model": ErrorBody, "description": "Signed in, but not allowed"},
    404: {"model": ErrorBody, "description": "No such object, or not yours"},
    409: {"model": ErrorBody, "description": "Conflicts with the current state (`code` says how)"},
    413: {"model": ErrorBody, "description": "The request body is too large"},
    422: {"model": ErrorBody, "description": "The request is not valid; `detail` says what to fix"},
    429: {"model": ErrorBody, "description": "Too many requests; see Retry-After"},
    503: {"model": ErrorBody, "description": "A service is unavailable; see Retry-After"},
}
