"""OAuth2 clients (needs clients:manage, enforced by auth), the authorization-code grant with
PKCE (the consent screen is the web app's /oauth/consent), token introspection (RFC 7662) and
revocation (RFC 7009)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request, status
from fastapi.responses import RedirectResponse
from fastapi.security import HTTPAuthorizationCredentials
from rr.auth.v1 import auth_pb2, clients_pb2, clients_pb2_grpc, oauth_pb2, oauth_pb2_grpc
from rr.common.v1 import common_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.routers.auth import client_credentials
from rr_gateway.schemas.auth_oauth import (
    AuthorizationDetailsOut,
    AuthorizeIn,
    AuthorizeOut,
    ClientCreatedOut,
    ClientIn,
    ClientOut,
    ClientRevokedOut,
    IntrospectionOut,
    TokenRevokedOut,
)
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.security import CurrentCaller, bearer, current_caller

router = APIRouter(prefix="/oauth", tags=["oauth"], responses=ERROR_RESPONSES)
ClientId = Annotated[str, Path(min_length=1, max_length=64)]


async def _stub(up: UpstreamsDep) -> clients_pb2_grpc.ClientServiceStub:
    return up.clients


Clients = Annotated[clients_pb2_grpc.ClientServiceStub, Depends(_stub)]


async def _oauth_stub(up: UpstreamsDep) -> oauth_pb2_grpc.OAuthServiceStub:
    return up.oauth


OAuth = Annotated[oauth_pb2_grpc.OAuthServiceStub, Depends(_oauth_stub)]
CONSENT_PAGE = "/oauth/consent"


@router.post(
    "/clients",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientCreatedOut,
    summary="Register a client (secret shown once)",
)
async def create_client(body: ClientIn, caller: CurrentCaller, clients: Clients) -> ClientCreatedOut:
    request = clients_pb2.CreateClientRequest(
        name=body.client_name, scopes=body.scope.split(), redirect_uris=body.redirect_uris, public=body.public
    )
    answer = await clients.CreateClient(request, metadata=caller.metadata)
    message = (
        "A public client has no secret: send users to /api/v1/oauth/authorize with PKCE (S256)."
        if body.public
        else "Store the client_secret now: it is not shown again. Get tokens at /api/v1/token "
        "(grant_type=client_credentials, or authorization_code with PKCE for registered redirect URIs)."
    )
    return ClientCreatedOut(
        **ClientOut.of(answer.client).model_dump(), client_secret=answer.client_secret, message=message
    )


@router.get("/clients", response_model=Page[ClientOut], summary="Registered clients")
async def list_clients(
    caller: CurrentCaller,
    clients: Clients,
    include_revoked: bool = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Page[ClientOut]:
    request = clients_pb2.ListClientsRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor), include_revoked=include_revoked
    )
    answer = await clients.ListClients(request, metadata=caller.metadata)
    return page_of([ClientOut.of(c) for c in answer.clients], answer.page)


@router.delete(
    "/clients/{client_id}", response_model=ClientRevokedOut, summary="Revoke a client: it gets no more tokens"
)
async def revoke_client(client_id: ClientId, caller: CurrentCaller, clients: Clients) -> ClientRevokedOut:
    answer = await clients.RevokeClient(clients_pb2.RevokeClientRequest(client_id=client_id), metadata=caller.metadata)
    return ClientRevokedOut(
        message="The client is revoked; tokens it holds expire within minutes.", client=ClientOut.of(answer.client)
    )


def _authorization_request(
    client_id: str,
    redirect_uri: str,
    response_type: str,
    scope: str,
    state: str,
    code_challenge: str,
    code_challenge_method: str,
) -> oauth_pb2.AuthorizationRequest:
    return oauth_pb2.AuthorizationRequest(
        response_type=response_type,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=state,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
    )


def _authorization_query(
    client_id: Annotated[str, Query(min_length=1, max_length=64)],
    redirect_uri: Annotated[str, Query(min_length=1, max_length=500)],
    response_type: Annotated[str, Query(max_length=20)] = "",
    scope: Annotated[str, Query(max_length=1000)] = "",
    state: Annotated[str, Query(max_length=500)] = "",
    code_challenge: Annotated[str, Query(max_length=128)] = "",
    code_challenge_method: Annotated[str, Query(max_length=20)] = "",
) -> oauth_pb2.AuthorizationRequest:
    """The query of GET /authorize, which the consent screen passes on to /authorize/details."""
    return _authorization_request(
        client_id, redirect_uri, response_type, scope, state, code_challenge, code_challenge_method
    )


AuthorizationQuery = Annotated[oauth_pb2.AuthorizationRequest, Depends(_authorization_query)]


@router.get(
    "/authorize",
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    summary="Start the authorization-code grant (PKCE S256): on to the consent screen",
    responses={
        302: {
            "description": "To the web app's consent screen; or to the app's redirect_uri with `error` (RFC 6749 4.1.2.1)"
        },
        422: {"description": "Unknown client or unregistered redirect_uri: shown, never redirected"},
    },
)
async def authorize(oauth: OAuth, request: AuthorizationQuery) -> RedirectResponse:
    checked = await oauth.CheckAuthorization(oauth_pb2.CheckAuthorizationRequest(request=request))
    if checked.error:
        return RedirectResponse(checked.redirect_to, status_code=status.HTTP_302_FOUND)
    query = {
        "response_type": request.response_type,
        "client_id": request.client_id,
        "redirect_uri": request.redirect_uri,
        "scope": request.scope,
        "state": request.state,
        "code_challenge": request.code_challenge,
        "code_challenge_method": request.code_challenge_method,
    }
    return RedirectResponse(f"{CONSENT_PAGE}?{urlencode(query)}", status_code=status.HTTP_302_FOUND)


@router.get(
    "/authorize/details",
    response_model=AuthorizationDetailsOut,
    response_model_exclude_none=True,
    summary="What the consent screen shows: the app's name and the scopes it asks for",
)
async def authorize_details(
    caller: CurrentCaller, oauth: OAuth, request: AuthorizationQuery
) -> AuthorizationDetailsOut:
    checked = await oauth.CheckAuthorization(
        oauth_pb2.CheckAuthorizationRequest(request=request), metadata=caller.metadata
    )
    return AuthorizationDetailsOut(
        client_id=checked.client_id,
        client_name=checked.client_name,
        redirect_uri=checked.redirect_uri,
        scopes=list(checked.scopes),
        error=checked.error or None,
        error_description=checked.error_description or None,
        redirect_to=checked.redirect_to or None,
    )


@router.post(
    "/authorize", response_model=AuthorizeOut, summary="The signed-in user allows or denies an app (consent screen)"
)
async def decide(body: AuthorizeIn, caller: CurrentCaller, oauth: OAuth) -> AuthorizeOut:
    request = _authorization_request(
        body.client_id,
        body.redirect_uri,
        body.response_type,
        body.scope,
        body.state,
        body.code_challenge,
        body.code_challenge_method,
    )
    answer = await oauth.DecideAuthorization(
        oauth_pb2.DecideAuthorizationRequest(request=request, allow=body.allow), metadata=caller.metadata
    )
    return AuthorizeOut(redirect_to=answer.redirect_to)


@router.post(
    "/introspect",
    response_model=IntrospectionOut,
    response_model_exclude_none=True,
    summary="Is this token active? (RFC 7662; confidential clients, about their own tokens)",
    responses={401: {"description": "Missing or wrong client credentials (`code: invalid_client`)"}},
)
async def introspect(
    request: Request,
    oauth: OAuth,
    token: Annotated[str, Form(min_length=1, max_length=4096)],
    token_type_hint: Annotated[str, Form(max_length=50)] = "",
    client_id: Annotated[str, Form(max_length=64)] = "",
    client_secret: Annotated[str, Form(max_length=256)] = "",
) -> IntrospectionOut:
    client_id, client_secret = client_credentials(request, client_id, client_secret)
    seen = await oauth.IntrospectToken(
        oauth_pb2.IntrospectTokenRequest(
            client_id=client_id,
            client_secret=client_secret,
            token=token,
            token_type_hint=token_type_hint,
        )
    )
    if not seen.active:
        return IntrospectionOut(active=False)
    return IntrospectionOut(
        active=True,
        sub=seen.sub,
        client_id=seen.client_id,
        scope=seen.scope,
        exp=seen.exp,
        iat=seen.iat,
        token_type=seen.token_type,
        username=seen.username or None,
    )


@router.post(
    "/revoke",
    response_model=TokenRevokedOut,
    summary="Revoke a token and its session (RFC 7009): by the signed-in user, or by the client it was issued to",
)
async def revoke_token(
    request: Request,
    up: UpstreamsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    token: Annotated[str, Form(min_length=1, max_length=4096)],
    token_type_hint: Annotated[str, Form(max_length=50)] = "",
    client_id: Annotated[str, Form(max_length=64)] = "",
    client_secret: Annotated[str, Form(max_length=256)] = "",
) -> TokenRevokedOut:
    message = auth_pb2.RevokeTokenRequest(token=token, token_type_hint=token_type_hint)
    if client_id or request.headers.get("authorization", "")[:6].lower() == "basic ":
        message.client_id, message.client_secret = client_credentials(request, client_id, client_secret)
        answer = await up.auth.RevokeToken(message)
    else:
        caller = await current_caller(request, credentials)
        answer = await up.auth.RevokeToken(message, metadata=caller.metadata)
    # RFC 7009: an unknown token is not an error; `revoked` says whether a session ended.
    return TokenRevokedOut(message="Token revoked." if answer.revoked else "Nothing to revoke.", revoked=answer.revoked)
