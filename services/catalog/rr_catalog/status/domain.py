"""Rules of a status change: which statuses exist, and a scheduled end must be in the future."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rr_catalog.resources.domain import AVAILABLE, STATUSES
from rr_catalog.validation import FieldErrors, fail_if

REASON_MAX = 500


@dataclass(frozen=True)
class StatusChange:
    status: str
    reason: str
    until: datetime | None


def status_change(status: str, reason: str, until: datetime | None, now: datetime) -> StatusChange:
    errors: FieldErrors = []
    status = status.strip().lower()
    if status not in STATUSES:
        errors.append({"loc": "status", "msg": f"Status must be one of: {', '.join(STATUSES)}."})
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        errors.append({"loc": "reason", "msg": f"The reason must be at most {REASON_MAX} characters."})
    if until is not None and status == AVAILABLE:
        errors.append({"loc": "until", "msg": "'until' only applies when making a resource unavailable."})
    elif until is not None and until <= now:
        errors.append({"loc": "until", "msg": "'until' must be in the future."})
    fail_if(errors)
    return StatusChange(status, "" if status == AVAILABLE else reason, until)
