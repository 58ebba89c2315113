"""One guard for every CSV the system writes: text a spreadsheet would run as a formula
(CSV injection) is turned into plain text by a leading apostrophe."""

from __future__ import annotations

# What spreadsheet programs treat as the start of a formula, tab and carriage return included
# (a cell "\t=cmd|..." is still run once the program trims it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value
