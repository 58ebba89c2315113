"""Bulk reservation shapes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from rr_gateway.schemas.common import ObjectId
from rr_gateway.schemas.reservations import ReservationIn, ReservationOut


class BulkCreateIn(BaseModel):
    reservations: list[ReservationIn] = Field(min_length=1, max_length=500)
    validate_only: bool = Field(default=False, description="Check everything, write nothing")


class BulkItemOut(BaseModel):
    index: int
    outcome: str = Field(description="created | valid | conflict | invalid | not_found | quota_exceeded")
    reservation: ReservationOut | None = None
    code: str | None = None
    reason: str | None = None


class BulkCreateOut(BaseModel):
    results: list[BulkItemOut]
    created: int
    failed: int


class BulkCancelIn(BaseModel):
    ids: list[ObjectId] = Field(min_length=1, max_length=500)
    reason: str = Field(default="", max_length=2000)


class BulkCancelItemOut(BaseModel):
    id: int
    outcome: str = Field(description="cancelled | not_found | not_cancellable")
    reason: str | None = None


class BulkCancelOut(BaseModel):
    results: list[BulkCancelItemOut]
    cancelled: int
