"""Notify's calls to auth: a service access token from the client-credentials grant (cached
until shortly before it expires), and the batch look-up of users notify has not heard of yet."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable

from rr.auth.v1 import auth_pb2, auth_pb2_grpc

TokenSource = Callable[[], Awaitable[str]]


class ClientTokenSource:
    def __init__(self, auth: auth_pb2_grpc.AuthServiceStub, client_id: str, client_secret: str) -> None:
        self.auth = auth
        self.client_id = client_id
        self.client_secret = client_secret
        self._token = ""
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def __call__(self) -> str:
        async with self._lock:
            if time.monotonic() >= self._expires:
                answer = await self.auth.IssueClientToken(
                    auth_pb2.IssueClientTokenRequest(client_id=self.client_id, client_secret=self.client_secret)
                )
                self._token = answer.tokens.access_token
                self._expires = time.monotonic() + max(answer.tokens.expires_in - 30, 5)
            return self._token


class AuthClient:
    def __init__(self, stub: auth_pb2_grpc.AuthServiceStub, token_source: TokenSource) -> None:
        self.stub = stub
        # Auth answers GetUsers only to a signed-in caller: notify needs a service token.
        self.token_source = token_source

    async def users(self, user_ids: Iterable[int]) -> list[auth_pb2.User]:
        """The users auth knows among `user_ids`, in one call; raises what gRPC (or the token) raised."""
        wanted = set(user_ids)
        token = await self.token_source()
        answer = await self.stub.GetUsers(
            auth_pb2.GetUsersRequest(ids=sorted(wanted)), metadata=(("authorization", f"Bearer {token}"),)
        )
        return [u for u in answer.users if u.id in wanted]
