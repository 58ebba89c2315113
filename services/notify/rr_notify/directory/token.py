"""A service access token from auth's client-credentials grant, cached until shortly before it expires."""

from __future__ import annotations

import asyncio
import time

from rr.auth.v1 import auth_pb2, auth_pb2_grpc


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
