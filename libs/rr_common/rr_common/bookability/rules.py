"""Booking rules of a resource: limits on duration, alignment, notice and buffers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Rules:
    """Each limit in minutes (days for the horizon); 0 means no limit."""

    min_duration_minutes: int = 0
    max_duration_minutes: int = 0
    slot_granularity_minutes: int = 0
    max_days_in_advance: int = 0
    min_notice_minutes: int = 0
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0

    def stored(self) -> dict[str, int]:
        """Only the limits that are set, as kept in catalog's `rules` column."""
        return {key: value for key, value in asdict(self).items() if value}


RULE_NAMES = tuple(f.name for f in fields(Rules))


def rules_of(stored: Mapping[str, object]) -> Rules:
    return Rules(**{key: int(value) for key, value in stored.items() if key in RULE_NAMES and isinstance(value, int)})
