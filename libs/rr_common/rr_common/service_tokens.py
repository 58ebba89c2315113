"""Service tokens: work a service does on its own (a waitlist offer, a reminder) is done with an
access token from auth's OAuth2 client-credentials grant, not with a user's token.

`ServiceTokenProvider` caches the token and fetches a new one before it expires; concurrent
callers share one fetch. If auth is briefly unreachable, the cached token is used while it is
still valid.

    tokens = ServiceTokenProvider.from_grpc(settings.auth_target, client_id, client_secret)
    await booking.PlaceHold(request, metadata=await tokens.metadata())
    # or, for every call made inside the block by channels from rr_common.grpc_client:
    async with tokens.acting():
        await booking.PlaceHold(request)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

import grpc
from rr.auth.v1 import auth_pb2, auth_pb2_grpc

from rr_common.context import bearer_token_var
from rr_common.errors import from_rpc_error
from rr_common.grpc_client import create_channel
from rr_common.logs import get_logger

log = get_logger("rr.service_tokens")


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: float


TokenFetcher = Callable[[], Awaitable[IssuedToken]]


class ServiceTokenProvider:
    def __init__(
        self,
        fetch: TokenFetcher,
        refresh_margin_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._margin = refresh_margin_seconds
        self._clock = clock
        self._token = ""
        self._refresh_at = 0.0
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    @classmethod
    def from_grpc(
        cls,
        auth_target: str,
        client_id: str,
        client_secret: str,
        scopes: Sequence[str] = (),
        refresh_margin_seconds: float = 60.0,
    ) -> ServiceTokenProvider:
        return cls(grpc_client_credentials(auth_target, client_id, client_secret, scopes), refresh_margin_seconds)

    async def token(self) -> str:
        if self._token and self._clock() < self._refresh_at:
            return self._token
        async with self._lock:
            now = self._clock()
            if self._token and now < self._refresh_at:
                return self._token  # another caller refreshed while we waited
            try:
                issued = await self._fetch()
            except Exception as exc:
                if self._token and now < self._expires_at:
                    log.warning(
                        "service token refresh failed; using the cached one", error=str(exc) or type(exc).__name__
                    )
                    return self._token
                raise
            self._token = issued.access_token
            self._expires_at = now + issued.expires_in
            # Refresh `margin` seconds before expiry; short-lived tokens half-way through.
            self._refresh_at = now + max(issued.expires_in - self._margin, issued.expires_in / 2)
            return self._token

    def invalidate(self) -> None:
        """Forget the cached token (e.g. a peer refused it after a key rotation)."""
        self._token = ""
        self._refresh_at = self._expires_at = 0.0

    async def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {await self.token()}"),)

    @asynccontextmanager
    async def acting(self) -> AsyncIterator[None]:
        """gRPC calls made inside the block carry the service token instead of any user's."""
        reset = bearer_token_var.set(await self.token())
        try:
            yield
        finally:
            bearer_token_var.reset(reset)


def grpc_client_credentials(
    auth_target: str, client_id: str, client_secret: str, scopes: Sequence[str] = ()
) -> TokenFetcher:
    stub = auth_pb2_grpc.AuthServiceStub(create_channel(auth_target, default_timeout=3.0))
    request = auth_pb2.IssueClientTokenRequest(client_id=client_id, client_secret=client_secret, scopes=list(scopes))

    async def fetch() -> IssuedToken:
        # Never forward whatever user token is in context: this call authenticates by secret.
        reset = bearer_token_var.set("")
        try:
            answer: auth_pb2.IssueClientTokenResponse = await stub.IssueClientToken(request)
        except grpc.aio.AioRpcError as exc:
            raise from_rpc_error(exc, "auth") from exc
        finally:
            bearer_token_var.reset(reset)
        return IssuedToken(answer.tokens.access_token, float(answer.tokens.expires_in))

    return fetch
