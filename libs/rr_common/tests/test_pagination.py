from __future__ import annotations

import pytest

from rr_common.errors import InvalidInput
from rr_common.pagination import clamp_limit, decode_cursor, encode_cursor


def test_cursor_round_trips() -> None:
    assert decode_cursor(encode_cursor(["2030-01-01T09:00:00+00:00", 42])) == ["2030-01-01T09:00:00+00:00", 42]


@pytest.mark.parametrize("junk", ["%%%", "e30", "bm90IGpzb24", ""])
def test_junk_cursors_are_a_clear_error(junk: str) -> None:
    with pytest.raises(InvalidInput, match="cursor"):
        decode_cursor(junk)


def test_limit_bounds() -> None:
    assert clamp_limit(0) == 20
    with pytest.raises(InvalidInput):
        clamp_limit(101)
