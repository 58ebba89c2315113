"""OAuth2 client shapes (compatible with the original API's field names)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator
from rr.auth.v1 import clients_pb2

from rr_gateway.schemas.common import ts

GRANT = "client_credentials"


class ClientIn(BaseModel):
    client_name: str = Field(min_length=1, max_length=100, examples=["waitlist-service"])
    scope: str = Field(default="", max_length=1000, description="Space-separated permissions", examples=["reservations:manage users:read"])
    grant_types: str = Field(default=GRANT, max_length=100, description="Only client_credentials is supported")
    # Accepted so the original API's scripts keep working; nothing here redirects.
    redirect_uris: list[str] = Field(default_factory=list, max_length=10, description="Ignored: only client_credentials is supported")

    @field_validator("grant_types")
    @classmethod
    def _only_client_credentials(cls, value: str) -> str:
        if set(value.split()) - {GRANT}:
            raise ValueError("Only the client_credentials grant is supported.")
        return GRANT


class ClientOut(BaseModel):
    id: int
    client_id: str
    client_name: str
    scope: str
    grant_types: str = GRANT
    created_by: int | None
    created_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, c: clients_pb2.OAuthClient) -> ClientOut:
        return cls(
            id=c.id, client_id=c.client_id, client_name=c.name, scope=" ".join(c.scopes), created_by=c.created_by or None,
            created_at=ts(c.created_at), revoked_at=ts(c.revoked_at), last_used_at=ts(c.last_used_at),
        )


class ClientCreatedOut(ClientOut):
    client_secret: str = Field(description="Shown only now; store it safely")
    redirect_uris: list[str] = Field(default_factory=list)
    message: str


class ClientRevokedOut(BaseModel):
    message: str
    client: ClientOut


class TokenRevokedOut(BaseModel):
    message: str
    revoked: bool
