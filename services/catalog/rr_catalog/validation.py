"""Collecting every problem with an input before refusing it, so a user fixes them all at once."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rr_common.errors import ValidationFailed

FieldErrors = list[dict[str, str]]
TIMEZONE_MAX = 64


def fail_if(errors: FieldErrors) -> None:
    if errors:
        raise ValidationFailed(" ".join(e["msg"] for e in errors), errors=errors)


def is_time_zone(name: str) -> bool:
    if len(name) > TIMEZONE_MAX:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_text(errors: FieldErrors, loc: str, value: str, limit: int, label: str) -> str:
    value = value.strip()
    if len(value) > limit:
        errors.append({"loc": loc, "msg": f"{label} must be at most {limit} characters."})
    return value
