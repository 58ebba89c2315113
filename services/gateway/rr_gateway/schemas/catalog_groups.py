"""Resource group shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from rr.catalog.v1 import catalog_pb2

from rr_gateway.schemas.common import ObjectId, ts


class GroupIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, examples=["Building A"])
    description: str = Field(default="", max_length=1000)
    parent_id: int | None = Field(default=None, ge=1, le=2**62, description="None: a root (a site)")


class GroupPatch(BaseModel):
    """Rename, describe, or move: send `parent_id` (null makes it a root) to move the subtree."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    parent_id: int | None = Field(default=None, ge=1, le=2**62)


class GroupOut(BaseModel):
    id: int
    name: str
    description: str
    parent_id: int | None
    path: str = Field(description="Names from the root, e.g. 'HQ / Building A / Floor 2'")
    depth: int
    ancestor_ids: list[int]
    resource_count: int = Field(description="Resources directly in this group")
    created_at: datetime | None

    @classmethod
    def of(cls, g: catalog_pb2.ResourceGroup) -> GroupOut:
        return cls(
            id=g.id,
            name=g.name,
            description=g.description,
            parent_id=g.parent_id if g.HasField("parent_id") else None,
            path=g.path,
            depth=g.depth,
            ancestor_ids=list(g.ancestor_ids),
            resource_count=g.resource_count,
            created_at=ts(g.created_at),
        )


class GroupTreeOut(GroupOut):
    children: list[GroupTreeOut] = Field(default_factory=list)


class MoveResourcesIn(BaseModel):
    resource_ids: list[ObjectId] = Field(min_length=1, max_length=1000)


class MovedOut(BaseModel):
    moved: int
