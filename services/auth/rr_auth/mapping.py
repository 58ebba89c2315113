"""Rows to protobuf messages."""

from __future__ import annotations

from datetime import datetime

from rr.auth.v1 import auth_pb2, clients_pb2, roles_pb2

from rr_auth.models import OAuthClient, Role, User
from rr_auth.roles.domain import role_permissions, user_permissions
from rr_auth.tokens.issuer import TokenPair
from rr_common.timeconv import to_timestamp


def user_pb(user: User, locked_until: datetime | None = None, *, with_email: bool = True) -> auth_pb2.User:
    message = auth_pb2.User(
        id=user.id,
        username=user.username,
        email=(user.email or "") if with_email else "",
        roles=user.role_names,
        mfa_enabled=user.mfa_enabled,
        is_active=user.is_active,
        created_at=to_timestamp(user.created_at),
        permissions=user_permissions(user),
    )
    if locked_until is not None:
        message.locked_until.CopyFrom(to_timestamp(locked_until))
    return message


def tokens_pb(pair: TokenPair) -> auth_pb2.TokenPair:
    return auth_pb2.TokenPair(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        token_type="bearer",
        expires_in=pair.expires_in,
        scope=pair.scope,
    )


def role_pb(role: Role) -> roles_pb2.Role:
    return roles_pb2.Role(
        id=role.id,
        name=role.name,
        description=role.description,
        permissions=list(role_permissions(role)),
        builtin=role.is_builtin,
        created_at=to_timestamp(role.created_at),
    )


def client_pb(client: OAuthClient) -> clients_pb2.OAuthClient:
    message = clients_pb2.OAuthClient(
        id=client.id,
        client_id=client.client_id,
        name=client.name,
        scopes=list(client.scopes),
        created_by=client.created_by or 0,
        created_at=to_timestamp(client.created_at),
        redirect_uris=list(client.redirect_uris),
        public=client.is_public,
    )
    if client.revoked_at is not None:
        message.revoked_at.CopyFrom(to_timestamp(client.revoked_at))
    if client.last_used_at is not None:
        message.last_used_at.CopyFrom(to_timestamp(client.last_used_at))
    return message
