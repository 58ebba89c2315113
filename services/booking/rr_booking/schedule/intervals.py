"""Interval arithmetic on half-open [start, end) ranges, free of I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

Range = tuple[datetime, datetime]


def merge(ranges: Sequence[Range]) -> list[Range]:
    """Sorted, with overlapping or touching ranges joined."""
    merged: list[Range] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(base: Sequence[Range], cuts: Sequence[Range]) -> list[Range]:
    """What remains of `base` once every range in `cuts` is taken out; one linear sweep."""
    remaining: list[Range] = []
    holes = merge(cuts)
    for start, end in merge(base):
        cursor = start
        for hole_start, hole_end in holes:
            if hole_end <= cursor:
                continue
            if hole_start >= end:
                break
            if hole_start > cursor:
                remaining.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
            if cursor >= end:
                break
        if cursor < end:
            remaining.append((cursor, end))
    return remaining


def total_seconds(ranges: Sequence[Range]) -> float:
    return sum((end - start).total_seconds() for start, end in merge(ranges))


def clip(ranges: Sequence[Range], start: datetime, end: datetime) -> list[Range]:
    return [(max(s, start), min(e, end)) for s, e in ranges if e > start and s < end]
