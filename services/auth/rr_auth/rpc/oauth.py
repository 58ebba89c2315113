"""rr.auth.v1.OAuthService: the authorization-code grant with PKCE and introspection."""

from __future__ import annotations

from typing import TypeAlias

import grpc
from rr.auth.v1 import oauth_pb2, oauth_pb2_grpc

from rr_auth.rpc.guard import rejecting_nul
from rr_auth.rpc.mapping import tokens_pb
from rr_auth.service.authorization import AuthorizationRequest, AuthorizationService
from rr_auth.service.introspection import IntrospectionService
from rr_common.authz import require_principal
from rr_common.db import Database

Context: TypeAlias = grpc.aio.ServicerContext


def _request(message: oauth_pb2.AuthorizationRequest) -> AuthorizationRequest:
    return AuthorizationRequest(
        response_type=message.response_type,
        client_id=message.client_id,
        redirect_uri=message.redirect_uri,
        scope=message.scope,
        state=message.state,
        code_challenge=message.code_challenge,
        code_challenge_method=message.code_challenge_method,
    )


@rejecting_nul
class OAuthServicer(oauth_pb2_grpc.OAuthServiceServicer):
    def __init__(self, db: Database, authorization: AuthorizationService, introspection: IntrospectionService) -> None:
        self.db = db
        self.authorization = authorization
        self.introspection = introspection

    async def CheckAuthorization(
        self, request: oauth_pb2.CheckAuthorizationRequest, context: Context
    ) -> oauth_pb2.CheckAuthorizationResponse:
        async with self.db.reader() as session:
            checked = await self.authorization.check(session, _request(request.request))
            return oauth_pb2.CheckAuthorizationResponse(
                client_id=checked.client.client_id,
                client_name=checked.client.name,
                redirect_uri=request.request.redirect_uri,
                scopes=checked.scopes,
                error=checked.error,
                error_description=checked.error_description,
                redirect_to=checked.redirect_to,
            )

    async def DecideAuthorization(
        self, request: oauth_pb2.DecideAuthorizationRequest, context: Context
    ) -> oauth_pb2.DecideAuthorizationResponse:
        principal = require_principal()
        async with self.db.session() as session:
            target = await self.authorization.decide(session, principal, _request(request.request), request.allow)
        return oauth_pb2.DecideAuthorizationResponse(redirect_to=target)

    async def ExchangeAuthorizationCode(
        self, request: oauth_pb2.ExchangeAuthorizationCodeRequest, context: Context
    ) -> oauth_pb2.ExchangeAuthorizationCodeResponse:
        async with self.db.session() as session:
            pair = await self.authorization.exchange(
                session,
                request.code,
                request.redirect_uri,
                request.client_id,
                request.client_secret,
                request.code_verifier,
            )
        return oauth_pb2.ExchangeAuthorizationCodeResponse(tokens=tokens_pb(pair))

    async def IntrospectToken(
        self, request: oauth_pb2.IntrospectTokenRequest, context: Context
    ) -> oauth_pb2.IntrospectTokenResponse:
        async with self.db.reader() as session:
            seen = await self.introspection.introspect(session, request.client_id, request.client_secret, request.token)
        return oauth_pb2.IntrospectTokenResponse(
            active=seen.active,
            sub=seen.sub,
            client_id=seen.client_id,
            scope=seen.scope,
            exp=seen.exp,
            iat=seen.iat,
            token_type=seen.token_type,
            username=seen.username,
        )
