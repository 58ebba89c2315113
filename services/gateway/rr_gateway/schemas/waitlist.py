"""Waitlist shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field
from rr.waitlist.v1 import waitlist_pb2

from rr_gateway.schemas.common import ts


class WaitlistIn(BaseModel):
    resource_id: int = Field(ge=1, le=2**62)
    desired_start: AwareDatetime
    desired_end: AwareDatetime
    flexible_time: bool = Field(
        default=False, description="Also accept a slot of the same length a few hours earlier or later, the same day"
    )


class WaitlistEntryOut(BaseModel):
    id: int
    resource_id: int
    user_id: int
    desired_start: datetime | None
    desired_end: datetime | None
    flexible_time: bool
    status: str = Field(description="waiting | offered | fulfilled | expired | cancelled")
    position: int = Field(description="Place in the queue for an overlapping range while waiting; 0 once out of it")
    created_at: datetime | None
    offered_at: datetime | None
    offer_expires_at: datetime | None
    offered_start: datetime | None = Field(
        default=None, description="The slot held for you: the desired one, or a nearby one when flexible"
    )
    offered_end: datetime | None = None
    reservation_id: int | None = Field(
        default=None, description="The hold while offered; your reservation once fulfilled"
    )
    updated_at: datetime | None = None

    @classmethod
    def of(cls, e: waitlist_pb2.WaitlistEntry) -> WaitlistEntryOut:
        return cls(
            id=e.id,
            resource_id=e.resource_id,
            user_id=e.user_id,
            desired_start=ts(e.desired_start),
            desired_end=ts(e.desired_end),
            flexible_time=e.flexible_time,
            status=e.status,
            position=e.position,
            created_at=ts(e.created_at),
            offered_at=ts(e.offered_at),
            offer_expires_at=ts(e.offer_expires_at),
            offered_start=ts(e.offered_start),
            offered_end=ts(e.offered_end),
            reservation_id=e.reservation_id or None,
            updated_at=ts(e.updated_at),
        )


class WaitlistHistoryOut(BaseModel):
    from_status: str
    to_status: str
    actor_user_id: int = Field(description="0 when the system acted")
    reason: str
    created_at: datetime | None

    @classmethod
    def of(cls, h: waitlist_pb2.EntryHistory) -> WaitlistHistoryOut:
        return cls(
            from_status=h.from_status,
            to_status=h.to_status,
            actor_user_id=h.actor_user_id,
            reason=h.reason,
            created_at=ts(h.created_at),
        )


class WaitlistEntryDetailOut(WaitlistEntryOut):
    history: list[WaitlistHistoryOut] = []

    @classmethod
    def with_history(cls, answer: waitlist_pb2.GetEntryResponse) -> WaitlistEntryDetailOut:
        base = WaitlistEntryOut.of(answer.entry).model_dump()
        return cls(**base, history=[WaitlistHistoryOut.of(h) for h in answer.history])
