"""Opaque keyset cursors: the sort key of the last row, base64url JSON, tamper-evident enough to
reject junk with a clear error (never a 500)."""

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


def clamp_limit(limit: int) -> int:
    if limit <= 0:
        return DEFAULT_LIMIT
    if limit > MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}.", code="invalid_limit")
    return limit
