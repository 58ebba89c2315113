"""rr.auth.v1.RoleService."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import roles_pb2, roles_pb2_grpc

from rr_auth.guard import rejecting_nul
from rr_auth.mapping import role_pb, user_pb
from rr_auth.roles.domain import PERMISSIONS
from rr_common.authz import require_principal

if TYPE_CHECKING:
    from rr_auth.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


@rejecting_nul
class RoleServicer(roles_pb2_grpc.RoleServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ListRoles(self, request: roles_pb2.ListRolesRequest, context: Context) -> roles_pb2.ListRolesResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            roles = await self.app.roles.list_roles(session, principal)
            return roles_pb2.ListRolesResponse(
                roles=[role_pb(r) for r in roles],
                permissions=[roles_pb2.Permission(name=n, description=d) for n, d in PERMISSIONS.items()],
            )

    async def CreateRole(self, request: roles_pb2.CreateRoleRequest, context: Context) -> roles_pb2.CreateRoleResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            role = await self.app.roles.create_role(
                session, principal, request.name, request.description, list(request.permissions)
            )
            return roles_pb2.CreateRoleResponse(role=role_pb(role))

    async def AssignRole(self, request: roles_pb2.AssignRoleRequest, context: Context) -> roles_pb2.AssignRoleResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            user = await self.app.roles.assign(session, principal, request.user_id, request.username, request.role_name)
            return roles_pb2.AssignRoleResponse(user=user_pb(user))

    async def RemoveRole(self, request: roles_pb2.RemoveRoleRequest, context: Context) -> roles_pb2.RemoveRoleResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            user = await self.app.roles.remove(session, principal, request.user_id, request.username, request.role_name)
            return roles_pb2.RemoveRoleResponse(user=user_pb(user))

    async def GetMyRoles(self, request: roles_pb2.GetMyRolesRequest, context: Context) -> roles_pb2.GetMyRolesResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            return roles_pb2.GetMyRolesResponse(
                roles=[role_pb(r) for r in await self.app.roles.my_roles(session, principal)]
            )
