"""Quotas: enforce them on every user-initiated booking, show usage, and let admins set them."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.errors import InvalidQuota, UnknownRole
from rr_booking.models import UserQuota
from rr_booking.quotas.domain import (
    ROLES,
    Limits,
    Usage,
    check_new_bookings,
    effective_limits,
    role_defaults,
    week_start,
)
from rr_booking.quotas.repository import QuotaRepository
from rr_common.context import Principal
from rr_common.timeconv import utcnow

DEFAULTS_TTL_SECONDS = 5.0


@dataclass(frozen=True)
class UsageReport:
    limits: Limits
    active_reservations: int
    hours_this_week: float
    week_start: datetime


@dataclass(frozen=True)
class UserQuotaView:
    user_id: int
    override: UserQuota | None
    active_reservations: int
    hours_this_week: float
    week_start: datetime


@dataclass(frozen=True)
class QuotaGuard:
    """A user's quota, locked for the current transaction."""

    session: AsyncSession
    who: Principal
    defaults: Mapping[str, Limits]
    max_duration: timedelta

    async def check(self, slots: Sequence[tuple[datetime, datetime]]) -> None:
        """Refuse, naming the quota, when the new slots do not fit."""
        if not slots:
            return
        now = utcnow()
        weeks = sorted({week_start(start) for start, _ in slots})
        override, active, hours = await QuotaRepository(self.session).usage(
            self.who.user_id, now, self.max_duration, weeks
        )
        limits = effective_limits(self.who.roles, self.defaults, override)
        check_new_bookings(limits, Usage(active, hours), slots, now)


def _check_limits(limits: Limits) -> None:
    for name, value in (
        ("max_active_reservations", limits.max_active_reservations),
        ("max_hours_per_week", limits.max_hours_per_week),
        ("max_advance_days", limits.max_advance_days),
    ):
        if value is not None and (value < 0 or value > 1_000_000):
            raise InvalidQuota(f"{name} must be between 0 (unlimited) and 1000000.", field=name)


class QuotaService:
    def __init__(self, max_duration: timedelta) -> None:
        self.max_duration = max_duration
        self._defaults: tuple[float, dict[str, Limits]] | None = None

    async def defaults(self, session: AsyncSession) -> dict[str, Limits]:
        """Role defaults, cached for a few seconds: read on every booking, changed rarely."""
        now = time.monotonic()
        if self._defaults is None or now - self._defaults[0] > DEFAULTS_TTL_SECONDS:
            self._defaults = (now, role_defaults(await QuotaRepository(session).role_limits()))
        return self._defaults[1]

    async def guard(self, session: AsyncSession, who: Principal) -> QuotaGuard:
        """The caller's quota check. Call it under `lock_for_writing`, which holds the caller's
        quota lock: two concurrent requests then cannot both fit the quota's last place."""
        return QuotaGuard(session, who, await self.defaults(session), self.max_duration)

    async def usage(self, session: AsyncSession, who: Principal) -> UsageReport:
        defaults = await self.defaults(session)
        week = week_start(utcnow())
        override, active, hours = await QuotaRepository(session).usage(who.user_id, utcnow(), self.max_duration, [week])
        return UsageReport(effective_limits(who.roles, defaults, override), active, hours.get(week, 0.0), week)

    async def _usage(self, session: AsyncSession, user_id: int) -> tuple[int, float, datetime]:
        week = week_start(utcnow())
        _, active, hours = await QuotaRepository(session).usage(user_id, utcnow(), self.max_duration, [week])
        return active, hours.get(week, 0.0), week

    async def config(self, session: AsyncSession) -> dict[str, Limits]:
        return role_defaults(await QuotaRepository(session).role_limits())

    async def update_config(self, session: AsyncSession, changes: Mapping[str, Limits]) -> dict[str, Limits]:
        repo = QuotaRepository(session)
        for role, limits in changes.items():
            if role not in ROLES:
                raise UnknownRole(f"Unknown role {role!r}; quotas exist for {', '.join(ROLES)}.")
            _check_limits(limits)
            await repo.save_role_limits(role, limits)
        self._defaults = None
        return await self.config(session)

    async def user_quota(self, session: AsyncSession, user_id: int) -> UserQuotaView:
        override = await QuotaRepository(session).override(user_id)
        active, hours, week = await self._usage(session, user_id)
        return UserQuotaView(user_id, override, active, hours, week)

    async def update_user_quota(
        self, session: AsyncSession, who: Principal, user_id: int, limits: Limits, clear: bool
    ) -> UserQuotaView:
        repo = QuotaRepository(session)
        if clear:
            await repo.clear_override(user_id)
        else:
            _check_limits(limits)
            await repo.save_override(user_id, limits, who.user_id)
        return await self.user_quota(session, user_id)
