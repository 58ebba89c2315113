"""The offer saga's rules that need no I/O: which slot fits a flexible entry, when an offer lapses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Range = tuple[datetime, datetime]


@dataclass(frozen=True)
class FreedSlot:
    """A range of a resource that booking just gave back (cancelled, rejected, released...)."""

    resource_id: int
    start: datetime
    end: datetime
    # The resource's IANA zone: "the same day" of a flexible entry is its local day.
    timezone: str = ""


def overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def flexible_window(desired: Range, hours: float, timezone: str) -> Range:
    """Where a flexible entry accepts a slot: `hours` either side of the desired range, never
    leaving the local day the desired range starts on."""
    zone = _zone(timezone)
    local_start = desired[0].astimezone(zone)
    day_start = datetime.combine(local_start.date(), time(0), tzinfo=zone)
    day_end = datetime.combine(local_start.date() + timedelta(days=1), time(0), tzinfo=zone)
    spread = timedelta(hours=hours)
    return max(desired[0] - spread, day_start), min(desired[1] + spread, day_end)


def nearest_fit(free: Iterable[Range], window: Range, desired: Range, avoid: Sequence[Range] = ()) -> Range | None:
    """The slot as long as `desired`, inside `window` and one free range, that starts closest to the
    desired start and overlaps nothing in `avoid` (ranges already offered in this pass)."""
    length = desired[1] - desired[0]
    best: Range | None = None
    for free_start, free_end in free:
        lo, hi = max(free_start, window[0]), min(free_end, window[1])
        if hi - lo < length:
            continue
        start = min(max(desired[0], lo), hi - length)
        candidate = (start, start + length)
        if any(overlaps(candidate, taken) for taken in avoid):
            continue
        if best is None or abs(start - desired[0]) < abs(best[0] - desired[0]):
            best = candidate
    return best


def offer_expiry(now: datetime, ttl: timedelta, slot_end: datetime) -> datetime:
    """An offer lapses after its time to live, and never after the slot itself ends."""
    return min(now + ttl, slot_end)
