"""Every CSV cell a spreadsheet would run as a formula is written as plain text."""

from __future__ import annotations

import pytest

from rr_common.spreadsheets import safe_cell


@pytest.mark.parametrize("dangerous", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", '\r=HYPERLINK("x")'])
def test_formula_starts_are_neutralised(dangerous: str) -> None:
    assert safe_cell(dangerous) == "'" + dangerous


@pytest.mark.parametrize("plain", ["Room 1", "", "a=b", " =not at the start", "'already quoted"])
def test_plain_text_is_left_alone(plain: str) -> None:
    assert safe_cell(plain) == plain
