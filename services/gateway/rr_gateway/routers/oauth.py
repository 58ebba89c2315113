"""OAuth2 clients (needs clients:manage, enforced by auth) and token revocation (RFC 7009)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, status
from rr.auth.v1 import auth_pb2, clients_pb2, clients_pb2_grpc
from rr.common.v1 import common_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.auth_oauth import ClientCreatedOut, ClientIn, ClientOut, ClientRevokedOut, TokenRevokedOut
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/oauth", tags=["oauth"], responses=ERROR_RESPONSES)
ClientId = Annotated[str, Path(min_length=1, max_length=64)]


async def _stub(up: UpstreamsDep) -> clients_pb2_grpc.ClientServiceStub:
    return clients_pb2_grpc.ClientServiceStub(up.channels["auth"])


Clients = Annotated[clients_pb2_grpc.ClientServiceStub, Depends(_stub)]


@router.post("/clients", status_code=status.HTTP_201_CREATED, response_model=ClientCreatedOut, summary="Register a client (secret shown once)")
async def create_client(body: ClientIn, caller: CurrentCaller, clients: Clients) -> ClientCreatedOut:
    request = clients_pb2.CreateClientRequest(name=body.client_name, scopes=body.scope.split())
    answer = await clients.CreateClient(request, metadata=caller.metadata)
    return ClientCreatedOut(
        **ClientOut.of(answer.client).model_dump(), client_secret=answer.client_secret, redirect_uris=body.redirect_uris,
        message="Store the client_secret now: it is not shown again. Get tokens with grant_type=client_credentials at /api/v1/token.",
    )


@router.get("/clients", response_model=Page[ClientOut], summary="Registered clients")
async def list_clients(
    caller: CurrentCaller,
    clients: Clients,
    include_revoked: bool = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Page[ClientOut]:
    request = clients_pb2.ListClientsRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor), include_revoked=include_revoked)
    answer = await clients.ListClients(request, metadata=caller.metadata)
    return page_of([ClientOut.of(c) for c in answer.clients], answer.page)


@router.delete("/clients/{client_id}", response_model=ClientRevokedOut, summary="Revoke a client: it gets no more tokens")
async def revoke_client(client_id: ClientId, caller: CurrentCaller, clients: Clients) -> ClientRevokedOut:
    answer = await clients.RevokeClient(clients_pb2.RevokeClientRequest(client_id=client_id), metadata=caller.metadata)
    return ClientRevokedOut(message="The client is revoked; tokens it holds expire within minutes.", client=ClientOut.of(answer.client))


@router.post("/revoke", response_model=TokenRevokedOut, summary="Revoke a refresh token and its session (RFC 7009)")
async def revoke_token(
    caller: CurrentCaller,
    up: UpstreamsDep,
    token: Annotated[str, Form(min_length=1, max_length=4096)],
    token_type_hint: Annotated[str, Form(max_length=50)] = "",
) -> TokenRevokedOut:
    answer = await up.auth.RevokeToken(auth_pb2.RevokeTokenRequest(token=token, token_type_hint=token_type_hint), metadata=caller.metadata)
    # RFC 7009: an unknown token is not an error; `revoked` says whether a session ended.
    return TokenRevokedOut(message="Token revoked." if answer.revoked else "Nothing to revoke.", revoked=answer.revoked)
