"""Where a new reservation goes: catalog vets the slots, booking adds its own resource settings."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rr.catalog.v1 import catalog_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.approvals.settings import ResourceSettingsRepository
from rr_booking.errors import NotBookable
from rr_booking.projection.service import ProjectedCatalog
from rr_booking.reservations.domain import Placement
from rr_common.errors import InvalidInput

SETTINGS_TTL_SECONDS = 5.0
SETTINGS_CACHE_SIZE = 10_000


@dataclass(frozen=True)
class Placed:
    placement: Placement
    verdicts: list[catalog_pb2.SlotVerdict]

    def refusal(self, index: int) -> InvalidInput | None:
        """Catalog's reason why slot `index` cannot be booked, as the error to answer with."""
        verdict = self.verdicts[index] if index < len(self.verdicts) else None
        if verdict is None or verdict.bookable:
            return None
        # The verdict's own code when it names one (`outside_business_hours`, ...), else `not_bookable`.
        return NotBookable(verdict.reason or "This slot cannot be booked.", code=verdict.code or None)


@dataclass(frozen=True)
class BookingSettings:
    requires_check_in: bool = False
    check_in_window_minutes: int = 0
    approval_expiry_minutes: int = 0


class Placer:
    """Settings are read on every booking and change rarely, so they are kept for a few seconds
    (changes made through this process apply at once; other replicas' within the TTL)."""

    def __init__(
        self, catalog: ProjectedCatalog, approval_expiry: timedelta, settings_ttl: float = SETTINGS_TTL_SECONDS
    ) -> None:
        self.catalog = catalog
        self.approval_expiry = approval_expiry
        self.settings_ttl = settings_ttl
        self._settings: dict[int, tuple[float, BookingSettings]] = {}

    def forget(self, resource_id: int) -> None:
        self._settings.pop(resource_id, None)

    async def settings(self, session: AsyncSession, resource_id: int) -> BookingSettings:
        now = time.monotonic()
        cached = self._settings.get(resource_id)
        if cached is not None and now - cached[0] < self.settings_ttl:
            return cached[1]
        row = await ResourceSettingsRepository(session).get(resource_id)
        found = (
            BookingSettings(row.requires_check_in, row.check_in_window_minutes, row.approval_expiry_minutes)
            if row
            else BookingSettings()
        )
        if len(self._settings) >= SETTINGS_CACHE_SIZE:
            self._settings.clear()
        self._settings[resource_id] = (now, found)
        return found

    async def place(
        self, session: AsyncSession, resource_id: int, slots: Sequence[tuple[datetime, datetime]]
    ) -> Placed:
        check = await self.catalog.check_bookable(resource_id, list(slots), session)
        settings = await self.settings(session, resource_id)
        expiry_minutes = settings.approval_expiry_minutes
        placement = Placement(
            resource_id=resource_id,
            resource_name=check.resource.name,
            timezone=check.resource.timezone or "UTC",
            requires_approval=check.resource.requires_approval,
            buffer_before=timedelta(minutes=check.buffer_before_minutes),
            buffer_after=timedelta(minutes=check.buffer_after_minutes),
            requires_check_in=settings.requires_check_in,
            check_in_window=timedelta(minutes=settings.check_in_window_minutes),
            approval_expiry=timedelta(minutes=expiry_minutes) if expiry_minutes else self.approval_expiry,
        )
        return Placed(placement, list(check.verdicts))
