"""Live push at scale: N WebSocket clients (distinct seeded users) on the stack's gateway.

* announcements sent through the API (`POST /announcements`, as an admin does): notify writes one
  notification per user and publishes one event, every gateway replica pushes it to every socket;
  timed from just before the POST to the frame's arrival at each client (target: p99 500 ms);
* notifications to single users published straight to NATS, as notify does: the gateway's part
  alone, timed from the publish to the frame's arrival (target: p99 100 ms).

The clients run in their own processes (real clients are other machines), on the same machine
(so they compete for its cores); arrival times are on the same monotonic clock as the sends.

    python -m bench.live_ws [options of python -m bench]

runs only this scenario (same as `python -m bench --only ws_fanout`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import random
import sys
import time
import uuid
from multiprocessing.connection import Connection
from typing import Any

import nats
from rr.common.v1 import common_pb2
from rr.notify.v1 import events_pb2, notify_pb2
from websockets.asyncio.client import ClientConnection, connect

from bench.harness import Bench, say
from bench.load import expect
from bench.seed import Seeded
from bench.stats import figures

BROADCAST_TARGET_MS = 500.0
NOTIFICATION_TARGET_MS = 100.0
MAX_SOCKETS_PER_USER = 20  # the gateway's default (RR_GATEWAY_WS_MAX_SOCKETS_PER_USER)


class Clients:
    def __init__(self) -> None:
        self.arrivals: dict[str, list[float]] = {}
        self.sockets: list[ClientConnection] = []
        self.readers: list[asyncio.Task[None]] = []
        self.failed = 0

    async def open(self, url: str, tokens: list[str]) -> None:
        async def one(token: str) -> None:
            try:
                ws = await connect(f"{url}?token={token}", open_timeout=60, max_size=2**20)
                json.loads(await asyncio.wait_for(ws.recv(), 30))  # welcome
            except Exception:  # noqa: BLE001 - counted and reported, not fatal
                self.failed += 1
                return
            self.sockets.append(ws)
            self.readers.append(asyncio.create_task(self._read(ws)))

        # Connect in waves: a thousand simultaneous handshakes is a benchmark of its own.
        for start in range(0, len(tokens), 100):
            await asyncio.gather(*(one(t) for t in tokens[start : start + 100]))

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


def _client_process(url: str, tokens: list[str], pipe: Connection) -> None:
    """One process of clients: open the sockets, say ready, record arrivals until told to stop."""

    async def main() -> None:
        clients = Clients()
        started = time.perf_counter()
        await clients.open(url, tokens)
        pipe.send(("ready", (time.perf_counter() - started, len(clients.sockets), clients.failed)))
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
        pipe.send(("arrivals", clients.arrivals))
        await clients.close()

    asyncio.run(main())


def _expect(pipe: Connection, kind: str, timeout: float) -> Any:
    if not pipe.poll(timeout):
        raise TimeoutError(f"no {kind} from a client process within {timeout:.0f} s")
    got, value = pipe.recv()
    assert got == kind, f"expected {kind}, got {got}"
    return value


async def measure(
    bench: Bench, seeded: Seeded, n_clients: int, broadcasts: int = 10, notifications: int = 100, processes: int = 2
) -> dict[str, Any]:
    say(f"WebSocket fan-out to {n_clients} clients ({processes} client processes)")
    people = seeded.users[: max(1, n_clients)]
    if len(people) * MAX_SOCKETS_PER_USER < n_clients:
        raise RuntimeError(f"{n_clients} sockets need at least {-(-n_clients // MAX_SOCKETS_PER_USER)} users")
    owners = [people[k % len(people)] for k in range(n_clients)]
    tokens = [seeded.minter.token(uid, name) for uid, name in owners]
    spawn = multiprocessing.get_context("spawn")
    pipes, workers = [], []
    for k in range(processes):
        mine, theirs = spawn.Pipe()
        workers.append(
            spawn.Process(target=_client_process, args=(bench.ws_url, tokens[k::processes], theirs), daemon=True)
        )
        workers[-1].start()
        pipes.append(mine)
    try:
        ready = await asyncio.gather(*(asyncio.to_thread(_expect, p, "ready", 300) for p in pipes))
        connected = sum(r[1] for r in ready)
        published: dict[str, float] = {}
        for i in range(broadcasts):
            began = time.perf_counter()
            sent = await expect(
                bench.wire.post("/api/v1/announcements", {"title": f"Bench {i}", "message": "Everyone."}, seeded.admin),
                201,
            )
            published[f"a{sent.json()['announcement_id']}"] = began
            await asyncio.sleep(1.0)  # every client has it long before; rounds never overlap
        bus = await nats.connect(bench.infra.nats_url)
        try:
            for j in range(1, notifications + 1):
                uid = owners[random.randrange(len(owners))][0]
                note = notify_pb2.Notification(
                    id=10**12 + j, user_id=uid, type="reservation_confirmed", title="Bench", message="Yours."
                )
                event = events_pb2.NotificationCreated(
                    header=common_pb2.EventHeader(event_id=str(uuid.uuid4())), notification=note
                )
                published[f"n{note.id}"] = time.perf_counter()
                await bus.publish("rr.notify.notification.created", event.SerializeToString())
                await bus.flush()
                await asyncio.sleep(0.02)
            await asyncio.sleep(1.0)
        finally:
            await bus.close()
        arrivals: dict[str, list[float]] = {}
        for pipe in pipes:
            pipe.send("collect")
            for key, times in (await asyncio.to_thread(_expect, pipe, "arrivals", 60)).items():
                arrivals.setdefault(key, []).extend(times)
    finally:
        for worker in workers:
            worker.join(15)
            if worker.is_alive():
                worker.terminate()
    return _summary(n_clients, connected, max(r[0] for r in ready), owners, published, arrivals)


def _summary(
    n_clients: int,
    connected: int,
    connect_seconds: float,
    owners: list[tuple[int, str]],
    published: dict[str, float],
    arrivals: dict[str, list[float]],
) -> dict[str, Any]:
    per_client, per_round, single, missing = [], [], [], 0
    sockets_of: dict[int, int] = {}
    for uid, _ in owners:
        sockets_of[uid] = sockets_of.get(uid, 0) + 1
    for key, t0 in published.items():
        got = [at - t0 for at in arrivals.get(key, [])]
        if key.startswith("a"):
            missing += connected - len(got)
            per_client += got
            per_round.append(max(got, default=0.0))
        else:
            missing += 0 if got else 1
            single += got[:1]
    broadcast, notification = figures(per_client, 1.0), figures(single, 1.0)
    return {
        "clients": n_clients,
        "connected": connected,
        "users": len(sockets_of),
        "connect_seconds": round(connect_seconds, 2),
        "announcement_per_client": broadcast.latency(),
        "announcement_all_reached_ms": [round(r * 1000) for r in per_round],
        "notification_gateway_only": notification.latency(),
        "missing_frames": missing,
        "targets_met": connected == n_clients
        and broadcast.p99_ms <= BROADCAST_TARGET_MS
        and notification.p99_ms <= NOTIFICATION_TARGET_MS
        and missing == 0,
    }


def main() -> None:
    from bench.__main__ import main as bench_main

    bench_main([*sys.argv[1:], "--only", "ws_fanout"])


if __name__ == "__main__":
    main()
