"""Opaque keyset cursors: the sort key of the last row, base64url JSON, tamper-evident enough to
reject junk with a clear error (never a 500).

A list that pages both ways also hands out backward cursors: the sort key of a page's first row
marked BACKWARD, meaning "the rows before this one". Such a list reads them in the reverse order
and turns the rows around, so a page always reads in the order asked for."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from rr.common.v1 import common_pb2

from rr_common.errors import InvalidCursor, InvalidLimit

T = TypeVar("T")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.") from exc
    if not isinstance(value, list):
        raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.")
    return value


BACKWARD = "before"


def encode_backward_cursor(key: list[Any]) -> str:
    return encode_cursor([*key, BACKWARD])


def split_direction(key: list[Any]) -> tuple[list[Any], bool]:
    """A decoded cursor's key and whether it points backward."""
    if key and key[-1] == BACKWARD:
        return key[:-1], True
    return key, False


def id_position(cursor: str) -> tuple[int | None, bool]:
    """For lists keyed by id alone: the id a cursor points at, and whether it points backward."""
    if not cursor:
        return None, False
    key, backward = split_direction(decode_cursor(cursor))
    if len(key) != 1 or not isinstance(key[0], int) or isinstance(key[0], bool):
        raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.")
    return key[0], backward


@dataclass(frozen=True)
class TwoWayPage(Generic[T]):
    items: list[T]
    next_cursor: str
    prev_cursor: str
    has_more: bool


class PageCursors(Protocol):
    @property
    def next_cursor(self) -> str: ...

    @property
    def prev_cursor(self) -> str: ...

    @property
    def has_more(self) -> bool: ...


def page_info(page: PageCursors) -> common_pb2.PageInfo:
    """The PageInfo of a page (a `TwoWayPage` or the like) that counts no total."""
    return common_pb2.PageInfo(next_cursor=page.next_cursor, has_more=page.has_more, prev_cursor=page.prev_cursor)


def two_way_page(
    rows: Sequence[T], size: int, from_cursor: bool, backward: bool, key: Callable[[T], list[Any]]
) -> TwoWayPage[T]:
    """A page from up to size+1 rows read in the asked order (backward: the reverse order).
    Forward, there are more after when the extra row came, and a page before when we came by a
    cursor; backward, more before when the extra row came, and the page we came from is after."""
    items, beyond = list(rows[:size]), len(rows) > size
    if backward:
        items.reverse()
    more_after, more_before = (True, beyond) if backward else (beyond, from_cursor)
    next_cursor = encode_cursor(key(items[-1])) if items and more_after else ""
    prev_cursor = encode_backward_cursor(key(items[0])) if items and more_before else ""
    return TwoWayPage(items, next_cursor, prev_cursor, bool(items) and more_after)


def clamp_limit(limit: int) -> int:
    if limit <= 0:
        return DEFAULT_LIMIT
    if limit > MAX_LIMIT:
        raise InvalidLimit(f"limit must be between 1 and {MAX_LIMIT}.")
    return limit
