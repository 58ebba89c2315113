"""Booking rules of a resource: limits on duration, alignment, notice and buffers."""

from __future__ import annotations

from collections.abc import Mapping

from rr_catalog.validation import FieldErrors
from rr_common.bookability.rules import Rules

MINUTES_MAX = 366 * 24 * 60
DAYS_MAX = 3660
LABELS = {
    "min_duration_minutes": "The minimum duration",
    "max_duration_minutes": "The maximum duration",
    "slot_granularity_minutes": "The slot granularity",
    "max_days_in_advance": "The booking horizon",
    "min_notice_minutes": "The minimum notice",
    "buffer_before_minutes": "The buffer before",
    "buffer_after_minutes": "The buffer after",
}


def checked_rules(values: Mapping[str, int], errors: FieldErrors) -> Rules:
    for key, value in values.items():
        limit = DAYS_MAX if key == "max_days_in_advance" else MINUTES_MAX
        if not 0 <= value <= limit:
            errors.append({"loc": f"rules.{key}", "msg": f"{LABELS[key]} must be between 0 and {limit}."})
    rules = Rules(**{key: max(0, min(value, MINUTES_MAX)) for key, value in values.items()})
    if (
        rules.min_duration_minutes
        and rules.max_duration_minutes
        and rules.min_duration_minutes > rules.max_duration_minutes
    ):
        errors.append(
            {
                "loc": "rules.max_duration_minutes",
                "msg": "The maximum duration must not be shorter than the minimum duration.",
            }
        )
    if rules.slot_granularity_minutes and 1440 % rules.slot_granularity_minutes:
        errors.append(
            {
                "loc": "rules.slot_granularity_minutes",
                "msg": "The slot granularity must divide a day evenly (for example 5, 15, 30 or 60 minutes).",
            }
        )
    return rules
