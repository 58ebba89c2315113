"""Client-side balancing and connection ageing: the two halves of spreading calls over replicas."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
import pytest

from rr_common.grpc_client import create_channel
from rr_common.grpc_server import GrpcServer, ServiceBinding
from rr_common.testing import TestTokens


def named_service(name: str) -> Callable[[Any, grpc.aio.Server], None]:
    """A raw-bytes service answering with the replica's name and the caller's address."""

    async def who(_: bytes, context: grpc.aio.ServicerContext) -> bytes:
        return f"{name} {context.peer()}".encode()

    def add(_: Any, server: grpc.aio.Server) -> None:
        handler = grpc.unary_unary_rpc_method_handler(who)
        server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Who", {"Am": handler}),))

    return add


async def start(name: str, **options: float) -> tuple[GrpcServer, int]:
    server = GrpcServer([ServiceBinding(named_service(name), None, "test.Who")], TestTokens().verifier(), "127.0.0.1", 0, **options)
    return server, await server.start()


@pytest.fixture
async def two_replicas() -> AsyncIterator[list[tuple[GrpcServer, int]]]:
    replicas = [await start("one"), await start("two")]
    yield replicas
    for server, _ in replicas:
        await server.stop(0)


async def test_calls_spread_evenly_over_every_address_of_a_target(two_replicas: list[tuple[GrpcServer, int]]) -> None:
    target = "ipv4:" + ",".join(f"127.0.0.1:{port}" for _, port in two_replicas)
    async with create_channel(target) as channel:
        who = channel.unary_unary("/test.Who/Am")
        await who(b"")  # connect
        answers = Counter([(await who(b"")).decode().split()[0] for _ in range(400)])
    assert set(answers) == {"one", "two"}
    assert all(0.35 <= count / 400 <= 0.65 for count in answers.values()), answers


async def test_a_stopped_replica_is_skipped_and_calls_keep_succeeding(two_replicas: list[tuple[GrpcServer, int]]) -> None:
    target = "ipv4:" + ",".join(f"127.0.0.1:{port}" for _, port in two_replicas)
    async with create_channel(target) as channel:
        who = channel.unary_unary("/test.Who/Am")
        await who(b"")
        await two_replicas[0][0].stop(0)
        answers = Counter([(await who(b"", timeout=2)).decode().split()[0] for _ in range(50)])
    assert answers == {"two": 50}


async def test_servers_age_connections_out_so_clients_connect_again() -> None:
    """A client reconnects (and so resolves the name again) once the server closes an old
    connection: the caller's address (its local port) changes."""
    server, port = await start("aged", max_connection_age_seconds=1.0)
    try:
        async with create_channel(f"127.0.0.1:{port}") as channel:
            who = channel.unary_unary("/test.Who/Am")
            first = (await who(b"")).decode().split()[1]
            await asyncio.sleep(2.5)
            second = (await who(b"", timeout=3)).decode().split()[1]
        assert first != second, "the connection outlived the server's max connection age"
    finally:
        await server.stop(0)
