"""TOTP over real gRPC: enrolment, login needs the code, replay refused, backup codes work
once, disabling needs a code."""

from __future__ import annotations

import time
from typing import Any

import grpc
import pyotp
from rr.auth.v1 import auth_pb2, mfa_pb2

from services.auth.tests.support import PASSWORD, Signed, Stubs, rpc_error, sign_in, sign_up_and_in


def code_at(secret: str, steps_ahead: int = 0) -> str:
    """The code of a step still inside the accepted window (+-1 step)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


async def enrolled(stubs: Stubs) -> tuple[Signed, mfa_pb2.SetupMfaResponse]:
    user = await sign_up_and_in(stubs, "mfa")
    setup = await stubs.mfa.SetupMfa(mfa_pb2.SetupMfaRequest(), metadata=user.md)
    await stubs.mfa.VerifyMfa(mfa_pb2.VerifyMfaRequest(code=code_at(setup.secret)), metadata=user.md)
    return user, setup


def login(stubs: Stubs, user: Signed, **extra: str) -> Any:
    return stubs.auth.Login(auth_pb2.LoginRequest(username=user.username, password=PASSWORD, **extra))


class TestEnrolment:
    async def test_setup_returns_secret_uri_qr_and_ten_backup_codes_but_is_off_until_verified(
        self, stubs: Stubs
    ) -> None:
        user = await sign_up_and_in(stubs, "enrol")
        setup = await stubs.mfa.SetupMfa(mfa_pb2.SetupMfaRequest(), metadata=user.md)
        assert setup.totp_uri.startswith("otpauth://totp/") and setup.secret in setup.totp_uri
        assert setup.qr_code_png.startswith("data:image/png;base64,") and len(setup.backup_codes) == 10
        assert (await stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=user.md)).user.mfa_enabled is False
        await sign_in(stubs, user.username, user.user_id)  # a password is still enough

        code, body = await rpc_error(stubs.mfa.VerifyMfa(mfa_pb2.VerifyMfaRequest(code="000000"), metadata=user.md))
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "invalid_mfa_code")
        await stubs.mfa.VerifyMfa(mfa_pb2.VerifyMfaRequest(code=code_at(setup.secret)), metadata=user.md)
        assert (await stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=user.md)).user.mfa_enabled is True
        code, body = await rpc_error(stubs.mfa.SetupMfa(mfa_pb2.SetupMfaRequest(), metadata=user.md))
        assert body["code"] == "mfa_already_enabled"


class TestLogin:
    async def test_password_alone_never_yields_a_token(self, stubs: Stubs) -> None:
        user, _ = await enrolled(stubs)
        code, body = await rpc_error(login(stubs, user))
        assert (code, body["code"]) == (grpc.StatusCode.UNAUTHENTICATED, "mfa_required")
        code, body = await rpc_error(login(stubs, user, otp="123456"))
        assert body["code"] == "invalid_mfa_code"

    async def test_a_totp_code_works_once(self, stubs: Stubs) -> None:
        user, setup = await enrolled(stubs)
        otp = code_at(setup.secret, 1)
        tokens = (await login(stubs, user, otp=otp)).tokens
        assert tokens.access_token
        code, body = await rpc_error(login(stubs, user, otp=otp))
        assert body["code"] == "invalid_mfa_code"

    async def test_backup_codes_work_once_each(self, stubs: Stubs) -> None:
        user, setup = await enrolled(stubs)
        first = setup.backup_codes[0]
        assert (await login(stubs, user, backup_code=first.lower())).tokens.access_token
        code, _ = await rpc_error(login(stubs, user, backup_code=first))
        assert code == grpc.StatusCode.UNAUTHENTICATED
        # A backup code sent as `otp` is recognised too.
        assert (await login(stubs, user, otp=setup.backup_codes[1])).tokens.access_token

    async def test_guessing_codes_counts_towards_the_lockout(self, stubs: Stubs) -> None:
        user, setup = await enrolled(stubs)
        answers = [await rpc_error(login(stubs, user, otp=f"{n:06d}")) for n in range(5)]
        assert answers[-1][1]["code"] == "account_locked"
        code, body = await rpc_error(login(stubs, user, otp=code_at(setup.secret, 1)))
        assert body["code"] == "account_locked"


class TestManage:
    async def test_disable_needs_a_valid_code_then_the_password_suffices(self, stubs: Stubs) -> None:
        user, setup = await enrolled(stubs)
        code, body = await rpc_error(stubs.mfa.DisableMfa(mfa_pb2.DisableMfaRequest(code="999999"), metadata=user.md))
        assert body["code"] == "invalid_mfa_code"
        code, body = await rpc_error(login(stubs, user))
        assert body["code"] == "mfa_required"  # still on
        await stubs.mfa.DisableMfa(mfa_pb2.DisableMfaRequest(code=setup.backup_codes[3]), metadata=user.md)
        await sign_in(stubs, user.username, user.user_id)
        # The old backup codes died with it.
        code, body = await rpc_error(
            stubs.mfa.DisableMfa(mfa_pb2.DisableMfaRequest(code=setup.backup_codes[4]), metadata=user.md)
        )
        assert body["code"] == "mfa_not_enabled"

    async def test_regenerating_backup_codes_voids_the_old_ones(self, stubs: Stubs) -> None:
        user, setup = await enrolled(stubs)
        fresh = await stubs.mfa.RegenerateBackupCodes(
            mfa_pb2.RegenerateBackupCodesRequest(code=code_at(setup.secret, 1)), metadata=user.md
        )
        assert len(fresh.backup_codes) == 10 and not set(fresh.backup_codes) & set(setup.backup_codes)
        code, _ = await rpc_error(login(stubs, user, backup_code=setup.backup_codes[0]))
        assert code == grpc.StatusCode.UNAUTHENTICATED
        assert (await login(stubs, user, backup_code=fresh.backup_codes[0])).tokens.access_token
