"""Label shapes."""

from __future__ import annotations

from pydantic import BaseModel, Field
from rr.catalog.v1 import catalog_pb2

from rr_gateway.schemas.common import ObjectId

COLOR = r"^#[0-9a-fA-F]{6}$"


class LabelIn(BaseModel):
    name: str = Field(min_length=1, max_length=50, examples=["Accessible"])
    color: str = Field(default="#808080", pattern=COLOR, examples=["#1e90ff"])
    description: str = Field(default="", max_length=500)


class LabelPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=50)
    color: str | None = Field(default=None, pattern=COLOR)
    description: str | None = Field(default=None, max_length=500)


class LabelOut(BaseModel):
    id: int
    name: str
    color: str
    description: str

    @classmethod
    def of(cls, label: catalog_pb2.Label) -> LabelOut:
        return cls(id=label.id, name=label.name, color=label.color, description=label.description)


class LabelAssignIn(BaseModel):
    resource_ids: list[ObjectId] = Field(min_length=1, max_length=1000)


class ChangedOut(BaseModel):
    changed: int
