"""What a series looks like now: which occurrences left the rule (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rr_booking.models import Reservation

# Occurrences in these states no longer take place; the rule still produced them.
GONE = ("cancelled", "rejected", "expired")
DEFAULT_OCCURRENCES = 200
MAX_OCCURRENCES = 1000


@dataclass(frozen=True)
class SeriesException:
    recurrence_id: datetime
    kind: str
    reservation: Reservation


def exceptions_of(occurrences: Sequence[Reservation]) -> list[SeriesException]:
    """Occurrences cancelled (or rejected, expired) or moved from their original start, by original start."""
    found: list[SeriesException] = []
    for r in occurrences:
        original = r.recurrence_id or r.start_time
        if r.status in GONE:
            found.append(SeriesException(original, r.status, r))
        elif r.start_time != original:
            found.append(SeriesException(original, "moved", r))
    return sorted(found, key=lambda e: (e.recurrence_id, e.reservation.id))


def occurrence_limit(asked: int) -> int:
    """0 means the default; more than the most a series can hold is capped."""
    return DEFAULT_OCCURRENCES if asked <= 0 else min(asked, MAX_OCCURRENCES)
