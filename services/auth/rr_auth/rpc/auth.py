"""rr.auth.v1.AuthService: accounts, sign-in, tokens, setup, and user look-ups for peers."""

from __future__ import annotations

from typing import TypeAlias

import grpc
from rr.auth.v1 import auth_pb2, auth_pb2_grpc

from rr_auth.errors import BatchTooLarge
from rr_auth.keys import SigningKeys
from rr_auth.permissions import has_permission
from rr_auth.rpc.guard import rejecting_nul
from rr_auth.rpc.mapping import tokens_pb, user_pb
from rr_auth.service.accounts import AccountService
from rr_auth.service.clients import ClientService
from rr_auth.service.common import current_user
from rr_auth.service.deletion import AccountDeletion
from rr_auth.service.password_reset import PasswordResetService
from rr_auth.service.sessions import SessionService
from rr_common.authz import require_principal
from rr_common.db import Database

MAX_BATCH = 500
Context: TypeAlias = grpc.aio.ServicerContext


@rejecting_nul
class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(
        self,
        db: Database,
        accounts: AccountService,
        sessions: SessionService,
        clients: ClientService,
        keys: SigningKeys,
        resets: PasswordResetService,
        deletion: AccountDeletion,
    ) -> None:
        self.db = db
        self.resets = resets
        self.deletion = deletion
        self.accounts = accounts
        self.sessions = sessions
        self.clients = clients
        self.keys = keys

    async def Register(self, request: auth_pb2.RegisterRequest, context: Context) -> auth_pb2.RegisterResponse:
        async with self.db.session() as session:
            user = await self.accounts.register(session, request.username, request.password, request.email)
            return auth_pb2.RegisterResponse(user=user_pb(user))

    async def Login(self, request: auth_pb2.LoginRequest, context: Context) -> auth_pb2.LoginResponse:
        async with self.db.session() as session:
            pair = await self.sessions.login(
                session, request.username, request.password, request.otp, request.backup_code
            )
        return auth_pb2.LoginResponse(tokens=tokens_pb(pair))

    async def RefreshToken(
        self, request: auth_pb2.RefreshTokenRequest, context: Context
    ) -> auth_pb2.RefreshTokenResponse:
        async with self.db.session() as session:
            pair = await self.sessions.refresh(session, request.refresh_token)
        return auth_pb2.RefreshTokenResponse(tokens=tokens_pb(pair))

    async def Logout(self, request: auth_pb2.LogoutRequest, context: Context) -> auth_pb2.LogoutResponse:
        principal = require_principal()
        async with self.db.session() as session:
            await self.sessions.logout(session, principal, request.refresh_token)
        return auth_pb2.LogoutResponse()

    async def RevokeToken(self, request: auth_pb2.RevokeTokenRequest, context: Context) -> auth_pb2.RevokeTokenResponse:
        async with self.db.session() as session:
            if request.client_id:
                # The client the token was issued to, authenticated by its credentials (RFC 7009 section 2.1).
                client = await self.clients.verify(session, request.client_id, request.client_secret)
                revoked = await self.sessions.revoke(session, None, request.token, client)
            else:
                revoked = await self.sessions.revoke(session, require_principal(), request.token)
        return auth_pb2.RevokeTokenResponse(revoked=revoked)

    async def GetMe(self, request: auth_pb2.GetMeRequest, context: Context) -> auth_pb2.GetMeResponse:
        principal = require_principal()
        async with self.db.session() as session:
            return auth_pb2.GetMeResponse(user=user_pb(await current_user(session, principal)))

    async def ChangePassword(
        self, request: auth_pb2.ChangePasswordRequest, context: Context
    ) -> auth_pb2.ChangePasswordResponse:
        principal = require_principal()
        async with self.db.session() as session:
            ended = await self.accounts.change_password(
                session, principal, request.current_password, request.new_password
            )
        return auth_pb2.ChangePasswordResponse(sessions_revoked=ended)

    async def GetUsers(self, request: auth_pb2.GetUsersRequest, context: Context) -> auth_pb2.GetUsersResponse:
        principal = require_principal()
        if len(request.ids) > MAX_BATCH:
            raise BatchTooLarge(f"Ask for at most {MAX_BATCH} users at a time.")
        # Anyone signed in may resolve ids to names; e-mail addresses only with users:read.
        full = has_permission(principal, "users:read")
        async with self.db.session() as session:
            users = await self.accounts.directory(session, request.ids)
            return auth_pb2.GetUsersResponse(
                users=[user_pb(u, with_email=full or u.id == principal.user_id) for u in users]
            )

    async def GetJwks(self, request: auth_pb2.GetJwksRequest, context: Context) -> auth_pb2.GetJwksResponse:
        return auth_pb2.GetJwksResponse(jwks_json=self.keys.jwks_json)

    async def GetSetupStatus(
        self, request: auth_pb2.GetSetupStatusRequest, context: Context
    ) -> auth_pb2.GetSetupStatusResponse:
        async with self.db.session() as session:
            needs = await self.accounts.needs_setup(session)
        return auth_pb2.GetSetupStatusResponse(needs_setup=needs)

    async def InitializeSetup(
        self, request: auth_pb2.InitializeSetupRequest, context: Context
    ) -> auth_pb2.InitializeSetupResponse:
        async with self.db.session() as session:
            user = await self.accounts.initialize_setup(session, request.username, request.password, request.email)
            return auth_pb2.InitializeSetupResponse(user=user_pb(user))

    async def IssueClientToken(
        self, request: auth_pb2.IssueClientTokenRequest, context: Context
    ) -> auth_pb2.IssueClientTokenResponse:
        async with self.db.session() as session:
            pair = await self.clients.issue_token(
                session, request.client_id, request.client_secret, list(request.scopes)
            )
        return auth_pb2.IssueClientTokenResponse(tokens=tokens_pb(pair))

    async def RequestPasswordReset(
        self, request: auth_pb2.RequestPasswordResetRequest, context: Context
    ) -> auth_pb2.RequestPasswordResetResponse:
        async with self.db.session() as session:
            await self.resets.request(session, request.login)
        return auth_pb2.RequestPasswordResetResponse()

    async def ConfirmPasswordReset(
        self, request: auth_pb2.ConfirmPasswordResetRequest, context: Context
    ) -> auth_pb2.ConfirmPasswordResetResponse:
        async with self.db.session() as session:
            ended = await self.resets.confirm(session, request.token, request.new_password)
        return auth_pb2.ConfirmPasswordResetResponse(sessions_revoked=ended)

    async def DeleteMe(self, request: auth_pb2.DeleteMeRequest, context: Context) -> auth_pb2.DeleteMeResponse:
        principal = require_principal()
        async with self.db.session() as session:
            user_id = await self.deletion.delete_me(session, principal, request.password, request.otp)
        return auth_pb2.DeleteMeResponse(user_id=user_id)
