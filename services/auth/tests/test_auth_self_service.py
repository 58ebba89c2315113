"""Deleting one's own account over real gRPC: the second factor is asked for when enabled, the
last active administrator is refused, and the account is anonymised (its name free again)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from rr.auth.v1 import auth_pb2, roles_pb2

from rr_auth.app import build
from rr_common.testing import migrated_database, running_service
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database
from services.auth.tests.conftest import settings_for
from services.auth.tests.support import PASSWORD, Stubs, rpc_error, sign_in, sign_up_and_in, unique
from services.auth.tests.test_auth_mfa import code_at, enrolled


def delete_me(stubs: Stubs, md: tuple[tuple[str, str], ...], password: str = PASSWORD, otp: str = "") -> Any:
    return stubs.auth.DeleteMe(auth_pb2.DeleteMeRequest(password=password, otp=otp), metadata=md)


@pytest.fixture
async def own_auth(rr_infra: Infra) -> AsyncIterator[Stubs]:
    """An auth of its own, so that "the only administrator" is true whatever other tests do."""
    settings = settings_for(await migrated_database(fresh_database(rr_infra, "auth"), "rr_auth"), rr_infra.nats_url)
    async with (
        running_service(settings, lambda infra: build(infra, settings)) as target,
        grpc.aio.insecure_channel(target) as channel,
    ):
        yield Stubs.on(channel)


async def test_an_account_with_mfa_needs_a_code_to_be_deleted(stubs: Stubs) -> None:
    user, setup = await enrolled(stubs)
    code, body = await rpc_error(delete_me(stubs, user.md))
    assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "mfa_required")
    code, body = await rpc_error(delete_me(stubs, user.md, otp="000000"))
    assert body["code"] == "invalid_mfa_code"
    assert (await stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=user.md)).user.username == user.username

    await delete_me(stubs, user.md, otp=code_at(setup.secret, 1))
    code, body = await rpc_error(
        stubs.auth.Login(auth_pb2.LoginRequest(username=user.username, password=PASSWORD, otp=code_at(setup.secret)))
    )
    assert body["code"] == "invalid_credentials"  # the name no longer exists
    [seen] = (await stubs.auth.GetUsers(auth_pb2.GetUsersRequest(ids=[user.user_id]), metadata=user.md)).users
    assert (seen.username, seen.email, seen.is_active, seen.mfa_enabled) == (
        f"deleted:{user.user_id}",
        "",
        False,
        False,
    )
    # The name can be registered again.
    again = await stubs.auth.Register(auth_pb2.RegisterRequest(username=user.username, password=PASSWORD))
    assert again.user.id != user.user_id


async def test_the_last_active_admin_is_refused_until_there_is_another(own_auth: Stubs) -> None:
    created = await own_auth.auth.InitializeSetup(
        auth_pb2.InitializeSetupRequest(username="only-admin", password=PASSWORD)
    )
    admin = await sign_in(own_auth, "only-admin", created.user.id)
    code, body = await rpc_error(delete_me(own_auth, admin.md))
    assert (code, body["code"]) == (grpc.StatusCode.FAILED_PRECONDITION, "last_admin")
    assert "last active administrator" in body["detail"]

    second = await sign_up_and_in(own_auth, unique("second"))
    await own_auth.roles.AssignRole(
        roles_pb2.AssignRoleRequest(user_id=second.user_id, role_name="admin"), metadata=admin.md
    )
    await delete_me(own_auth, admin.md)
    # The remaining admin is now the last one.
    second = await sign_in(own_auth, second.username, second.user_id)
    code, body = await rpc_error(delete_me(own_auth, second.md))
    assert body["code"] == "last_admin"
