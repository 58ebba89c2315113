"""The bare servers the ceilings are measured against, each in its own process as the services are:

    python -m bench.bare http PORT   # FastAPI under uvicorn, one endpoint, no middleware
    python -m bench.bare grpc PORT   # grpc.aio, one unary method that echoes its bytes

`serve()` starts one and waits until it answers; stopping it is the caller's (its Popen)."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator

import grpc
import httpx

from rr_devstack.ports import free_port

ECHO_METHOD = "/bench.Echo/Echo"


def _http(port: int) -> None:
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/ping")
    async def ping() -> dict[str, bool]:
        return {"ok": True}

    # The gateway's uvicorn settings, less what only a gateway needs.
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False, timeout_keep_alive=5)


def _grpc(port: int) -> None:
    async def echo(request: bytes, context: grpc.aio.ServicerContext) -> bytes:  # type: ignore[type-arg]
        return request

    async def main() -> None:
        server = grpc.aio.server()
        handler = grpc.method_handlers_generic_handler(
            "bench.Echo", {"Echo": grpc.unary_unary_rpc_method_handler(echo)}
        )
        server.add_generic_rpc_handlers((handler,))
        server.add_insecure_port(f"127.0.0.1:{port}")
        await server.start()
        await server.wait_for_termination()

    asyncio.run(main())


def _ready(kind: str, port: int) -> bool:
    if kind == "http":
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(f"http://127.0.0.1:{port}/ping", timeout=1).status_code == 200
        return False
    with contextlib.suppress(grpc.RpcError), grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        return bytes(channel.unary_unary(ECHO_METHOD)(b"ping", timeout=1)) == b"ping"
    return False


@contextlib.contextmanager
def serve(kind: str, timeout: float = 30) -> Iterator[tuple[int, int]]:
    """Start a bare `kind` server ("http" or "grpc") on a free port; yields its port and pid."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.bare", kind, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + timeout
        while not _ready(kind, port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the bare {kind} server did not start")
            time.sleep(0.1)
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


if __name__ == "__main__":
    {"http": _http, "grpc": _grpc}[sys.argv[1]](int(sys.argv[2]))
