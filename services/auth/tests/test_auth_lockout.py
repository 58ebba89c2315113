"""Lockout: 5 failures lock sign-in for a while (2 s in these tests), the answer says when to
retry, success resets the count, and unknown usernames get exactly the same treatment."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import grpc
from rr.auth.v1 import admin_pb2, auth_pb2

from rr_auth.config import Settings
from rr_auth.lockout.repository import LoginFailureRepository
from rr_common.db import Database
from services.auth.tests.support import PASSWORD, Signed, Stubs, rpc_error, sign_in, sign_up_and_in, unique

WRONG = "Wrong-Horse-99"


async def fail(stubs: Stubs, username: str, times: int) -> list[tuple[grpc.StatusCode, dict[str, object]]]:
    return [
        await rpc_error(stubs.auth.Login(auth_pb2.LoginRequest(username=username, password=WRONG)))
        for _ in range(times)
    ]


class TestLockout:
    async def test_fifth_failure_locks_and_the_answer_says_when_to_retry(self, stubs: Stubs) -> None:
        victim = await sign_up_and_in(stubs, "lock")
        answers = await fail(stubs, victim.username, 5)
        assert [a[1]["code"] for a in answers[:4]] == ["invalid_credentials"] * 4
        code, body = answers[4]
        assert (code, body["code"]) == (grpc.StatusCode.RESOURCE_EXHAUSTED, "account_locked")
        assert 1 <= int(body["retry_after"]) <= 2 and "try again in" in str(body["detail"])
        # Even the right password is refused while locked.
        code, body = await rpc_error(
            stubs.auth.Login(auth_pb2.LoginRequest(username=victim.username, password=PASSWORD))
        )
        assert body["code"] == "account_locked"
        await asyncio.sleep(2.1)
        await sign_in(stubs, victim.username, victim.user_id)

    async def test_unknown_usernames_lock_the_same_way(self, stubs: Stubs) -> None:
        real = await sign_up_and_in(stubs, "real")
        real_answers = await fail(stubs, real.username, 6)
        ghost_answers = await fail(stubs, unique("ghost"), 6)

        def shape(
            answers: list[tuple[grpc.StatusCode, dict[str, object]]],
        ) -> list[tuple[grpc.StatusCode, object, object]]:
            return [
                (code, body["code"], body["detail"] if body["code"] != "account_locked" else "locked")
                for code, body in answers
            ]

        assert shape(real_answers) == shape(ghost_answers)

    async def test_success_resets_the_count(self, stubs: Stubs) -> None:
        user = await sign_up_and_in(stubs, "reset")
        await fail(stubs, user.username, 4)
        await sign_in(stubs, user.username, user.user_id)
        answers = await fail(stubs, user.username, 4)
        assert {a[1]["code"] for a in answers} == {"invalid_credentials"}

    async def test_admin_unlocks_and_sees_the_lock(self, stubs: Stubs, admin: Signed) -> None:
        user = await sign_up_and_in(stubs, "unlock")
        await fail(stubs, user.username, 5)
        listed = await stubs.admin.ListUsers(admin_pb2.ListUsersRequest(query=user.username), metadata=admin.md)
        assert listed.users[0].HasField("locked_until")
        unlocked = await stubs.admin.UnlockUser(admin_pb2.UnlockUserRequest(user_id=user.user_id), metadata=admin.md)
        assert not unlocked.user.HasField("locked_until")
        await sign_in(stubs, user.username, user.user_id)


class TestFailureWindow:
    """The counting rules at the database, with explicit clocks."""

    async def test_failures_outside_the_window_do_not_add_up(self, auth_settings: Settings) -> None:
        db = Database(auth_settings.database_url, pool_size=1)
        name, t0 = unique("window"), datetime(2030, 1, 1, tzinfo=UTC)
        window, lock = timedelta(minutes=15), timedelta(minutes=15)
        try:
            async with db.session() as session:
                repo = LoginFailureRepository(session)
                for minute in range(4):
                    await repo.record_failure(name, t0 + timedelta(minutes=minute), window, 5, lock)
                late = await repo.record_failure(name, t0 + timedelta(minutes=16), window, 5, lock)
                assert (late.failures, late.locked_until) == (1, None)
                for minute in range(17, 21):
                    count = await repo.record_failure(name, t0 + timedelta(minutes=minute), window, 5, lock)
                assert count.failures == 5 and count.locked_until == t0 + timedelta(minutes=20) + lock
                assert await repo.locked_until(name, t0 + timedelta(minutes=34)) is not None
                assert await repo.locked_until(name, t0 + timedelta(minutes=36)) is None
                # After the lock ends, one more failure starts a fresh count instead of relocking.
                after = await repo.record_failure(name, t0 + timedelta(minutes=36), window, 5, lock)
                assert (after.failures, after.locked_until) == (1, None)
        finally:
            await db.dispose()


class TestWrongCurrentPassword:
    """A stolen access token can neither guess the password without limit nor lock its owner out."""

    async def change(
        self, stubs: Stubs, who: Signed, current: str, new: str = "Brand-New-Pass-42"
    ) -> tuple[grpc.StatusCode, dict[str, object]]:
        return await rpc_error(
            stubs.auth.ChangePassword(
                auth_pb2.ChangePasswordRequest(current_password=current, new_password=new), metadata=who.md
            )
        )

    async def test_guesses_block_password_changes_but_never_sign_in(self, stubs: Stubs) -> None:
        owner = await sign_up_and_in(stubs, "guessed")
        answers = [await self.change(stubs, owner, WRONG) for _ in range(5)]
        assert [a[1]["code"] for a in answers[:4]] == ["wrong_current_password"] * 4
        code, body = answers[4]
        assert (code, body["code"]) == (grpc.StatusCode.RESOURCE_EXHAUSTED, "password_change_blocked")
        assert 1 <= int(body["retry_after"]) <= 2 and "signing in is not affected" in str(body["detail"])
        # Even the right current password is refused while blocked: the guesses stop here.
        code, body = await self.change(stubs, owner, PASSWORD)
        assert body["code"] == "password_change_blocked"
        # The owner still signs in, as often as they like.
        await sign_in(stubs, owner.username, owner.user_id)
        await sign_in(stubs, owner.username, owner.user_id)
        await asyncio.sleep(2.1)
        done = await stubs.auth.ChangePassword(
            auth_pb2.ChangePasswordRequest(current_password=PASSWORD, new_password="Brand-New-Pass-42"),
            metadata=owner.md,
        )
        assert done is not None

    async def test_failed_sign_ins_do_not_block_password_changes(self, stubs: Stubs) -> None:
        owner = await sign_up_and_in(stubs, "separate")
        await fail(stubs, owner.username, 4)
        code, body = await self.change(stubs, owner, WRONG)
        assert body["code"] == "wrong_current_password"

    async def test_admin_unlock_also_lifts_the_block(self, stubs: Stubs, admin: Signed) -> None:
        owner = await sign_up_and_in(stubs, "unblock")
        for _ in range(5):
            await self.change(stubs, owner, WRONG)
        await stubs.admin.UnlockUser(admin_pb2.UnlockUserRequest(user_id=owner.user_id), metadata=admin.md)
        code, body = await self.change(stubs, owner, WRONG)
        assert body["code"] == "wrong_current_password"
