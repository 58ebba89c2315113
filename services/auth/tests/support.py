"""Helpers for auth's service tests: stubs of every auth gRPC service, sign-up/in shortcuts."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from rr.auth.v1 import (
    admin_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    clients_pb2_grpc,
    mfa_pb2_grpc,
    roles_pb2_grpc,
)

from rr_auth.mfa.secret_box import generate_key
from rr_common.errors import error_payload

PASSWORD = "Correct-Horse-9"
# The key the suite's auth seals TOTP secrets with, so tests can open what it stored.
MFA_KEY = generate_key()


def unique(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


async def rpc_error(awaitable: Awaitable[Any]) -> tuple[grpc.StatusCode, dict[str, Any]]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await awaitable
    return info.value.code(), error_payload(info.value.trailing_metadata())


@dataclass(frozen=True)
class Stubs:
    auth: auth_pb2_grpc.AuthServiceStub
    mfa: mfa_pb2_grpc.MfaServiceStub
    roles: roles_pb2_grpc.RoleServiceStub
    admin: admin_pb2_grpc.UserAdminServiceStub
    clients: clients_pb2_grpc.ClientServiceStub

    @classmethod
    def on(cls, channel: grpc.aio.Channel) -> Stubs:
        return cls(
            auth=auth_pb2_grpc.AuthServiceStub(channel),
            mfa=mfa_pb2_grpc.MfaServiceStub(channel),
            roles=roles_pb2_grpc.RoleServiceStub(channel),
            admin=admin_pb2_grpc.UserAdminServiceStub(channel),
            clients=clients_pb2_grpc.ClientServiceStub(channel),
        )


@dataclass
class Signed:
    username: str
    user_id: int
    access_token: str
    refresh_token: str

    @property
    def md(self) -> tuple[tuple[str, str], ...]:
        return bearer(self.access_token)


async def sign_in(stubs: Stubs, username: str, user_id: int, password: str = PASSWORD, **extra: str) -> Signed:
    tokens = (await stubs.auth.Login(auth_pb2.LoginRequest(username=username, password=password, **extra))).tokens
    return Signed(username, user_id, tokens.access_token, tokens.refresh_token)


async def sign_up_and_in(stubs: Stubs, prefix: str = "u", email: str = "") -> Signed:
    name = unique(prefix)
    user = (await stubs.auth.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD, email=email))).user
    return await sign_in(stubs, name, user.id)
