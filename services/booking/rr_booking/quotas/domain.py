"""Quota rules, free of I/O: which limits apply to whom, and whether new bookings fit them.

A limit of None inherits (override -> role default -> built-in default); 0 means unlimited. A
user with several roles gets the most generous limit of any of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rr_booking.errors import QuotaExceeded

ROLES = ("user", "manager", "admin")


@dataclass(frozen=True)
class Limits:
    max_active_reservations: int | None = None
    max_hours_per_week: float | None = None
    max_advance_days: int | None = None

    def over(self, fallback: Limits) -> Limits:
        """These limits, with unset ones taken from `fallback`."""
        return Limits(
            self.max_active_reservations
            if self.max_active_reservations is not None
            else fallback.max_active_reservations,
            self.max_hours_per_week if self.max_hours_per_week is not None else fallback.max_hours_per_week,
            self.max_advance_days if self.max_advance_days is not None else fallback.max_advance_days,
        )


UNLIMITED = Limits(0, 0.0, 0)
BUILT_IN: Mapping[str, Limits] = {
    "user": Limits(max_active_reservations=500, max_hours_per_week=100.0, max_advance_days=0),
    "manager": UNLIMITED,
    "admin": UNLIMITED,
}


def _most_generous(values: Iterable[float | int | None]) -> float | int | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    return 0 if 0 in known else max(known)


def role_defaults(stored: Mapping[str, Limits]) -> dict[str, Limits]:
    return {role: stored.get(role, Limits()).over(BUILT_IN[role]) for role in ROLES}


def effective_limits(roles: Iterable[str], defaults: Mapping[str, Limits], override: Limits | None) -> Limits:
    known = [defaults[r] for r in roles if r in defaults] or [defaults["user"]]
    merged = Limits(
        _most_generous(limit.max_active_reservations for limit in known),  # type: ignore[arg-type]
        _most_generous(limit.max_hours_per_week for limit in known),
        _most_generous(limit.max_advance_days for limit in known),  # type: ignore[arg-type]
    )
    return (override or Limits()).over(merged)


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the week holding `moment` (quotas count UTC weeks)."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Usage:
    active_reservations: int
    # Booked hours per week start.
    hours_by_week: Mapping[datetime, float]


def check_new_bookings(limits: Limits, usage: Usage, slots: Sequence[tuple[datetime, datetime]], now: datetime) -> None:
    """Refuse, naming the quota, when `slots` would break a limit."""
    if limits.max_advance_days and slots:
        latest = max(start for start, _ in slots)
        if latest - now > timedelta(days=limits.max_advance_days):
            raise QuotaExceeded(
                f"You may book at most {limits.max_advance_days} days ahead (quota max_advance_days).",
                quota="max_advance_days",
                limit=limits.max_advance_days,
            )
    if limits.max_active_reservations and usage.active_reservations + len(slots) > limits.max_active_reservations:
        raise QuotaExceeded(
            f"You may hold at most {limits.max_active_reservations} active reservations and have "
            f"{usage.active_reservations} (quota max_active_reservations).",
            quota="max_active_reservations",
            limit=limits.max_active_reservations,
            used=usage.active_reservations,
        )
    if limits.max_hours_per_week:
        added: dict[datetime, float] = {}
        for start, end in slots:
            week = week_start(start)
            added[week] = added.get(week, 0.0) + (end - start).total_seconds() / 3600
        for week, hours in sorted(added.items()):
            booked = usage.hours_by_week.get(week, 0.0)
            if booked + hours > limits.max_hours_per_week + 1e-9:
                raise QuotaExceeded(
                    f"You may book at most {limits.max_hours_per_week:g} hours in the week of {week.date().isoformat()} "
                    f"and have {booked:g} booked (quota max_hours_per_week).",
                    quota="max_hours_per_week",
                    limit=limits.max_hours_per_week,
                    used=round(booked, 2),
                )
