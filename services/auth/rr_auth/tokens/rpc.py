"""gRPC handlers of tokens (AuthService): the JWKS document and the client-credentials grant."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import auth_pb2

from rr_auth.mapping import tokens_pb

if TYPE_CHECKING:
    from rr_auth.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


class TokenHandlers:
    app: Services

    async def GetJwks(self, request: auth_pb2.GetJwksRequest, context: Context) -> auth_pb2.GetJwksResponse:
        return auth_pb2.GetJwksResponse(jwks_json=self.app.keys.jwks_json)

    async def IssueClientToken(
        self, request: auth_pb2.IssueClientTokenRequest, context: Context
    ) -> auth_pb2.IssueClientTokenResponse:
        async with self.app.db.session() as session:
            pair = await self.app.clients.issue_token(
                session, request.client_id, request.client_secret, list(request.scopes)
            )
        return auth_pb2.IssueClientTokenResponse(tokens=tokens_pb(pair))
