"""rr.auth.v1.UserAdminService."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import admin_pb2, admin_pb2_grpc
from rr.common.v1 import common_pb2

from rr_auth.guard import rejecting_nul
from rr_auth.mapping import user_pb
from rr_common.authz import require_principal

if TYPE_CHECKING:
    from rr_auth.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


@rejecting_nul
class UserAdminServicer(admin_pb2_grpc.UserAdminServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ListUsers(self, request: admin_pb2.ListUsersRequest, context: Context) -> admin_pb2.ListUsersResponse:
        principal = require_principal()
        is_active = request.is_active if request.HasField("is_active") else None
        async with self.app.db.session() as session:
            page = await self.app.user_admin.list_users(
                session, principal, request.page.limit, request.page.cursor, request.query, is_active, request.role
            )
            return admin_pb2.ListUsersResponse(
                users=[user_pb(user, locked) for user, locked in page.users],
                page=common_pb2.PageInfo(
                    next_cursor=page.next_cursor,
                    has_more=bool(page.next_cursor),
                    total_count=page.total,
                    prev_cursor=page.prev_cursor,
                ),
            )

    async def ResetPassword(
        self, request: admin_pb2.ResetPasswordRequest, context: Context
    ) -> admin_pb2.ResetPasswordResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            done = await self.app.user_admin.reset_password(
                session, principal, request.user_id, request.username, request.new_password
            )
            return admin_pb2.ResetPasswordResponse(user=user_pb(done.user, done.locked_until))

    async def UnlockUser(self, request: admin_pb2.UnlockUserRequest, context: Context) -> admin_pb2.UnlockUserResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            done = await self.app.user_admin.unlock(session, principal, request.user_id)
            return admin_pb2.UnlockUserResponse(user=user_pb(done.user, done.locked_until))

    async def DeactivateUser(
        self, request: admin_pb2.DeactivateUserRequest, context: Context
    ) -> admin_pb2.DeactivateUserResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            done = await self.app.user_admin.deactivate(session, principal, request.user_id)
            return admin_pb2.DeactivateUserResponse(user=user_pb(done.user, done.locked_until))

    async def ActivateUser(
        self, request: admin_pb2.ActivateUserRequest, context: Context
    ) -> admin_pb2.ActivateUserResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            done = await self.app.user_admin.activate(session, principal, request.user_id)
            return admin_pb2.ActivateUserResponse(user=user_pb(done.user, done.locked_until))
