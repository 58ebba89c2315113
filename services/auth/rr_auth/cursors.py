"""Keyset cursors of auth's pages (users, OAuth2 clients): one id and a direction."""

from __future__ import annotations

from rr_common.errors import InvalidCursor
from rr_common.pagination import decode_cursor, split_direction


def id_after(cursor: str) -> tuple[int, bool]:
    """The id of a keyset cursor (0 for the first page), and whether the page wanted is the one
    before it (a prev_cursor) rather than after it."""
    if not cursor:
        return 0, False
    key, backward = split_direction(decode_cursor(cursor))
    if len(key) != 1 or not isinstance(key[0], int) or not 0 <= key[0] < 2**63:
        raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.")
    return key[0], backward
