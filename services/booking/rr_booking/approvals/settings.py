"""Booking's per-resource settings (check-in, approval expiry, approvers): stored here because
catalog owns the resource but not these rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, not_, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.approvals.domain import Approvers
from rr_booking.errors import InvalidSettings
from rr_booking.models import Reservation, ResourceSettings
from rr_common.context import Principal

MAX_WINDOW_MINUTES = 24 * 60
MAX_EXPIRY_MINUTES = 90 * 24 * 60


@dataclass(frozen=True)
class SettingsChange:
    resource_id: int
    requires_check_in: bool
    check_in_window_minutes: int
    approval_expiry_minutes: int
    approvers: Approvers = field(default_factory=Approvers)


def defaults(resource_id: int) -> ResourceSettings:
    return ResourceSettings(
        resource_id=resource_id,
        requires_check_in=False,
        check_in_window_minutes=15,
        approval_expiry_minutes=0,
        updated_by=0,
        approver_user_ids=[],
        approver_role="",
    )


def approvers_of(settings: ResourceSettings | None) -> Approvers:
    if settings is None:
        return Approvers()
    return Approvers(tuple(settings.approver_user_ids or ()), settings.approver_role or "")


def decidable_by(who: Principal) -> list[Any]:
    """SQL conditions on reservations: those whose resource the caller may decide (see domain.may_decide)."""
    if who.is_admin:
        return []
    s = ResourceSettings
    named_me = select(s.resource_id).where(
        or_(s.approver_user_ids.contains([who.user_id]), s.approver_role.in_(sorted(who.roles)))
    )
    mine = Reservation.resource_id.in_(named_me)
    if not who.has_role("manager"):
        return [mine]
    named_anyone = select(s.resource_id).where(or_(func.cardinality(s.approver_user_ids) > 0, s.approver_role != ""))
    return [or_(mine, not_(Reservation.resource_id.in_(named_anyone)))]


class ResourceSettingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, resource_id: int) -> ResourceSettings | None:
        return await self.session.get(ResourceSettings, resource_id)

    async def save(self, change: SettingsChange, actor: int) -> ResourceSettings:
        if not 0 <= change.check_in_window_minutes <= MAX_WINDOW_MINUTES:
            raise InvalidSettings(f"check_in_window_minutes must be between 0 and {MAX_WINDOW_MINUTES}.")
        if not 0 <= change.approval_expiry_minutes <= MAX_EXPIRY_MINUTES:
            raise InvalidSettings(f"approval_expiry_minutes must be between 0 and {MAX_EXPIRY_MINUTES}.")
        values = {
            "requires_check_in": change.requires_check_in,
            "check_in_window_minutes": change.check_in_window_minutes,
            "approval_expiry_minutes": change.approval_expiry_minutes,
            "approver_user_ids": list(change.approvers.user_ids),
            "approver_role": change.approvers.role,
            "updated_by": actor,
        }
        statement = insert(ResourceSettings).values(resource_id=change.resource_id, **values)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[ResourceSettings.resource_id], set_={**values, "updated_at": func.now()}
            )
        )
        saved = await self.session.get(ResourceSettings, change.resource_id, populate_existing=True)
        assert saved is not None  # written just above
        return saved
