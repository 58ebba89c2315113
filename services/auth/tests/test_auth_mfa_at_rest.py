"""TOTP secrets at rest over real gRPC and PostgreSQL: the users row holds only a sealed token;
plaintext rows from before sealing, and rows of a rotated-out key, are sealed when auth starts and
keep working; replicas starting together seal each row once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import grpc
import pyotp
import pytest
from rr.auth.v1 import auth_pb2, mfa_pb2

from rr_auth.app import build
from rr_auth.config import Settings
from rr_auth.mfa import domain as totp
from rr_auth.mfa.sealing import is_plaintext, seal_stored_secrets
from rr_auth.mfa.secret_box import SecretBox, generate_key
from rr_common.db import Database
from rr_common.testing import migrated_database, running_service
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database
from services.auth.tests.conftest import settings_for
from services.auth.tests.support import MFA_KEY, PASSWORD, Stubs, rpc_error, sign_up_and_in


def code_at(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


async def stored_secret(url: str, user_id: int) -> str:
    conn = await asyncpg.connect(url)
    try:
        value = await conn.fetchval("SELECT mfa_secret FROM users WHERE id = $1", user_id)
        return "" if value is None else str(value)
    finally:
        await conn.close()


async def store_secret(url: str, user_id: int, value: str) -> None:
    """Write the row as an earlier release (or another key) left it: MFA on with `value`."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "UPDATE users SET mfa_enabled = true, mfa_secret = $2, mfa_last_step = NULL WHERE id = $1", user_id, value
        )
    finally:
        await conn.close()


async def sign_in_with_code(stubs: Stubs, username: str, otp: str) -> str:
    tokens = (await stubs.auth.Login(auth_pb2.LoginRequest(username=username, password=PASSWORD, otp=otp))).tokens
    return str(tokens.access_token)


@pytest.fixture
async def own_database(rr_infra: Infra) -> str:
    """A database of its own: these tests start auth with other keys, which must not re-seal (or
    fail to open) the rows of the suite's shared database."""
    return await migrated_database(fresh_database(rr_infra, "authrest"), "rr_auth")


@asynccontextmanager
async def auth_on(url: str, rr_infra: Infra, **overrides: object) -> AsyncIterator[Stubs]:
    """Start auth (its start-up steps included) on `url` and yield stubs talking to it."""
    settings = settings_for(url, rr_infra.nats_url, **overrides)
    async with running_service(settings, lambda infra: build(infra, settings)) as target:
        async with grpc.aio.insecure_channel(target) as channel:
            yield Stubs.on(channel)


class TestEnrolment:
    async def test_the_row_holds_a_sealed_token_that_opens_to_the_secret_the_user_got(
        self, stubs: Stubs, auth_settings: Settings
    ) -> None:
        url = auth_settings.database_url
        user = await sign_up_and_in(stubs, "rest")
        setup = await stubs.mfa.SetupMfa(mfa_pb2.SetupMfaRequest(), metadata=user.md)
        assert is_plaintext(setup.secret) and setup.secret in setup.totp_uri

        stored = await stored_secret(url, user.user_id)
        assert setup.secret not in stored and not is_plaintext(stored)
        assert SecretBox(MFA_KEY).open(stored) == setup.secret

        await stubs.mfa.VerifyMfa(mfa_pb2.VerifyMfaRequest(code=code_at(setup.secret)), metadata=user.md)
        assert await sign_in_with_code(stubs, user.username, code_at(setup.secret, 1))
        assert SecretBox(MFA_KEY).open(await stored_secret(url, user.user_id)) == setup.secret

    async def test_disabling_clears_the_sealed_secret(self, stubs: Stubs, auth_settings: Settings) -> None:
        user = await sign_up_and_in(stubs, "rest")
        setup = await stubs.mfa.SetupMfa(mfa_pb2.SetupMfaRequest(), metadata=user.md)
        await stubs.mfa.VerifyMfa(mfa_pb2.VerifyMfaRequest(code=code_at(setup.secret)), metadata=user.md)
        await stubs.mfa.DisableMfa(mfa_pb2.DisableMfaRequest(code=setup.backup_codes[0]), metadata=user.md)
        assert await stored_secret(auth_settings.database_url, user.user_id) == ""


