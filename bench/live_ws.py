"""Live push at scale: N WebSocket clients on one gateway.

    python -m bench.live_ws [--clients 1000] [--broadcasts 20] [--notifications 200] [--json-only]

The gateway runs in its own process (as in production), trusting a throwaway signing key, with
NATS from `RR_BENCH_NATS_URL` or a private nats-server. Events are published straight to NATS,
as notify would: an announcement to everyone (must reach every socket within 500 ms p99) and
notifications to single users (must reach their socket within 100 ms p99 of being published).
Latency is measured from just before the publish to the frame's arrival at the client; the
clients run in their own processes, on the same machine (so they compete for its cores)."""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import nats
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from rr.common.v1 import common_pb2
from rr.notify.v1 import events_pb2, notify_pb2
from websockets.asyncio.client import ClientConnection, connect

from bench.stats import figures
from rr_common.testing import TestTokens
from rr_devstack.nats_server import NatsServer
from rr_devstack.ports import free_port

BROADCAST_TARGET_MS = 500.0
NOTIFICATION_TARGET_MS = 100.0


def _serve(port: int, nats_url: str, jwks_json: str) -> None:
    """The gateway process: the real app, with a verifier for the bench key."""
    import uvicorn

    from rr_common.tokens import JwksCache, TokenVerifier
    from rr_gateway.app import create_app
    from rr_gateway.config import Settings

    async def fetch() -> str:
        return jwks_json

    cache = JwksCache(fetch)
    cache.load(jwks_json)
    settings = Settings(http_port=port, nats_url=nats_url, environment="test", log_level="WARNING")  # type: ignore[arg-type]
    app = create_app(settings, TokenVerifier(cache, settings.jwt_issuer, settings.jwt_audience))
    ws = os.environ.get("RR_BENCH_WS_IMPL", "auto")  # uvicorn's WebSocket implementation, to compare them
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False, ws_max_size=65536, ws=ws)  # type: ignore[arg-type]


def mint(tokens: TestTokens, user_ids: range) -> dict[int, str]:
    """Access tokens for many users, signed with `cryptography` directly (much faster than one
    TestTokens.token() call each, so setting up a thousand clients takes seconds, not a minute)."""
    key = serialization.load_pem_private_key(tokens.private_pem.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    head = _b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": tokens.kid}).encode())
    now = int(time.time())
    out = {}
    for user_id in user_ids:
        claims = {"sub": str(user_id), "username": f"bench{user_id}", "roles": ["user"], "iss": tokens.issuer, "aud": tokens.audience,
                  "iat": now, "exp": now + 3600, "jti": uuid.uuid4().hex}
        signing_input = f"{head}.{_b64(json.dumps(claims).encode())}".encode()
        out[user_id] = f"{signing_input.decode()}.{_b64(key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256()))}"
    return out


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Clients:
    def __init__(self) -> None:
        self.arrivals: dict[str, list[float]] = {}
        self.sockets: list[ClientConnection] = []
        self.readers: list[asyncio.Task[None]] = []

    async def open(self, url: str, tokens: dict[int, str]) -> None:
        async def one(user_id: int) -> None:
            ws = await connect(f"{url}?token={tokens[user_id]}", open_timeout=60, max_size=2**20)
            json.loads(await ws.recv())  # welcome
            self.sockets.append(ws)
            self.readers.append(asyncio.create_task(self._read(ws)))

        # Connect in waves: a thousand simultaneous handshakes is a benchmark of its own.
        ids = sorted(tokens)
        for start in range(0, len(ids), 100):
            await asyncio.gather(*(one(u) for u in ids[start:start + 100]))

    async def _read(self, ws: ClientConnection) -> None:
        with contextlib.suppress(Exception):
            async for raw in ws:
                at = time.perf_counter()
                key = _key(raw)
                if key:
                    self.arrivals.setdefault(key, []).append(at)

    async def close(self) -> None:
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)


def _key(raw: str | bytes) -> str:
    frame = json.loads(raw)
    if frame["type"] == "announcement":
        return f"a{frame['data']['announcement_id']}"
    if frame["type"] == "notification":
        return f"n{frame['data']['id']}"
    return ""


def _header() -> common_pb2.EventHeader:
    return common_pb2.EventHeader(event_id=str(uuid.uuid4()))


def _client_process(url: str, tokens: dict[int, str], pipe: Connection) -> None:
    """One process of clients: open the sockets, say ready, record arrivals until told to stop."""

    async def main() -> None:
        clients = Clients()
        started = time.perf_counter()
        await clients.open(url, tokens)
        pipe.send(("ready", time.perf_counter() - started))
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
        pipe.send(("arrivals", clients.arrivals))
        await clients.close()

    asyncio.run(main())


