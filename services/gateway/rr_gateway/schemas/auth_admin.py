"""Account administration shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, model_validator
from rr.auth.v1 import auth_pb2

from rr_gateway.schemas.auth import UserOut
from rr_gateway.schemas.common import ts


class AdminUserOut(UserOut):
    locked_until: datetime | None = Field(default=None, description="Sign-in is refused until then (failed attempts)")

    @classmethod
    def of(cls, u: auth_pb2.User) -> AdminUserOut:
        return cls(**UserOut.of(u).model_dump(), locked_until=ts(u.locked_until))


class PasswordResetIn(BaseModel):
    user_id: int | None = Field(default=None, ge=1, le=2**62)
    username: str | None = Field(default=None, min_length=1, max_length=50)
    new_password: str = Field(min_length=1, max_length=256)

    @model_validator(mode="after")
    def _names_a_user(self) -> PasswordResetIn:
        if self.user_id is None and not self.username:
            raise ValueError("Name the user by user_id or username.")
        return self


class PasswordResetOut(BaseModel):
    message: str
    user: AdminUserOut
