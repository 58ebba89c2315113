"""Fetch auth's JWKS over gRPC (services verify tokens locally with the cached keys)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rr.auth.v1 import auth_pb2, auth_pb2_grpc

from rr_common.grpc_client import create_channel


def grpc_jwks_fetcher(auth_target: str) -> Callable[[], Awaitable[str]]:
    stub = auth_pb2_grpc.AuthServiceStub(create_channel(auth_target, default_timeout=3.0))

    async def fetch() -> str:
        response: auth_pb2.GetJwksResponse = await stub.GetJwks(auth_pb2.GetJwksRequest())
        return response.jwks_json

    return fetch
