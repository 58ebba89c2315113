"""Joining rules that need no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rr_common.errors import ValidationFailed


@dataclass(frozen=True)
class JoinRequest:
    resource_id: int
    desired_start: datetime
    desired_end: datetime
    flexible_time: bool


def check_join(request: JoinRequest, now: datetime) -> None:
    """Refuse a request no slot could ever satisfy, naming every problem at once."""
    errors: list[dict[str, str]] = []
    if request.resource_id <= 0:
        errors.append({"loc": "resource_id", "msg": "resource_id must be a positive id."})
    if request.desired_end <= request.desired_start:
        errors.append({"loc": "desired_end", "msg": "desired_end must be after desired_start."})
    if request.desired_start < now:
        errors.append({"loc": "desired_start", "msg": "desired_start is in the past; wait for a future slot."})
    if errors:
        raise ValidationFailed(" ".join(e["msg"] for e in errors), errors=errors)
