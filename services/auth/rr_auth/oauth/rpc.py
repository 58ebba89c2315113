"""rr.auth.v1.ClientService (registering and revoking OAuth2 clients) and rr.auth.v1.OAuthService
(the authorization-code grant with PKCE, introspection)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import clients_pb2, clients_pb2_grpc, oauth_pb2, oauth_pb2_grpc
from rr.common.v1 import common_pb2

from rr_auth.guard import rejecting_nul
from rr_auth.mapping import client_pb, tokens_pb
from rr_auth.oauth.authorization import AuthorizationRequest
from rr_common.authz import require_principal

if TYPE_CHECKING:
    from rr_auth.wiring import Services

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
    def __init__(self, app: Services) -> None:
        self.app = app

    async def CheckAuthorization(
        self, request: oauth_pb2.CheckAuthorizationRequest, context: Context
    ) -> oauth_pb2.CheckAuthorizationResponse:
        async with self.app.db.reader() as session:
            checked = await self.app.authorization.check(session, _request(request.request))
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
        async with self.app.db.session() as session:
            target = await self.app.authorization.decide(session, principal, _request(request.request), request.allow)
        return oauth_pb2.DecideAuthorizationResponse(redirect_to=target)

    async def ExchangeAuthorizationCode(
        self, request: oauth_pb2.ExchangeAuthorizationCodeRequest, context: Context
    ) -> oauth_pb2.ExchangeAuthorizationCodeResponse:
        async with self.app.db.session() as session:
            pair = await self.app.authorization.exchange(
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
        async with self.app.db.reader() as session:
            seen = await self.app.introspection.introspect(
                session, request.client_id, request.client_secret, request.token
            )
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


@rejecting_nul
class ClientServicer(clients_pb2_grpc.ClientServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def CreateClient(
        self, request: clients_pb2.CreateClientRequest, context: Context
    ) -> clients_pb2.CreateClientResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            created = await self.app.clients.create(
                session, principal, request.name, list(request.scopes), list(request.redirect_uris), request.public
            )
            return clients_pb2.CreateClientResponse(client=client_pb(created.client), client_secret=created.secret)

    async def ListClients(
        self, request: clients_pb2.ListClientsRequest, context: Context
    ) -> clients_pb2.ListClientsResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            page = await self.app.clients.list(
                session, principal, request.page.limit, request.page.cursor, request.include_revoked
            )
            return clients_pb2.ListClientsResponse(
                clients=[client_pb(c) for c in page.clients],
                page=common_pb2.PageInfo(
                    next_cursor=page.next_cursor, has_more=bool(page.next_cursor), prev_cursor=page.prev_cursor
                ),
            )

    async def RevokeClient(
        self, request: clients_pb2.RevokeClientRequest, context: Context
    ) -> clients_pb2.RevokeClientResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            return clients_pb2.RevokeClientResponse(
                client=client_pb(await self.app.clients.revoke(session, principal, request.client_id))
            )

    async def VerifyClientCredentials(
        self, request: clients_pb2.VerifyClientCredentialsRequest, context: Context
    ) -> clients_pb2.VerifyClientCredentialsResponse:
        async with self.app.db.session() as session:
            client = await self.app.clients.verify(session, request.client_id, request.client_secret)
            return clients_pb2.VerifyClientCredentialsResponse(client=client_pb(client))
