"""Status and maintenance shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field
from rr.catalog.v1 import catalog_pb2

from rr_gateway.schemas.common import ts


class UnavailableIn(BaseModel):
    reason: str = Field(default="", max_length=500, examples=["Projector repair"])
    until: AwareDatetime | None = Field(
        default=None, description="Back to available automatically at this time (future, with offset)"
    )
    maintenance: bool = Field(default=False, description="Status maintenance instead of unavailable")


class StatusOut(BaseModel):
    resource_id: int
    status: str
    available: bool
    reason: str
    until: datetime | None

    @classmethod
    def of(cls, r: catalog_pb2.Resource) -> StatusOut:
        return cls(
            resource_id=r.id,
            status=r.status,
            available=r.status == "available",
            reason=r.status_reason,
            until=ts(r.status_until),
        )


class StatusSummaryOut(BaseModel):
    available: int
    unavailable: int
    maintenance: int
    total: int
