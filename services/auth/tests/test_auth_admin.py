"""Account administration over real gRPC: search and paging, deactivation (refresh refused,
access token no longer accepted by auth), password reset, and who may do it."""

from __future__ import annotations

import grpc
from rr.auth.v1 import admin_pb2, auth_pb2, roles_pb2
from rr.common.v1 import common_pb2

from services.auth.tests.support import PASSWORD, Signed, Stubs, rpc_error, sign_in, sign_up_and_in, unique


class TestListUsers:
    async def test_search_filters_and_keyset_pages(self, stubs: Stubs, admin: Signed) -> None:
        tag = unique("tag")
        made = [await sign_up_and_in(stubs, f"{tag}_") for _ in range(3)]
        first = await stubs.admin.ListUsers(
            admin_pb2.ListUsersRequest(query=tag.upper(), page=common_pb2.PageRequest(limit=2)), metadata=admin.md
        )
        assert (len(first.users), first.page.has_more, first.page.total_count) == (2, True, 3)
        second = await stubs.admin.ListUsers(
            admin_pb2.ListUsersRequest(query=tag, page=common_pb2.PageRequest(limit=2, cursor=first.page.next_cursor)),
            metadata=admin.md,
        )
        assert [u.id for u in [*first.users, *second.users]] == [m.user_id for m in made] and not second.page.has_more
        assert all(list(u.roles) == ["user"] for u in first.users)

    async def test_like_wildcards_are_matched_literally(self, stubs: Stubs, admin: Signed) -> None:
        found = await stubs.admin.ListUsers(admin_pb2.ListUsersRequest(query="%"), metadata=admin.md)
        assert list(found.users) == []

    async def test_filter_by_role_and_activity(self, stubs: Stubs, admin: Signed) -> None:
        admins = await stubs.admin.ListUsers(
            admin_pb2.ListUsersRequest(role="admin", is_active=True), metadata=admin.md
        )
        assert admin.user_id in [u.id for u in admins.users] and all("admin" in u.roles for u in admins.users)

    async def test_bad_cursor_is_a_clear_422(self, stubs: Stubs, admin: Signed) -> None:
        code, body = await rpc_error(
            stubs.admin.ListUsers(
                admin_pb2.ListUsersRequest(page=common_pb2.PageRequest(cursor="not-a-cursor")), metadata=admin.md
            )
        )
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "invalid_cursor")


class TestDeactivate:
    async def test_deactivated_user_cannot_refresh_sign_in_or_use_auth(self, stubs: Stubs, admin: Signed) -> None:
        user = await sign_up_and_in(stubs, "leaver")
        done = await stubs.admin.DeactivateUser(
            admin_pb2.DeactivateUserRequest(user_id=user.user_id), metadata=admin.md
        )
        assert done.user.is_active is False
        code, _ = await rpc_error(
            stubs.auth.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=user.refresh_token))
        )
        assert code == grpc.StatusCode.UNAUTHENTICATED
        code, body = await rpc_error(stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=user.md))
        assert (code, body["code"]) == (grpc.StatusCode.PERMISSION_DENIED, "account_inactive")
        code, body = await rpc_error(stubs.auth.Login(auth_pb2.LoginRequest(username=user.username, password=PASSWORD)))
        assert body["code"] == "account_inactive"

        await stubs.admin.ActivateUser(admin_pb2.ActivateUserRequest(user_id=user.user_id), metadata=admin.md)
        await sign_in(stubs, user.username, user.user_id)

    async def test_admins_cannot_deactivate_themselves(self, stubs: Stubs, admin: Signed) -> None:
        code, body = await rpc_error(
            stubs.admin.DeactivateUser(admin_pb2.DeactivateUserRequest(user_id=admin.user_id), metadata=admin.md)
        )
        assert body["code"] == "own_account"


class TestResetPassword:
    async def test_reset_sets_the_password_ends_sessions_and_lifts_a_lock(self, stubs: Stubs, admin: Signed) -> None:
        user = await sign_up_and_in(stubs, "forgot")
        for _ in range(5):
            await rpc_error(stubs.auth.Login(auth_pb2.LoginRequest(username=user.username, password="Wrong-Horse-9")))
        await stubs.admin.ResetPassword(
            admin_pb2.ResetPasswordRequest(username=user.username, new_password="Reset-By-Admin-7"), metadata=admin.md
        )
        code, _ = await rpc_error(
            stubs.auth.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=user.refresh_token))
        )
        assert code == grpc.StatusCode.UNAUTHENTICATED
        await sign_in(stubs, user.username, user.user_id, password="Reset-By-Admin-7")

    async def test_weak_reset_password_is_refused(self, stubs: Stubs, admin: Signed) -> None:
        user = await sign_up_and_in(stubs, "weak")
        code, body = await rpc_error(
            stubs.admin.ResetPassword(
                admin_pb2.ResetPasswordRequest(user_id=user.user_id, new_password="short"), metadata=admin.md
            )
        )
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "weak_password")
        await sign_in(stubs, user.username, user.user_id)


class TestWhoMay:
    async def test_plain_users_get_403_everywhere(self, stubs: Stubs) -> None:
        user = await sign_up_and_in(stubs, "plain")
        for call in (
            stubs.admin.ListUsers(admin_pb2.ListUsersRequest(), metadata=user.md),
            stubs.admin.DeactivateUser(admin_pb2.DeactivateUserRequest(user_id=user.user_id), metadata=user.md),
            stubs.admin.ResetPassword(
                admin_pb2.ResetPasswordRequest(user_id=user.user_id, new_password="Other-Pass-99"), metadata=user.md
            ),
        ):
            code, _ = await rpc_error(call)
            assert code == grpc.StatusCode.PERMISSION_DENIED

    async def test_a_delegated_helpdesk_role_manages_users_but_not_admins(self, stubs: Stubs, admin: Signed) -> None:
        role = unique("helpdesk").lower()
        await stubs.roles.CreateRole(
            roles_pb2.CreateRoleRequest(name=role, permissions=["users:manage"]), metadata=admin.md
        )
        helper = await sign_up_and_in(stubs, "helper")
        await stubs.roles.AssignRole(
            roles_pb2.AssignRoleRequest(user_id=helper.user_id, role_name=role), metadata=admin.md
        )
        helper = await sign_in(stubs, helper.username, helper.user_id)
        target = await sign_up_and_in(stubs, "target")
        done = await stubs.admin.DeactivateUser(
            admin_pb2.DeactivateUserRequest(user_id=target.user_id), metadata=helper.md
        )
        assert done.user.is_active is False
        code, body = await rpc_error(
            stubs.admin.DeactivateUser(admin_pb2.DeactivateUserRequest(user_id=admin.user_id), metadata=helper.md)
        )
        assert (code, body["code"]) == (grpc.StatusCode.PERMISSION_DENIED, "admin_required")