class TestLegacyPlaintext:
    async def test_a_plaintext_row_works_until_auth_starts_which_seals_it(
        self, own_database: str, rr_infra: Infra
    ) -> None:
        secret = totp.new_secret()
        async with auth_on(own_database, rr_infra) as stubs:
            user = await sign_up_and_in(stubs, "legacy")
            await store_secret(own_database, user.user_id, secret)
            # Met between the migration and the next start: still read.
            assert await sign_in_with_code(stubs, user.username, code_at(secret))
            assert await stored_secret(own_database, user.user_id) == secret

        async with auth_on(own_database, rr_infra) as stubs:
            stored = await stored_secret(own_database, user.user_id)
            assert secret not in stored and SecretBox(MFA_KEY).open(stored) == secret
            assert await sign_in_with_code(stubs, user.username, code_at(secret, 1))
            # The accepted step was kept through the sealing: a code is still good only once.
            code, body = await rpc_error(
                stubs.auth.Login(
                    auth_pb2.LoginRequest(username=user.username, password=PASSWORD, otp=code_at(secret, 1))
                )
            )
            assert body["code"] == "invalid_mfa_code"


class TestRotation:
    async def test_a_secret_of_the_previous_key_works_and_is_resealed_with_the_current_one(
        self, own_database: str, rr_infra: Infra
    ) -> None:
        old, new = MFA_KEY, generate_key()
        secret, lost = totp.new_secret(), totp.new_secret()
        async with auth_on(own_database, rr_infra) as stubs:
            user = await sign_up_and_in(stubs, "rot")
            stranger = await sign_up_and_in(stubs, "rot")
        await store_secret(own_database, user.user_id, SecretBox(old).seal(secret))
        unknown_key_token = SecretBox(generate_key()).seal(lost)
        await store_secret(own_database, stranger.user_id, unknown_key_token)

        async with auth_on(own_database, rr_infra, mfa_secret_key=new, mfa_previous_secret_keys=old) as stubs:
            stored = await stored_secret(own_database, user.user_id)
            assert SecretBox(new).open(stored) == secret  # re-sealed: the new key alone opens it
            assert await sign_in_with_code(stubs, user.username, code_at(secret))
            # A row no configured key opens is left as it is (and did not stop the start), and its
            # owner is told what to do instead of getting an internal error.
            assert await stored_secret(own_database, stranger.user_id) == unknown_key_token
            status, body = await rpc_error(
                stubs.auth.Login(
                    auth_pb2.LoginRequest(username=stranger.username, password=PASSWORD, otp=code_at(lost))
                )
            )
            assert status == grpc.StatusCode.FAILED_PRECONDITION and body["code"] == "mfa_secret_unreadable"

        # The old key can go now: the row no longer needs it.
        async with auth_on(own_database, rr_infra, mfa_secret_key=new) as stubs:
            assert await sign_in_with_code(stubs, user.username, code_at(secret, 1))


class TestReplicasStartingTogether:
    async def test_each_row_is_sealed_exactly_once(self, own_database: str) -> None:
        secrets = [totp.new_secret() for _ in range(60)]
        conn = await asyncpg.connect(own_database)
        try:
            await conn.executemany(
                "INSERT INTO users (username, password_hash, mfa_enabled, mfa_secret) VALUES ($1, 'x', true, $2)",
                [(f"replica{i}", s) for i, s in enumerate(secrets)],
            )
        finally:
            await conn.close()
        box = SecretBox(MFA_KEY)
        replicas = [Database(own_database, 2), Database(own_database, 2)]
        try:
            reports = await asyncio.gather(*(seal_stored_secrets(db, box, batch_size=25) for db in replicas))
            again = await seal_stored_secrets(replicas[0], box)
        finally:
            for db in replicas:
                await db.dispose()
        # Whoever came second found the row changed and left it alone.
        assert sum(r.sealed for r in reports) == len(secrets)
        assert (again.sealed, again.resealed, again.unreadable) == (0, 0, 0)
        conn = await asyncpg.connect(own_database)
        try:
            rows = await conn.fetch("SELECT username, mfa_secret FROM users WHERE username LIKE 'replica%'")
        finally:
            await conn.close()
        opened = {r["username"]: box.open(r["mfa_secret"]) for r in rows}
        assert opened == {f"replica{i}": s for i, s in enumerate(secrets)}
