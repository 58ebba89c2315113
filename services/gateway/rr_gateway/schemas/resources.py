"""Resource shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from rr.catalog.v1 import catalog_pb2

from rr_gateway.schemas.common import ObjectId, ts

RULE_FIELDS = (
    "min_duration_minutes",
    "max_duration_minutes",
    "slot_granularity_minutes",
    "max_days_in_advance",
    "min_notice_minutes",
    "buffer_before_minutes",
    "buffer_after_minutes",
)
WRITABLE = (
    "name",
    "description",
    "location",
    "capacity",
    "tags",
    "timezone",
    "available",
    "requires_approval",
    "group_id",
    "rules",
    "attributes",
    "label_ids",
)


class BookingRules(BaseModel):
    """Limits on a booking; 0 means no limit."""

    min_duration_minutes: int = Field(default=0, ge=0, le=527_040)
    max_duration_minutes: int = Field(default=0, ge=0, le=527_040)
    slot_granularity_minutes: int = Field(
        default=0, ge=0, le=1440, description="Starts and ends fall on these steps from local midnight"
    )
    max_days_in_advance: int = Field(default=0, ge=0, le=3660)
    min_notice_minutes: int = Field(default=0, ge=0, le=527_040)
    buffer_before_minutes: int = Field(default=0, ge=0, le=1440)
    buffer_after_minutes: int = Field(default=0, ge=0, le=1440)

    def pb(self) -> catalog_pb2.BookingRules:
        return catalog_pb2.BookingRules(**self.model_dump())


class LabelRef(BaseModel):
    id: int
    name: str
    color: str


class ResourceIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["Room 101"])
    description: str = Field(default="", max_length=5000)
    tags: list[str] = Field(default_factory=list, max_length=50)
    available: bool = True
    location: str = Field(default="", max_length=200)
    capacity: int | None = Field(default=None, ge=0, le=100_000)
    timezone: str = Field(default="UTC", max_length=64, examples=["Europe/Paris"])
    requires_approval: bool = False
    group_id: int | None = Field(default=None, ge=1, le=2**62)
    rules: BookingRules = Field(default_factory=BookingRules)
    attributes: dict[str, str] = Field(
        default_factory=dict, max_length=50, examples=[{"floor": "2", "projector": "yes"}]
    )
    label_ids: list[ObjectId] = Field(default_factory=list, max_length=50)

    def pb(self) -> catalog_pb2.CreateResourceRequest:
        request = catalog_pb2.CreateResourceRequest(
            name=self.name,
            description=self.description,
            location=self.location,
            tags=self.tags,
            timezone=self.timezone,
            available=self.available,
            requires_approval=self.requires_approval,
            rules=self.rules.pb(),
            attributes=self.attributes,
            label_ids=self.label_ids,
        )
        if self.capacity is not None:
            request.capacity = self.capacity
        if self.group_id is not None:
            request.group_id = self.group_id
        return request


class ResourcePatch(BaseModel):
    """Only the fields sent change; `null` clears capacity or group."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    tags: list[str] | None = Field(default=None, max_length=50)
    available: bool | None = None
    location: str | None = Field(default=None, max_length=200)
    capacity: int | None = Field(default=None, ge=0, le=100_000)
    timezone: str | None = Field(default=None, max_length=64)
    requires_approval: bool | None = None
    group_id: int | None = Field(default=None, ge=1, le=2**62)
    rules: BookingRules | None = None
    attributes: dict[str, str] | None = Field(default=None, max_length=50)
    label_ids: list[ObjectId] | None = Field(default=None, max_length=50)

    def pb(self, resource_id: int) -> catalog_pb2.UpdateResourceRequest:
        sent = [name for name in WRITABLE if name in self.model_fields_set]
        values: dict[str, Any] = {name: getattr(self, name) for name in sent if getattr(self, name) is not None}
        if "rules" in values:
            values["rules"] = self.rules.pb() if self.rules else None
        request = catalog_pb2.UpdateResourceRequest(
            id=resource_id, values=catalog_pb2.CreateResourceRequest(**values), fields=sent
        )
        return request


class ResourceOut(BaseModel):
    id: int
    name: str
    description: str
    location: str
    capacity: int | None
    tags: list[str]
    timezone: str
    status: str
    available: bool
    requires_approval: bool
    created_at: datetime | None
    updated_at: datetime | None
    group_id: int | None = None
    rules: BookingRules = Field(default_factory=BookingRules)
    attributes: dict[str, str] = Field(default_factory=dict)
    labels: list[LabelRef] = Field(default_factory=list)
    status_reason: str = ""
    status_until: datetime | None = None

    @classmethod
    def of(cls, r: catalog_pb2.Resource) -> ResourceOut:
        return cls(
            id=r.id,
            name=r.name,
            description=r.description,
            location=r.location,
            capacity=r.capacity if r.HasField("capacity") else None,
            tags=list(r.tags),
            timezone=r.timezone,
            status=r.status,
            available=r.status == "available",
            requires_approval=r.requires_approval,
            created_at=ts(r.created_at),
            updated_at=ts(r.updated_at),
            group_id=r.group_id if r.HasField("group_id") else None,
            rules=BookingRules(**{f: getattr(r.rules, f) for f in RULE_FIELDS}),
            attributes=dict(r.attributes),
            labels=[LabelRef(id=label.id, name=label.name, color=label.color) for label in r.labels],
            status_reason=r.status_reason,
            status_until=ts(r.status_until),
        )
