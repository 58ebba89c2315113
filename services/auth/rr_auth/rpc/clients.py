"""rr.auth.v1.ClientService."""

from __future__ import annotations

from typing import TypeAlias

import grpc
from rr.auth.v1 import clients_pb2, clients_pb2_grpc
from rr.common.v1 import common_pb2

from rr_auth.rpc.guard import rejecting_nul
from rr_auth.rpc.mapping import client_pb
from rr_auth.service.clients import ClientService
from rr_common.authz import require_principal
from rr_common.db import Database

Context: TypeAlias = grpc.aio.ServicerContext


@rejecting_nul
class ClientServicer(clients_pb2_grpc.ClientServiceServicer):
    def __init__(self, db: Database, clients: ClientService) -> None:
        self.db = db
        self.clients = clients

    async def CreateClient(
        self, request: clients_pb2.CreateClientRequest, context: Context
    ) -> clients_pb2.CreateClientResponse:
        principal = require_principal()
        async with self.db.session() as session:
            created = await self.clients.create(
                session, principal, request.name, list(request.scopes), list(request.redirect_uris), request.public
            )
            return clients_pb2.CreateClientResponse(client=client_pb(created.client), client_secret=created.secret)

    async def ListClients(
        self, request: clients_pb2.ListClientsRequest, context: Context
    ) -> clients_pb2.ListClientsResponse:
        principal = require_principal()
        async with self.db.session() as session:
            page = await self.clients.list(
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
        async with self.db.session() as session:
            return clients_pb2.RevokeClientResponse(
                client=client_pb(await self.clients.revoke(session, principal, request.client_id))
            )

    async def VerifyClientCredentials(
        self, request: clients_pb2.VerifyClientCredentialsRequest, context: Context
    ) -> clients_pb2.VerifyClientCredentialsResponse:
        async with self.db.session() as session:
            client = await self.clients.verify(session, request.client_id, request.client_secret)
            return clients_pb2.VerifyClientCredentialsResponse(client=client_pb(client))
