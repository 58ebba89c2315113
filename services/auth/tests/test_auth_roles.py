"""RBAC over real gRPC: built-in roles, custom roles with permissions in the token, admin-only
management, the last admin protected, role changes published."""

from __future__ import annotations

import grpc
from jose import jwt
from rr.auth.v1 import auth_pb2, roles_pb2

from services.auth.tests.support import Signed, Stubs, rpc_error, sign_in, sign_up_and_in, unique


class TestRoles:
    async def test_builtin_roles_are_listed_with_their_permissions(self, stubs: Stubs, admin: Signed) -> None:
        user = await sign_up_and_in(stubs, "lister")
        listed = await stubs.roles.ListRoles(roles_pb2.ListRolesRequest(), metadata=user.md)
        by_name = {r.name: r for r in listed.roles}
        assert {"admin", "manager", "user"} <= set(by_name)
        assert by_name["manager"].builtin and "reservations:approve" in by_name["manager"].permissions
        assert "users:manage" in {p.name for p in listed.permissions}

    async def test_custom_role_permissions_reach_the_token_after_sign_in(self, stubs: Stubs, admin: Signed) -> None:
        name = unique("auditor").lower()
        role = (
            await stubs.roles.CreateRole(
                roles_pb2.CreateRoleRequest(
                    name=name, description="Reads the audit log", permissions=["audit:read", "analytics:read"]
                ),
                metadata=admin.md,
            )
        ).role
        assert (role.builtin, list(role.permissions)) == (False, ["analytics:read", "audit:read"])
        user = await sign_up_and_in(stubs, "aud")
        assigned = await stubs.roles.AssignRole(
            roles_pb2.AssignRoleRequest(username=user.username, role_name=name), metadata=admin.md
        )
        assert list(assigned.user.roles) == sorted([name, "user"])
        again = await sign_in(stubs, user.username, user.user_id)
        claims = jwt.get_unverified_claims(again.access_token)
        assert set(claims["scope"].split()) == {"audit:read", "analytics:read"} and name in claims["roles"]
        mine = await stubs.roles.GetMyRoles(roles_pb2.GetMyRolesRequest(), metadata=again.md)
        assert [r.name for r in mine.roles] == sorted([name, "user"])

        removed = await stubs.roles.RemoveRole(
            roles_pb2.RemoveRoleRequest(user_id=user.user_id, role_name=name), metadata=admin.md
        )
        assert list(removed.user.roles) == ["user"]
        refreshed = await stubs.auth.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=again.refresh_token))
        assert jwt.get_unverified_claims(refreshed.tokens.access_token)["scope"] == ""

    async def test_bad_role_input_is_refused_with_every_problem_and_nothing_created(
        self, stubs: Stubs, admin: Signed
    ) -> None:
        code, body = await rpc_error(
            stubs.roles.CreateRole(
                roles_pb2.CreateRoleRequest(name="Bad Name!", permissions=["audit:read", "world:destroy"]),
                metadata=admin.md,
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert {e["loc"] for e in body["errors"]} == {"name", "permissions"} and "world:destroy" in body["detail"]
        code, body = await rpc_error(
            stubs.roles.CreateRole(roles_pb2.CreateRoleRequest(name="manager"), metadata=admin.md)
        )
        assert (code, body["code"]) == (grpc.StatusCode.ALREADY_EXISTS, "role_exists")
        listed = await stubs.roles.ListRoles(roles_pb2.ListRolesRequest(), metadata=admin.md)
        assert not [r for r in listed.roles if "bad" in r.name]

    async def test_users_cannot_manage_roles_or_promote_themselves(self, stubs: Stubs) -> None:
        user = await sign_up_and_in(stubs, "sneaky")
        for call in (
            stubs.roles.CreateRole(roles_pb2.CreateRoleRequest(name=unique("r").lower()), metadata=user.md),
            stubs.roles.AssignRole(
                roles_pb2.AssignRoleRequest(user_id=user.user_id, role_name="admin"), metadata=user.md
            ),
        ):
            code, _ = await rpc_error(call)
            assert code == grpc.StatusCode.PERMISSION_DENIED
        me = await stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=user.md)
        assert list(me.user.roles) == ["user"]

    async def test_the_last_active_admin_keeps_the_admin_role(self, stubs: Stubs, admin: Signed) -> None:
        code, body = await rpc_error(
            stubs.roles.RemoveRole(
                roles_pb2.RemoveRoleRequest(user_id=admin.user_id, role_name="admin"), metadata=admin.md
            )
        )
        assert (code, body["code"]) == (grpc.StatusCode.FAILED_PRECONDITION, "last_admin")

    async def test_unknown_user_or_role_is_404(self, stubs: Stubs, admin: Signed) -> None:
        code, body = await rpc_error(
            stubs.roles.AssignRole(
                roles_pb2.AssignRoleRequest(user_id=987654321, role_name="manager"), metadata=admin.md
            )
        )
        assert (code, body["code"]) == (grpc.StatusCode.NOT_FOUND, "user_not_found")
        code, body = await rpc_error(
            stubs.roles.AssignRole(
                roles_pb2.AssignRoleRequest(user_id=admin.user_id, role_name="nope"), metadata=admin.md
            )
        )
        assert (code, body["code"]) == (grpc.StatusCode.NOT_FOUND, "role_not_found")
