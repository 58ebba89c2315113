"""Roles and permissions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, model_validator
from rr.auth.v1 import roles_pb2

from rr_gateway.schemas.auth import UserOut
from rr_gateway.schemas.common import ts


class RoleOut(BaseModel):
    id: int
    name: str
    description: str | None
    permissions: list[str]
    builtin: bool
    created_at: datetime | None

    @classmethod
    def of(cls, r: roles_pb2.Role) -> RoleOut:
        return cls(
            id=r.id,
            name=r.name,
            description=r.description or None,
            permissions=list(r.permissions),
            builtin=r.builtin,
            created_at=ts(r.created_at),
        )


class PermissionOut(BaseModel):
    name: str
    description: str


class RoleIn(BaseModel):
    name: str = Field(min_length=1, max_length=50, examples=["auditor"])
    description: str | None = Field(default=None, max_length=500)
    permissions: list[str] = Field(default_factory=list, max_length=50, examples=[["audit:read", "analytics:read"]])


class RoleAssignIn(BaseModel):
    user_id: int | None = Field(default=None, ge=1, le=2**62)
    username: str | None = Field(default=None, min_length=1, max_length=50)
    role_name: str = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _names_a_user(self) -> RoleAssignIn:
        if self.user_id is None and not self.username:
            raise ValueError("Name the user by user_id or username.")
        return self


class RoleAssignmentOut(BaseModel):
    message: str
    user: UserOut
