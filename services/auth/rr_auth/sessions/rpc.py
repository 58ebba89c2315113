"""gRPC handlers of sessions (AuthService): sign-in, refresh, sign-out and token revocation."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import auth_pb2

from rr_auth.mapping import tokens_pb
from rr_common.authz import require_principal

if TYPE_CHECKING:
    from rr_auth.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


class SessionHandlers:
    app: Services

    async def Login(self, request: auth_pb2.LoginRequest, context: Context) -> auth_pb2.LoginResponse:
        async with self.app.db.session() as session:
            pair = await self.app.sessions.login(
                session, request.username, request.password, request.otp, request.backup_code
            )
        return auth_pb2.LoginResponse(tokens=tokens_pb(pair))

    async def RefreshToken(
        self, request: auth_pb2.RefreshTokenRequest, context: Context
    ) -> auth_pb2.RefreshTokenResponse:
        async with self.app.db.session() as session:
            pair = await self.app.sessions.refresh(session, request.refresh_token)
        return auth_pb2.RefreshTokenResponse(tokens=tokens_pb(pair))

    async def Logout(self, request: auth_pb2.LogoutRequest, context: Context) -> auth_pb2.LogoutResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            await self.app.sessions.logout(session, principal, request.refresh_token)
        return auth_pb2.LogoutResponse()

    async def RevokeToken(self, request: auth_pb2.RevokeTokenRequest, context: Context) -> auth_pb2.RevokeTokenResponse:
        async with self.app.db.session() as session:
            if request.client_id:
                # The client the token was issued to, authenticated by its credentials (RFC 7009 section 2.1).
                client = await self.app.clients.verify(session, request.client_id, request.client_secret)
                revoked = await self.app.sessions.revoke(session, None, request.token, client)
            else:
                revoked = await self.app.sessions.revoke(session, require_principal(), request.token)
        return auth_pb2.RevokeTokenResponse(revoked=revoked)
