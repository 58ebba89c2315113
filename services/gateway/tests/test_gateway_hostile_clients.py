"""Hostile or broken clients against the gateway served by a real uvicorn on a free port."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator

import pytest
import uvicorn

from rr_common.testing import TestTokens
from rr_gateway.app import create_app
from rr_gateway.config import Settings

READ_TIMEOUT = 1.0


@pytest.fixture(scope="module")
async def gateway_port() -> AsyncIterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = create_app(Settings(body_read_timeout_seconds=READ_TIMEOUT), verifier=TestTokens().verifier())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield port
    server.should_exit = True
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def exchange(port: int, payload: bytes, trickle: bytes = b"", pause: float = 0.0) -> tuple[bytes, float]:
    """Send `payload`, then `trickle` one byte per `pause`; return the answer and when it came."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    answer = asyncio.create_task(reader.read(65536))
    try:
        writer.write(payload)
        await writer.drain()
        for byte in trickle:
            done, _ = await asyncio.wait({answer}, timeout=pause)
            if done:
                break
            writer.write(bytes([byte]))
            await writer.drain()
        return await asyncio.wait_for(answer, timeout=10), time.monotonic() - started
    finally:
        answer.cancel()
        writer.close()


async def test_crlf_in_a_header_is_refused(gateway_port: int) -> None:
    answer, _ = await exchange(gateway_port, b"GET /live HTTP/1.1\r\nHost: x\r\nX-Evil: a\rInjected: b\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")


async def test_huge_headers_are_refused_with_431(gateway_port: int) -> None:
    answer, _ = await exchange(gateway_port, b"GET /live HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431"), answer[:100]
    assert b"headers are too large" in answer


async def test_a_body_that_trickles_in_is_cut_off_with_408(gateway_port: int) -> None:
    head = b"POST /api/v1/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"
    answer, after = await exchange(gateway_port, head, trickle=b'"username": "slow"', pause=READ_TIMEOUT * 1.5)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"too slowly" in answer
    assert after < READ_TIMEOUT * 4


async def test_a_body_larger_than_declared_limit_without_length_is_413(gateway_port: int) -> None:
    chunk = b"a" * 300_000
    chunked = b"".join(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(5)) + b"0\r\n\r\n"
    head = b"POST /api/v1/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    answer, _ = await exchange(gateway_port, head + chunked)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
