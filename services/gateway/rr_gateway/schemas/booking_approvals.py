"""Approval decisions and booking's per-resource settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field
from rr.booking.v1 import approvals_pb2

from rr_gateway.schemas.common import ts
from rr_gateway.schemas.reservations import ReservationOut


class RespondIn(BaseModel):
    approve: bool
    comment: str = Field(default="", max_length=2000)


class ResourceSettingsIn(BaseModel):
    requires_check_in: bool = False
    check_in_window_minutes: int = Field(
        default=15, ge=0, le=1440, description="Check in within this many minutes of the start, or the slot is released"
    )
    approval_expiry_minutes: int = Field(
        default=0, ge=0, le=129_600, description="Pending approvals lapse after this long (0: the service default)"
    )
    approver_user_ids: list[Annotated[int, Field(ge=1, le=2**62)]] = Field(
        default_factory=list,
        max_length=100,
        description="Users who approve this resource's requests (with admins); none named and no role: managers do",
    )
    approver_role: str = Field(
        default="",
        max_length=50,
        pattern=r"^([a-z][a-z0-9_-]{1,49})?$",
        description="Everyone holding this role approves this resource's requests too",
    )


class ResourceSettingsOut(ResourceSettingsIn):
    resource_id: int
    requires_approval: bool = Field(description="Set on the resource itself (PATCH /resources/{id})")
    updated_at: datetime | None
    updated_by: int | None

    @classmethod
    def of(cls, s: approvals_pb2.ResourceSettings) -> ResourceSettingsOut:
        return cls(
            resource_id=s.resource_id,
            requires_check_in=s.requires_check_in,
            check_in_window_minutes=s.check_in_window_minutes,
            approval_expiry_minutes=s.approval_expiry_minutes,
            requires_approval=s.requires_approval,
            updated_at=ts(s.updated_at),
            updated_by=s.updated_by or None,
            approver_user_ids=list(s.approver_user_ids),
            approver_role=s.approver_role,
        )


class WithdrawIn(BaseModel):
    reason: str = Field(default="", max_length=2000, description="Shown in the reservation's history")


class ApprovalOut(ReservationOut):
    """A request for approval: the reservation (requester, resource, slot, status, decision) and
    whether the caller may decide it."""

    may_respond: bool = Field(default=False, description="The caller may approve or reject it now")

    @classmethod
    def of_answer(cls, answer: approvals_pb2.GetApprovalResponse) -> ApprovalOut:
        return cls(**ReservationOut.of(answer.reservation).model_dump(), may_respond=answer.may_respond)
