"""Accounts over real gRPC: setup once, roles and permissions in tokens, password change,
deactivated users, user look-ups for peers."""

from __future__ import annotations

import grpc
from jose import jwt
from rr.auth.v1 import auth_pb2

from rr_common.testing import TestTokens
from services.auth.tests.support import PASSWORD, Signed, Stubs, bearer, rpc_error, sign_in, sign_up_and_in, unique


class TestSetup:
    async def test_second_initialize_is_refused_and_status_says_done(self, stubs: Stubs, admin: Signed) -> None:
        code, body = await rpc_error(
            stubs.auth.InitializeSetup(auth_pb2.InitializeSetupRequest(username=unique(), password=PASSWORD))
        )
        assert (code, body["code"]) == (grpc.StatusCode.ALREADY_EXISTS, "setup_complete")
        assert (await stubs.auth.GetSetupStatus(auth_pb2.GetSetupStatusRequest())).needs_setup is False

    async def test_admin_token_carries_roles_and_every_permission(self, admin: Signed) -> None:
        claims = jwt.get_unverified_claims(admin.access_token)
        assert claims["roles"] == ["admin", "user"]
        assert {"users:manage", "clients:manage", "resources:manage"} <= set(claims["scope"].split())


class TestMe:
    async def test_me_shows_roles_and_no_permissions_for_a_plain_user(self, stubs: Stubs) -> None:
        alice = await sign_up_and_in(stubs, "alice", email=f"{unique()}@example.com")
        me = (await stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=alice.md)).user
        assert (me.username, list(me.roles), list(me.permissions)) == (alice.username, ["user"], [])
        assert jwt.get_unverified_claims(alice.access_token)["scope"] == ""

    async def test_a_service_token_is_not_a_user(self, stubs: Stubs) -> None:
        keys = TestTokens()
        code, _ = await rpc_error(stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(keys.token(1))))
        assert code == grpc.StatusCode.UNAUTHENTICATED  # signed by a key auth does not know


class TestChangePassword:
    async def test_change_ends_every_session_and_only_the_new_password_works(self, stubs: Stubs) -> None:
        bob = await sign_up_and_in(stubs, "bob")
        other_device = await sign_in(stubs, bob.username, bob.user_id)
        answer = await stubs.auth.ChangePassword(
            auth_pb2.ChangePasswordRequest(current_password=PASSWORD, new_password="Brand-New-Pass-42"), metadata=bob.md
        )
        assert answer.sessions_revoked == 2
        for old in (bob, other_device):
            code, _ = await rpc_error(
                stubs.auth.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=old.refresh_token))
            )
            assert code == grpc.StatusCode.UNAUTHENTICATED
        code, _ = await rpc_error(stubs.auth.Login(auth_pb2.LoginRequest(username=bob.username, password=PASSWORD)))
        assert code == grpc.StatusCode.UNAUTHENTICATED
        await sign_in(stubs, bob.username, bob.user_id, password="Brand-New-Pass-42")

    async def test_wrong_current_or_weak_new_password_changes_nothing(self, stubs: Stubs) -> None:
        carol = await sign_up_and_in(stubs, "carol")
        code, body = await rpc_error(
            stubs.auth.ChangePassword(
                auth_pb2.ChangePasswordRequest(current_password="Not-The-One-1", new_password="Brand-New-Pass-42"),
                metadata=carol.md,
            )
        )
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "wrong_current_password")
        code, body = await rpc_error(
            stubs.auth.ChangePassword(
                auth_pb2.ChangePasswordRequest(current_password=PASSWORD, new_password="weak"), metadata=carol.md
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert len(body["errors"]) >= 3 and all(e["loc"] == "new_password" for e in body["errors"])
        await sign_in(stubs, carol.username, carol.user_id)  # the old password still works


class TestGetUsers:
    async def test_batch_lookup_hides_other_peoples_email_from_plain_users(self, stubs: Stubs, admin: Signed) -> None:
        dora = await sign_up_and_in(stubs, "dora", email=f"{unique('d')}@example.com")
        erin = await sign_up_and_in(stubs, "erin", email=f"{unique('e')}@example.com")
        seen = (
            await stubs.auth.GetUsers(auth_pb2.GetUsersRequest(ids=[dora.user_id, erin.user_id]), metadata=dora.md)
        ).users
        emails = {u.username: u.email for u in seen}
        assert emails[dora.username].endswith("@example.com") and emails[erin.username] == ""
        as_admin = (await stubs.auth.GetUsers(auth_pb2.GetUsersRequest(ids=[erin.user_id]), metadata=admin.md)).users
        assert as_admin[0].email.endswith("@example.com")

    async def test_an_oversized_batch_is_refused(self, stubs: Stubs, admin: Signed) -> None:
        code, body = await rpc_error(
            stubs.auth.GetUsers(auth_pb2.GetUsersRequest(ids=list(range(1, 502))), metadata=admin.md)
        )
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "batch_too_large")


class TestBadInput:
    async def test_sql_ish_and_oversized_usernames_are_refused_and_not_stored(
        self, stubs: Stubs, admin: Signed
    ) -> None:
        for name in ("x'; DROP TABLE users; --", "a" * 5000, "robert tables"):
            code, body = await rpc_error(
                stubs.auth.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD))
            )
            assert code == grpc.StatusCode.INVALID_ARGUMENT and body["errors"][0]["loc"] == "username"
        from rr.auth.v1 import admin_pb2

        found = await stubs.admin.ListUsers(admin_pb2.ListUsersRequest(query="drop table"), metadata=admin.md)
        assert list(found.users) == []
        assert (await stubs.auth.GetSetupStatus(auth_pb2.GetSetupStatusRequest())).needs_setup is False

    async def test_nul_characters_are_a_clear_422_never_a_database_error(self, stubs: Stubs, admin: Signed) -> None:
        from rr.auth.v1 import admin_pb2, roles_pb2

        calls = {
            "username": stubs.auth.Login(auth_pb2.LoginRequest(username="ann\x00", password=PASSWORD)),
            "email": stubs.auth.Register(
                auth_pb2.RegisterRequest(username=unique(), password=PASSWORD, email="a\x00@example.com")
            ),
            "query": stubs.admin.ListUsers(admin_pb2.ListUsersRequest(query="\x00"), metadata=admin.md),
            "description": stubs.roles.CreateRole(
                roles_pb2.CreateRoleRequest(name="nul-role", description="\x00"), metadata=admin.md
            ),
        }
        for field, call in calls.items():
            code, body = await rpc_error(call)
            assert code == grpc.StatusCode.INVALID_ARGUMENT and field in body["detail"], field
