"""Who reads the catalog: a signed-in caller, or anyone while the catalog is public.

Every service re-verifies the bearer token of each call, and catalog's and booking's read RPCs
require a verified caller. An anonymous read therefore goes out with the gateway's own token: a
client-credentials token of an OAuth2 client granted no scope, hence no role. We chose this over
letting those read RPCs accept calls without a token: the services keep one rule (every call
carries a verified identity), something inside the network without a token still reads nothing,
closing the catalog stays one gateway setting, and the token is worth less than any user's. It
never leaves the gateway and is used only by the GET routes that depend on `CatalogReader`.
Booking names who booked only to the booker and to managers, and a client is neither; the
gateway blanks those fields for anonymous callers as well (see `hide_bookers`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from rr.auth.v1 import auth_pb2
from rr.booking.v1 import booking_pb2

from rr_common.errors import Unauthenticated
from rr_common.service_tokens import IssuedToken, ServiceTokenProvider, TokenFetcher
from rr_gateway.config import Settings
from rr_gateway.security import bearer, current_caller
from rr_gateway.upstreams import Upstreams


@dataclass(frozen=True)
class Reader:
    metadata: tuple[tuple[str, str], ...]
    anonymous: bool


async def catalog_reader(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Reader:
    settings: Settings = request.app.state.settings
    if credentials is not None or not settings.public_catalog:
        return Reader((await current_caller(request, credentials)).metadata, anonymous=False)
    tokens = _gateway_tokens(request, settings)
    if tokens is None:
        raise Unauthenticated(
            "Sign in first: this server has no client for anonymous browsing (RR_GATEWAY_CLIENT_ID).",
        )
    return Reader(await tokens.metadata(), anonymous=True)


def _gateway_tokens(request: Request, settings: Settings) -> ServiceTokenProvider | None:
    """One provider per app, made on first use: it caches the token until shortly before expiry."""
    provider: ServiceTokenProvider | None = getattr(request.app.state, "gateway_tokens", None)
    if provider is None and settings.client_id:
        provider = ServiceTokenProvider(_fetcher(request.app.state.upstreams, settings))
        request.app.state.gateway_tokens = provider
    return provider


def _fetcher(up: Upstreams, settings: Settings) -> TokenFetcher:
    request = auth_pb2.IssueClientTokenRequest(
        client_id=settings.client_id, client_secret=settings.client_secret.get_secret_value()
    )

    async def fetch() -> IssuedToken:
        answer: auth_pb2.IssueClientTokenResponse = await up.auth.IssueClientToken(request)
        return IssuedToken(answer.tokens.access_token, float(answer.tokens.expires_in))

    return fetch


CatalogReader = Annotated[Reader, Depends(catalog_reader)]


def hide_bookers(answer: booking_pb2.GetResourceScheduleResponse) -> booking_pb2.GetResourceScheduleResponse:
    """Free/busy for an anonymous caller: when, never who (booking hides it already; belt and braces)."""
    for booked in answer.booked:
        booked.ClearField("reservation_id")
        booked.ClearField("user_id")
        booked.ClearField("username")
        booked.mine = False
    return answer
