"""Auth and user shapes (compatible with the original API)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from rr.auth.v1 import auth_pb2

from rr_gateway.schemas.common import ts


class RegisterIn(BaseModel):
    username: str = Field(min_length=1, max_length=50, examples=["alice"])
    password: str = Field(min_length=1, max_length=256, examples=["Correct-Horse-9"])
    email: str | None = Field(default=None, max_length=254, examples=["alice@example.com"])


class UserOut(BaseModel):
    id: int
    username: str
    email: str | None
    roles: list[str]
    permissions: list[str] = Field(default_factory=list, description="Effective permissions of all roles")
    mfa_enabled: bool
    is_active: bool
    created_at: datetime | None

    @classmethod
    def of(cls, u: auth_pb2.User) -> UserOut:
        return cls(
            id=u.id,
            username=u.username,
            email=u.email or None,
            roles=list(u.roles),
            permissions=list(u.permissions),
            mfa_enabled=u.mfa_enabled,
            is_active=u.is_active,
            created_at=ts(u.created_at),
        )


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str | None = Field(default=None, description="Absent for the client_credentials grant")
    token_type: str = "bearer"
    expires_in: int
    scope: str | None = Field(default=None, description="Space-separated permissions the access token carries")

    @classmethod
    def of(cls, t: auth_pb2.TokenPair) -> TokenOut:
        return cls(
            access_token=t.access_token,
            refresh_token=t.refresh_token or None,
            token_type=t.token_type,
            expires_in=t.expires_in,
            scope=t.scope or None,
        )


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class LogoutIn(BaseModel):
    refresh_token: str = Field(default="", max_length=512)


class SetupStatusOut(BaseModel):
    needs_setup: bool
    message: str


class PasswordChangeIn(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class PasswordResetRequestIn(BaseModel):
    """Name the account by its e-mail address or its username."""

    email: str | None = Field(default=None, max_length=254, examples=["alice@example.com"])
    username: str | None = Field(default=None, max_length=254, examples=["alice"])


class PasswordResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=512, description="The `token` of the link in the e-mail")
    new_password: str = Field(min_length=1, max_length=256)


class AccountDeleteIn(BaseModel):
    password: str = Field(min_length=1, max_length=256, description="Your current password")
    otp: str = Field(
        default="",
        max_length=32,
        description="A code from your authenticator app (or a backup code) when two-factor authentication is on",
    )


class MessageOut(BaseModel):
    message: str
