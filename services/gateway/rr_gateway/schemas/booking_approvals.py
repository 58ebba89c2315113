"""Approval decisions and booking's per-resource settings."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from rr.booking.v1 import approvals_pb2

from rr_gateway.schemas.common import ts


class RespondIn(BaseModel):
    approve: bool
    comment: str = Field(default="", max_length=2000)


class ResourceSettingsIn(BaseModel):
    requires_check_in: bool = False
    check_in_window_minutes: int = Field(default=15, ge=0, le=1440, description="Check in within this many minutes of the start, or the slot is released")
    approval_expiry_minutes: int = Field(default=0, ge=0, le=129_600, description="Pending approvals lapse after this long (0: the service default)")


class ResourceSettingsOut(ResourceSettingsIn):
    resource_id: int
    requires_approval: bool = Field(description="Set on the resource itself (PATCH /resources/{id})")
    updated_at: datetime | None
    updated_by: int | None

    @classmethod
    def of(cls, s: approvals_pb2.ResourceSettings) -> ResourceSettingsOut:
        return cls(
            resource_id=s.resource_id, requires_check_in=s.requires_check_in, check_in_window_minutes=s.check_in_window_minutes,
            approval_expiry_minutes=s.approval_expiry_minutes, requires_approval=s.requires_approval,
            updated_at=ts(s.updated_at), updated_by=s.updated_by or None,
        )