async def measure(url: str, nats_url: str, tokens: TestTokens, n_clients: int, broadcasts: int, notifications: int, processes: int) -> dict[str, Any]:
    """Clients live in their own processes (as real clients are other machines), so the figures
    are the gateway's; arrival times are on the same monotonic clock as the publish times."""
    minted = mint(tokens, range(1, n_clients + 1))
    spawn = multiprocessing.get_context("spawn")
    pipes, workers = [], []
    for k in range(processes):
        mine, theirs = spawn.Pipe()
        share = {u: t for u, t in minted.items() if u % processes == k}
        workers.append(spawn.Process(target=_client_process, args=(url, share, theirs), daemon=True))
        workers[-1].start()
        pipes.append(mine)
    connect_seconds = max(await asyncio.gather(*(asyncio.to_thread(_expect, p, "ready") for p in pipes)))
    bus = await nats.connect(nats_url)
    published: dict[str, float] = {}
    try:
        for i in range(1, broadcasts + 1):
            event = events_pb2.AnnouncementSent(header=_header(), announcement_id=i, title="Bench", message="Everyone.")
            published[f"a{i}"] = time.perf_counter()
            await bus.publish("rr.notify.announcement.sent", event.SerializeToString())
            await bus.flush()
            await asyncio.sleep(1.0)  # every client has it long before; rounds never overlap
        for j in range(1, notifications + 1):
            note = notify_pb2.Notification(id=10**9 + j, user_id=random.randint(1, n_clients), type="reservation_confirmed", title="Bench", message="Yours.")
            published[f"n{note.id}"] = time.perf_counter()
            await bus.publish("rr.notify.notification.created", events_pb2.NotificationCreated(header=_header(), notification=note).SerializeToString())
            await bus.flush()
            await asyncio.sleep(0.02)
        await asyncio.sleep(1.0)
    finally:
        await bus.close()
    arrivals: dict[str, list[float]] = {}
    for pipe in pipes:
        pipe.send("collect")
        for key, times in (await asyncio.to_thread(_expect, pipe, "arrivals")).items():
            arrivals.setdefault(key, []).extend(times)
    for worker in workers:
        worker.join(10)
    return _summary(n_clients, connect_seconds, published, arrivals, broadcasts, notifications)


def _expect(pipe: Connection, kind: str) -> Any:
    got, value = pipe.recv()
    assert got == kind, f"expected {kind}, got {got}"
    return value


def _summary(n_clients: int, connect_seconds: float, published: dict[str, float], arrivals: dict[str, list[float]], broadcasts: int, notifications: int) -> dict[str, Any]:
    per_client, per_round, single, missing = [], [], [], 0
    for i in range(1, broadcasts + 1):
        got = [at - published[f"a{i}"] for at in arrivals.get(f"a{i}", [])]
        missing += n_clients - len(got)
        per_client += got
        per_round.append(max(got, default=0.0))
    for key, t0 in published.items():
        if key.startswith("n"):
            got = arrivals.get(key, [])
            missing += 0 if got else 1
            single += [got[0] - t0] if got else []
    broadcast, notification = figures(per_client, 1.0), figures(single, 1.0)
    return {
        "clients": n_clients,
        "connect_seconds": round(connect_seconds, 2),
        "broadcast_per_client": {"p50_ms": broadcast.p50_ms, "p95_ms": broadcast.p95_ms, "p99_ms": broadcast.p99_ms},
        "broadcast_all_reached_ms": figures(per_round, 1.0).as_dict(),
        "broadcast_rounds_ms": [round(r * 1000) for r in per_round],
        "notification": {"p50_ms": notification.p50_ms, "p95_ms": notification.p95_ms, "p99_ms": notification.p99_ms, "count": notification.count},
        "missing_frames": missing,
        "targets_met": broadcast.p99_ms <= BROADCAST_TARGET_MS and notification.p99_ms <= NOTIFICATION_TARGET_MS and missing == 0,
    }


async def _gateway_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"{url}/live", timeout=1)).status_code == 200:
                    await asyncio.sleep(1.0)  # the fan-out subscribes just after startup
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError("the gateway did not start")


def run(n_clients: int, broadcasts: int, notifications: int, processes: int) -> dict[str, Any]:
    tokens = TestTokens()
    with tempfile.TemporaryDirectory(prefix="rr-bench-ws-") as tmp, contextlib.ExitStack() as stack:
        nats_url = os.environ.get("RR_BENCH_NATS_URL", "")
        if not nats_url:
            server = NatsServer(Path(tmp) / "nats", free_port(), free_port(), log_path=Path(tmp) / "nats.log")
            server.start()
            stack.callback(server.stop)
            nats_url = server.url
        port = free_port()
        gateway = multiprocessing.get_context("spawn").Process(target=_serve, args=(port, nats_url, tokens.jwks_json), daemon=True)
        gateway.start()
        stack.callback(gateway.join, 10)
        stack.callback(gateway.terminate)
        base = f"http://127.0.0.1:{port}"
        asyncio.run(_gateway_ready(base))
        return asyncio.run(measure(base.replace("http", "ws", 1) + "/ws", nats_url, tokens, n_clients, broadcasts, notifications, processes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--broadcasts", type=int, default=20)
    parser.add_argument("--notifications", type=int, default=200)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    summary = run(args.clients, args.broadcasts, args.notifications, args.client_processes)
    if not args.json_only:
        for name, value in summary.items():
            print(f"live_ws.{name:<28} {value}", file=sys.stderr)
    print(json.dumps({"live_ws": summary}))


if __name__ == "__main__":
    main()
