"""Graceful shutdown: calls in flight finish, new calls are refused."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import grpc

from rr_common.grpc_client import create_channel
from rr_common.grpc_server import GrpcServer, ServiceBinding
from rr_common.testing import TestTokens

SLOW_SECONDS = 0.8


async def wait(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    await asyncio.sleep(SLOW_SECONDS)
    return b"done:" + request


def add_slow_service(_: Any, server: grpc.aio.Server) -> None:
    handler = grpc.unary_unary_rpc_method_handler(wait)  # raw bytes in and out
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Slow", {"Wait": handler}),))


async def test_stop_lets_in_flight_calls_finish_and_refuses_new_ones() -> None:
    server = GrpcServer([ServiceBinding(add_slow_service, None, "test.Slow")], TestTokens().verifier(), "127.0.0.1", 0)
    port = await server.start()
    async with create_channel(f"127.0.0.1:{port}") as channel:
        call_slow = channel.unary_unary("/test.Slow/Wait")
        began = time.monotonic()
        in_flight = asyncio.ensure_future(call_slow(b"x"))
        await asyncio.sleep(0.2)
        stopping = asyncio.create_task(server.stop(grace=5))
        assert await in_flight == b"done:x"
        assert time.monotonic() - began >= SLOW_SECONDS, "the call really was in flight during the stop"
        await stopping
        try:
            await call_slow(b"y", timeout=1)
        except grpc.aio.AioRpcError as exc:
            assert exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
        else:
            raise AssertionError("a stopped server must refuse new calls")


async def test_reflection_and_health_are_served() -> None:
    from grpc_health.v1 import health_pb2, health_pb2_grpc
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    server = GrpcServer([ServiceBinding(add_slow_service, None, "test.Slow")], TestTokens().verifier(), "127.0.0.1", 0)
    port = await server.start()
    try:
        async with create_channel(f"127.0.0.1:{port}") as channel:
            health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service="test.Slow"))
            assert health.status == health_pb2.HealthCheckResponse.SERVING
            stream = reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")])
            )
            async for answer in stream:
                names = {s.name for s in answer.list_services_response.service}
                break
    finally:
        await server.stop(0)
    assert {"test.Slow", "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"} <= names


async def test_calls_beyond_the_limit_are_refused_at_once() -> None:
    server = GrpcServer(
        [ServiceBinding(add_slow_service, None, "test.Slow")],
        TestTokens().verifier(),
        "127.0.0.1",
        0,
        max_concurrent_rpcs=2,
    )
    port = await server.start()
    try:
        async with create_channel(f"127.0.0.1:{port}") as channel:
            call_slow = channel.unary_unary("/test.Slow/Wait")
            began = time.monotonic()
            outcomes = await asyncio.gather(*(call_slow(b"x") for _ in range(5)), return_exceptions=True)
            refused = [o for o in outcomes if isinstance(o, grpc.aio.AioRpcError)]
            assert len(refused) == 3 and {r.code() for r in refused} == {grpc.StatusCode.RESOURCE_EXHAUSTED}
            assert [o for o in outcomes if not isinstance(o, BaseException)] == [b"done:x"] * 2
            assert time.monotonic() - began < SLOW_SECONDS * 2, "the refusals did not wait for a place"
    finally:
        await server.stop(0)
