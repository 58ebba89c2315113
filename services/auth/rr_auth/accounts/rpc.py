"""gRPC handlers of accounts (AuthService): register, first-run setup, the caller's own account
(profile, password, deletion) and user look-ups for peers."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import auth_pb2

from rr_auth.accounts.lookup import current_user
from rr_auth.errors import BatchTooLarge
from rr_auth.mapping import user_pb
from rr_auth.roles.domain import has_permission
from rr_common.authz import require_principal

if TYPE_CHECKING:
    from rr_auth.wiring import Services

MAX_BATCH = 500
Context: TypeAlias = grpc.aio.ServicerContext


class AccountHandlers:
    app: Services

    async def Register(self, request: auth_pb2.RegisterRequest, context: Context) -> auth_pb2.RegisterResponse:
        async with self.app.db.session() as session:
            user = await self.app.accounts.register(session, request.username, request.password, request.email)
            return auth_pb2.RegisterResponse(user=user_pb(user))

    async def GetMe(self, request: auth_pb2.GetMeRequest, context: Context) -> auth_pb2.GetMeResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            return auth_pb2.GetMeResponse(user=user_pb(await current_user(session, principal)))

    async def ChangePassword(
        self, request: auth_pb2.ChangePasswordRequest, context: Context
    ) -> auth_pb2.ChangePasswordResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            ended = await self.app.accounts.change_password(
                session, principal, request.current_password, request.new_password
            )
        return auth_pb2.ChangePasswordResponse(sessions_revoked=ended)

    async def GetUsers(self, request: auth_pb2.GetUsersRequest, context: Context) -> auth_pb2.GetUsersResponse:
        principal = require_principal()
        if len(request.ids) > MAX_BATCH:
            raise BatchTooLarge(f"Ask for at most {MAX_BATCH} users at a time.")
        # Anyone signed in may resolve ids to names; e-mail addresses only with users:read.
        full = has_permission(principal, "users:read")
        async with self.app.db.session() as session:
            users = await self.app.accounts.directory(session, request.ids)
            return auth_pb2.GetUsersResponse(
                users=[user_pb(u, with_email=full or u.id == principal.user_id) for u in users]
            )

    async def GetSetupStatus(
        self, request: auth_pb2.GetSetupStatusRequest, context: Context
    ) -> auth_pb2.GetSetupStatusResponse:
        async with self.app.db.session() as session:
            needs = await self.app.accounts.needs_setup(session)
        return auth_pb2.GetSetupStatusResponse(needs_setup=needs)

    async def InitializeSetup(
        self, request: auth_pb2.InitializeSetupRequest, context: Context
    ) -> auth_pb2.InitializeSetupResponse:
        async with self.app.db.session() as session:
            user = await self.app.accounts.initialize_setup(session, request.username, request.password, request.email)
            return auth_pb2.InitializeSetupResponse(user=user_pb(user))

    async def DeleteMe(self, request: auth_pb2.DeleteMeRequest, context: Context) -> auth_pb2.DeleteMeResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            user_id = await self.app.deletion.delete_me(session, principal, request.password, request.otp)
        return auth_pb2.DeleteMeResponse(user_id=user_id)
