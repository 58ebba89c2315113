"""Notify's copy of the directory follows auth's events; an address it lacks is fetched from the
real auth service in one batch call and remembered."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import grpc
import pytest
from rr.auth.v1 import auth_pb2, auth_pb2_grpc
from rr.auth.v1 import events_pb2 as auth_events

from rr_auth.app import build as build_auth
from rr_auth.config import Settings as AuthSettings
from rr_common.db import Database
from rr_common.testing import migrated_database, running_service
from rr_devstack.pytest_plugin import fresh_database
from rr_notify.clients.auth import AuthClient
from rr_notify.directory.service import UserDirectory
from services.notify.tests.support import header
from services.notify.tests.test_notify_inapp import register

PASSWORD = "Correct-Horse-9-battery"


async def directory_row(notify, user_id: int):
    return await notify.db.fetchrow("SELECT * FROM directory_users WHERE user_id = $1", user_id)


async def test_role_changes_and_deactivation_follow_auth(notify, user_id: int) -> None:
    await register(notify, user_id, email="first@example.com")
    changed = auth_events.UserRoleChanged(
        header=header(), user_id=user_id, username=f"u{user_id}", roles=["user", "manager"], added=["manager"]
    )
    await notify.process("rr.auth.user.role_changed", changed)
    row = await directory_row(notify, user_id)
    assert (row["email"], sorted(row["roles"]), row["is_active"]) == ("first@example.com", ["manager", "user"], True)

    await notify.process(
        "rr.auth.user.deactivated",
        auth_events.UserDeactivated(header=header(), user_id=user_id, username=f"u{user_id}"),
    )
    assert (await directory_row(notify, user_id))["is_active"] is False


@pytest.fixture
async def auth(rr_infra) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    url = await migrated_database(fresh_database(rr_infra, "auth"), "rr_auth")
    settings = AuthSettings(
        database_url=url,
        nats_url=rr_infra.nats_url,
        grpc_port=0,
        metrics_port=0,
        environment="test",
        grpc_grace_seconds=1,
        argon2_time_cost=1,
        argon2_memory_kib=8 * 1024,
        argon2_parallelism=1,
    )
    async with running_service(settings, lambda infra: build_auth(infra, settings)) as target:
        async with grpc.aio.insecure_channel(target) as channel:
            yield auth_pb2_grpc.AuthServiceStub(channel)


async def test_an_unknown_address_is_fetched_from_auth_in_one_call_and_kept(rr_infra, auth) -> None:
    # A notify database of its own: the running notify would learn of the user from auth's event.
    database_url = await migrated_database(fresh_database(rr_infra, "notify"), "rr_notify")
    name = f"late{secrets.token_hex(4)}"
    user = (
        await auth.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD, email=f"{name}@example.com"))
    ).user
    token = (await auth.Login(auth_pb2.LoginRequest(username=name, password=PASSWORD))).tokens.access_token
    calls: list[datetime] = []

    async def token_source() -> str:
        calls.append(datetime.now(UTC))
        return token

    db = Database(database_url, 2)
    conn = await asyncpg.connect(database_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM directory_users") == 0
        contacts = await UserDirectory(db, AuthClient(auth, token_source)).contacts({user.id, 10**12})
        again = await UserDirectory(db, AuthClient(auth, token_source)).contacts({user.id})
        kept = await conn.fetchval("SELECT email FROM directory_users WHERE user_id = $1", user.id)
    finally:
        await conn.close()
        await db.dispose()

    assert list(contacts) == [user.id], "an id auth does not know stays unknown"
    assert contacts[user.id].email == f"{name}@example.com" and contacts[user.id].username == name
    assert again == contacts and len(calls) == 1, "the second lookup is answered from the local copy"
    assert kept == f"{name}@example.com"
