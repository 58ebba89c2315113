"""gRPC handlers of the password reset by e-mail (AuthService)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import auth_pb2

if TYPE_CHECKING:
    from rr_auth.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


class PasswordResetHandlers:
    app: Services

    async def RequestPasswordReset(
        self, request: auth_pb2.RequestPasswordResetRequest, context: Context
    ) -> auth_pb2.RequestPasswordResetResponse:
        async with self.app.db.session() as session:
            await self.app.resets.request(session, request.login)
        return auth_pb2.RequestPasswordResetResponse()

    async def ConfirmPasswordReset(
        self, request: auth_pb2.ConfirmPasswordResetRequest, context: Context
    ) -> auth_pb2.ConfirmPasswordResetResponse:
        async with self.app.db.session() as session:
            ended = await self.app.resets.confirm(session, request.token, request.new_password)
        return auth_pb2.ConfirmPasswordResetResponse(sessions_revoked=ended)
