"""Client-side balancing and connection ageing: the two halves of spreading calls over replicas."""

from __future__ import annotations

import asyncio
import sys
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
    server = GrpcServer(
        [ServiceBinding(named_service(name), None, "test.Who")], TestTokens().verifier(), "127.0.0.1", 0, **options
    )
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


async def test_a_stopped_replica_is_skipped_and_calls_keep_succeeding(
    two_replicas: list[tuple[GrpcServer, int]],
) -> None:
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


# A replica in a process of its own, so that it can crash (SIGKILL) with calls in flight.
_CRASHING_REPLICA = """
import asyncio, sys, grpc

async def slow(request, context):
    await asyncio.sleep(5)
    return b"crashed"

async def here(request, context):
    return b"crashing"

async def main():
    server = grpc.aio.server()
    handlers = {name: grpc.unary_unary_rpc_method_handler(slow) for name in ("GetName", "CreateName")}
    handlers["Here"] = grpc.unary_unary_rpc_method_handler(here)
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Crash", handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    print(port, flush=True)
    await server.wait_for_termination()

asyncio.run(main())
"""


def healthy_crash_service(_: Any, server: grpc.aio.Server) -> None:
    async def fine(_: bytes, context: grpc.aio.ServicerContext) -> bytes:
        return b"healthy"

    handlers = {name: grpc.unary_unary_rpc_method_handler(fine) for name in ("GetName", "CreateName", "Here")}
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Crash", handlers),))


@pytest.fixture
async def crashing_and_healthy() -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    crashing = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _CRASHING_REPLICA, stdout=asyncio.subprocess.PIPE
    )
    assert crashing.stdout is not None
    crash_port = int((await asyncio.wait_for(crashing.stdout.readline(), 20)).decode())
    healthy = GrpcServer(
        [ServiceBinding(healthy_crash_service, None, "test.Crash")], TestTokens().verifier(), "127.0.0.1", 0
    )
    port = await healthy.start()
    yield crashing, f"ipv4:127.0.0.1:{crash_port},127.0.0.1:{port}"
    if crashing.returncode is None:
        crashing.kill()
    await crashing.wait()
    await healthy.stop(0)


async def calls_while_a_replica_crashes(
    crashing: asyncio.subprocess.Process, target: str, method: str
) -> list[bytes | grpc.StatusCode]:
    async with create_channel(target) as channel:
        call = channel.unary_unary(f"/test.Crash/{method}")
        # Both replicas connected first: a channel is ready with one, and round robin would then
        # send every call to it, which would test nothing.
        here = channel.unary_unary("/test.Crash/Here")
        seen: set[bytes] = set()
        for _ in range(100):
            seen.add(await here(b"", timeout=4))
            if seen == {b"crashing", b"healthy"}:
                break
            await asyncio.sleep(0.05)
        assert seen == {b"crashing", b"healthy"}, "both replicas take calls before the crash"

        async def one() -> bytes | grpc.StatusCode:
            try:
                answer: bytes = await call(b"", timeout=4)
            except grpc.aio.AioRpcError as exc:
                return exc.code()
            return answer

        # Round robin sends one of each pair to the replica about to crash.
        calls = [asyncio.ensure_future(one()) for _ in range(4)]
        await asyncio.sleep(0.5)
        crashing.kill()
        return list(await asyncio.gather(*calls))


async def test_reads_in_flight_on_a_crashed_replica_are_answered_by_another(
    crashing_and_healthy: tuple[asyncio.subprocess.Process, str],
) -> None:
    crashing, target = crashing_and_healthy
    assert await calls_while_a_replica_crashes(crashing, target, "GetName") == [b"healthy"] * 4


async def test_writes_in_flight_on_a_crashed_replica_are_not_sent_twice(
    crashing_and_healthy: tuple[asyncio.subprocess.Process, str],
) -> None:
    """The crashed replica may have committed a write: the caller hears UNAVAILABLE, not a retry."""
    crashing, target = crashing_and_healthy
    answers = await calls_while_a_replica_crashes(crashing, target, "CreateName")
    assert sorted(map(str, answers)) == sorted(
        map(str, [b"healthy", b"healthy", grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNAVAILABLE])
    )


def test_only_targets_naming_several_replicas_are_balanced() -> None:
    from rr_common.grpc_client import is_balanced

    assert is_balanced("dns:///catalog-headless:50052") and is_balanced("ipv4:127.0.0.1:1,127.0.0.1:2")
    assert not is_balanced("127.0.0.1:50052") and not is_balanced("catalog:50052")
