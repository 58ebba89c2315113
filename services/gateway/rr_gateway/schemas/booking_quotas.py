"""Booking quotas: limits per role, per-user overrides, usage."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from rr.booking.v1 import quotas_pb2

from rr_gateway.schemas.common import ts


class QuotaLimits(BaseModel):
    """Unset (null): inherit. 0: unlimited."""

    max_active_reservations: int | None = Field(default=None, ge=0, le=1_000_000)
    max_hours_per_week: float | None = Field(default=None, ge=0, le=1_000_000)
    max_advance_days: int | None = Field(default=None, ge=0, le=1_000_000)

    def pb(self) -> quotas_pb2.QuotaLimits:
        return quotas_pb2.QuotaLimits(**{k: v for k, v in self.model_dump().items() if v is not None})

    @classmethod
    def of(cls, pb: quotas_pb2.QuotaLimits) -> QuotaLimits:
        return cls(
            max_active_reservations=pb.max_active_reservations if pb.HasField("max_active_reservations") else None,
            max_hours_per_week=pb.max_hours_per_week if pb.HasField("max_hours_per_week") else None,
            max_advance_days=pb.max_advance_days if pb.HasField("max_advance_days") else None,
        )


class QuotaConfig(BaseModel):
    roles: dict[str, QuotaLimits] = Field(
        examples=[{"user": {"max_active_reservations": 20, "max_hours_per_week": 40, "max_advance_days": 90}}]
    )


class Usage(BaseModel):
    active_reservations: int
    hours_this_week: float
    week_start: datetime | None

    @classmethod
    def of(cls, pb: quotas_pb2.QuotaUsage) -> Usage:
        return cls(
            active_reservations=pb.active_reservations, hours_this_week=pb.hours_this_week, week_start=ts(pb.week_start)
        )


class MyUsageOut(BaseModel):
    limits: QuotaLimits
    usage: Usage


class UserQuotaIn(QuotaLimits):
    clear: bool = Field(default=False, description="Drop the override: the user gets role defaults again")


class UserQuotaOut(BaseModel):
    user_id: int
    override: QuotaLimits
    usage: Usage
    updated_at: datetime | None
    updated_by: int | None

    @classmethod
    def of(cls, q: quotas_pb2.UserQuota) -> UserQuotaOut:
        return cls(
            user_id=q.user_id,
            override=QuotaLimits.of(q.override),
            usage=Usage.of(q.usage),
            updated_at=ts(q.updated_at),
            updated_by=q.updated_by or None,
        )
