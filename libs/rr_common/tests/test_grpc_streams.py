"""The interceptors wrap streaming handlers too: a client stream answered once, and a server
stream written by an async generator, see the caller's token and have their refusals mapped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from rr_common.authz import require_principal
from rr_common.errors import ERROR_TRAILER, InvalidInput, error_payload
from rr_common.grpc_server import GrpcServer, ServiceBinding
from rr_common.testing import TestTokens

TOKENS = TestTokens()


async def total(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext) -> bytes:
    who = require_principal()
    size = 0
    async for part in requests:
        if part == b"bad":
            raise InvalidInput("That part is bad.", code="bad_part")
        size += len(part)
    return f"{who.user_id}:{size}".encode()


async def count(request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
    who = require_principal()
    if request == b"bad":
        raise InvalidInput("Nothing to count.", code="bad_count")
    for i in range(int(request)):
        yield f"{who.user_id}:{i}".encode()


def add_streams(_: Any, server: grpc.aio.Server) -> None:
    handlers = {
        "Total": grpc.stream_unary_rpc_method_handler(total),
        "Count": grpc.unary_stream_rpc_method_handler(count),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Streams", handlers),))


@pytest.fixture
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    server = GrpcServer([ServiceBinding(add_streams, None, "test.Streams")], TOKENS.verifier(), "127.0.0.1", 0)
    port = await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        await server.stop(0)


def caller(user_id: int) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {TOKENS.token(user_id)}"),)


async def parts(*items: bytes) -> AsyncIterator[bytes]:
    for item in items:
        yield item


async def test_a_client_stream_sees_the_token_and_its_refusals_are_mapped(channel: grpc.aio.Channel) -> None:
    call = channel.stream_unary("/test.Streams/Total")
    assert await call(parts(b"ab", b"cde"), metadata=caller(7)) == b"7:5"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call(parts(b"ab", b"bad"), metadata=caller(7))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_payload(refused.value.trailing_metadata())["code"] == "bad_part"
    with pytest.raises(grpc.aio.AioRpcError) as anonymous:
        await call(parts(b"ab"))
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_a_server_stream_sees_the_token_and_its_refusals_are_mapped(channel: grpc.aio.Channel) -> None:
    call = channel.unary_stream("/test.Streams/Count")
    assert [m async for m in call(b"3", metadata=caller(9))] == [b"9:0", b"9:1", b"9:2"]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        [m async for m in call(b"bad", metadata=caller(9))]
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert any(key == ERROR_TRAILER for key, _ in refused.value.trailing_metadata())
    assert error_payload(refused.value.trailing_metadata())["code"] == "bad_count"
