"""OAuth2 client shapes (compatible with the original API's field names)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator, model_validator
from rr.auth.v1 import clients_pb2

from rr_gateway.schemas.common import ts

GRANT = "client_credentials"
CODE_GRANTS = ("authorization_code", "refresh_token")
KNOWN_GRANTS = (GRANT, *CODE_GRANTS)


def grant_types_of(c: clients_pb2.OAuthClient) -> str:
    """What a client may do follows from how it was registered."""
    if c.public:
        return " ".join(CODE_GRANTS)
    return " ".join((GRANT, *CODE_GRANTS)) if c.redirect_uris else GRANT


class ClientIn(BaseModel):
    client_name: str = Field(min_length=1, max_length=100, examples=["waitlist-service"])
    scope: str = Field(
        default="",
        max_length=1000,
        description="Space-separated permissions",
        examples=["reservations:manage users:read"],
    )
    grant_types: str = Field(
        default="",
        max_length=100,
        description="Informative: client_credentials for confidential clients; authorization_code (and refresh_token) "
        "when redirect_uris are registered",
    )
    redirect_uris: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Exact redirect URIs for the authorization-code grant (https, or http on 127.0.0.1/localhost)",
        examples=[["https://app.example.com/callback"]],
    )
    public: bool = Field(
        default=False,
        description="A browser or native app that cannot keep a secret: no secret, authorization code with PKCE only",
    )

    @field_validator("grant_types")
    @classmethod
    def _known_grants(cls, value: str) -> str:
        if unknown := sorted(set(value.split()) - set(KNOWN_GRANTS)):
            raise ValueError(f"Unsupported grant types: {', '.join(unknown)}; use {', '.join(KNOWN_GRANTS)}.")
        return value

    @model_validator(mode="after")
    def _grants_fit_registration(self) -> ClientIn:
        asked = set(self.grant_types.split())
        if asked & set(CODE_GRANTS) and not self.redirect_uris:
            raise ValueError("The authorization_code grant needs at least one redirect URI in redirect_uris.")
        if self.public and GRANT in asked:
            raise ValueError("A public client has no secret, so it cannot use client_credentials.")
        return self


class ClientOut(BaseModel):
    id: int
    client_id: str
    client_name: str
    scope: str
    grant_types: str = GRANT
    redirect_uris: list[str] = Field(default_factory=list)
    public: bool = False
    created_by: int | None
    created_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, c: clients_pb2.OAuthClient) -> ClientOut:
        return cls(
            id=c.id,
            client_id=c.client_id,
            client_name=c.name,
            scope=" ".join(c.scopes),
            grant_types=grant_types_of(c),
            redirect_uris=list(c.redirect_uris),
            public=c.public,
            created_by=c.created_by or None,
            created_at=ts(c.created_at),
            revoked_at=ts(c.revoked_at),
            last_used_at=ts(c.last_used_at),
        )


class ClientCreatedOut(ClientOut):
    client_secret: str = Field(description="Shown only now; store it safely (empty for a public client)")
    message: str


class ClientRevokedOut(BaseModel):
    message: str
    client: ClientOut


class TokenRevokedOut(BaseModel):
    message: str
    revoked: bool


class AuthorizeIn(BaseModel):
    """The authorization request as the consent screen received it, and the user's answer."""

    response_type: str = Field(default="code", max_length=20)
    client_id: str = Field(min_length=1, max_length=64)
    redirect_uri: str = Field(min_length=1, max_length=500)
    scope: str = Field(default="", max_length=1000)
    state: str = Field(default="", max_length=500)
    code_challenge: str = Field(default="", max_length=128)
    code_challenge_method: str = Field(default="", max_length=20)
    allow: bool = Field(description="true: the user allows the app; false: denies (the app gets error=access_denied)")


class AuthorizationDetailsOut(BaseModel):
    client_id: str
    client_name: str
    redirect_uri: str
    scopes: list[str] = Field(description="Permissions asked for, beyond acting as the user")
    error: str | None = Field(default=None, description="Set when the request is refused: RFC 6749 error code")
    error_description: str | None = None
    redirect_to: str | None = Field(default=None, description="Where to send the browser when the request is refused")


class AuthorizeOut(BaseModel):
    redirect_to: str = Field(description="The app's redirect URI with code and state (or error=access_denied)")


class IntrospectionOut(BaseModel):
    """RFC 7662: only `active` when the token is not active."""

    active: bool
    sub: str | None = None
    client_id: str | None = None
    scope: str | None = None
    exp: int | None = None
    iat: int | None = None
    token_type: str | None = None
    username: str | None = None
