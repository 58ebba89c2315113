"""Opaque keyset cursors: the sort key of the last row, base64url JSON, tamper-evident enough to
reject junk with a clear error (never a 500).

A list that pages both ways also hands out backward cursors: the sort key of a page's first row
marked BACKWARD, meaning "the rows before this one". Such a list reads them in the reverse order
and turns the rows around, so a page always reads in the order asked for."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from rr_common.errors import InvalidInput

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
        raise InvalidInput("The cursor is not valid; pass the next_cursor value of a previous page.", code="invalid_cursor") from exc
    if not isinstance(value, list):
        raise InvalidInput("The cursor is not valid; pass the next_cursor value of a previous page.", code="invalid_cursor")
    return value


BACKWARD = "before"


def encode_backward_cursor(key: list[Any]) -> str:
    return encode_cursor([*key, BACKWARD])


def split_direction(key: list[Any]) -> tuple[list[Any], bool]:
    """A decoded cursor's key and whether it points backward."""
    if key and key[-1] == BACKWARD:
        return key[:-1], True
    return key, False


def clamp_limit(limit: int) -> int:
    if limit <= 0:
        return DEFAULT_LIMIT
    if limit > MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}.", code="invalid_limit")
    return limit
