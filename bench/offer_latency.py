"""How long after a cancellation is answered does the next person in line hear of the offer?

Round after round, on a resource of its own: one user books a slot, another queues for it and
opens the live socket (`/ws?token=`), the first cancels; timed from the cancel's HTTP answer to
* `rr.waitlist.offer.created` arriving on NATS (the waitlist's part: it needs its own OAuth2
  client, which the dev stack declares), and
* the offer's notification arriving on the waiting user's WebSocket (waitlist -> notify -> gateway).
Target: p99 under 250 ms to the WebSocket."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import nats
import websockets
from nats.aio.msg import Msg
from rr.waitlist.v1 import events_pb2

from bench.harness import Bench, bearer, say
from bench.load import checked
from bench.seed import Seeded
from bench.stats import figures

TARGET_P99_MS = 250.0


def _slot(round_: int) -> tuple[str, str]:
    start = (datetime.now(UTC) + timedelta(days=2 + round_ // 12)).replace(
        hour=8 + round_ % 12, minute=0, second=0, microsecond=0
    )
    return start.isoformat(), (start + timedelta(hours=1)).isoformat()


class OfferWatch:
    """Arrival time of each entry's offer.created event on NATS."""

    def __init__(self) -> None:
        self.arrived: dict[int, asyncio.Future[float]] = {}

    def expect(self, entry_id: int) -> asyncio.Future[float]:
        return self.arrived.setdefault(entry_id, asyncio.get_running_loop().create_future())

    async def on_message(self, msg: Msg) -> None:
        now = time.perf_counter()
        entry_id = events_pb2.OfferChanged.FromString(msg.data).entry.id
        future = self.expect(entry_id)
        if not future.done():
            future.set_result(now)


async def _first_waitlist_push(url: str, token: str, ready: asyncio.Event) -> float:
    async with websockets.connect(f"{url}?token={token}", open_timeout=10) as socket:
        await socket.recv()  # welcome: the socket is registered
        ready.set()
        async for raw in socket:
            if "waitlist" in str(raw):
                return time.perf_counter()
    raise ConnectionError("the WebSocket closed before the offer arrived")


async def _round(
    bench: Bench,
    http: httpx.AsyncClient,
    resource_id: int,
    round_: int,
    holder: dict[str, str],
    waiter_token: str,
    watch: OfferWatch,
) -> dict[str, float | None]:
    waiter = bearer(waiter_token)
    start, end = _slot(round_)
    booked = await checked(
        http.post(
            "/api/v1/reservations",
            json={"resource_id": resource_id, "start_time": start, "end_time": end},
            headers=holder,
        ),
        201,
    )
    joined = await checked(
        http.post(
            "/api/v1/waitlist",
            json={"resource_id": resource_id, "desired_start": start, "desired_end": end},
            headers=waiter,
        ),
        201,
    )
    on_nats = watch.expect(joined.json()["id"])
    ready = asyncio.Event()
    ws_task = asyncio.create_task(_first_waitlist_push(bench.ws_url, waiter_token, ready))
    try:
        await asyncio.wait_for(ready.wait(), 10)
        await checked(http.post(f"/api/v1/reservations/{booked.json()['id']}/cancel", json={}, headers=holder))
        answered = time.perf_counter()
        nats_at: float | None = None
        ws_at: float | None = None
        try:
            nats_at = await asyncio.wait_for(on_nats, 10)
            ws_at = await asyncio.wait_for(asyncio.shield(ws_task), 10)
        except TimeoutError:
            pass
    finally:
        ws_task.cancel()
    return {"nats": None if nats_at is None else nats_at - answered, "ws": None if ws_at is None else ws_at - answered}


async def measure(
    bench: Bench, http: httpx.AsyncClient, seeded: Seeded, rounds: int, max_seconds: float = 180
) -> dict[str, Any]:
    say(f"cancel -> waitlist offer -> WebSocket, {rounds} rounds")
    people = seeded.reserved_users or seeded.users
    resource = seeded.special[-1]
    watch = OfferWatch()
    client = await nats.connect(bench.infra.nats_url)
    samples: list[dict[str, float | None]] = []
    deadline = time.monotonic() + max_seconds
    try:
        await client.subscribe("rr.waitlist.offer.created", cb=watch.on_message)
        await client.flush()
        for r in range(rounds):
            if time.monotonic() > deadline:
                break
            (holder_id, holder_name), (waiter_id, waiter_name) = (
                people[(2 * r) % len(people)],
                people[(2 * r + 1) % len(people)],
            )
            holder = bearer(seeded.minter.token(holder_id, holder_name))
            samples.append(
                await _round(bench, http, resource, r, holder, seeded.minter.token(waiter_id, waiter_name), watch)
            )
    finally:
        await client.close()
    to_nats = [s["nats"] for s in samples if s["nats"] is not None]
    to_ws = [s["ws"] for s in samples if s["ws"] is not None]
    return {
        "rounds": len(samples),
        "cancel_to_offer_event": figures(to_nats, 1.0).latency(),
        "cancel_to_websocket": figures(to_ws, 1.0).latency(),
        "missing_offers": sum(s["nats"] is None for s in samples),
        "missing_pushes": sum(s["ws"] is None for s in samples),
        "target_p99_ms": TARGET_P99_MS,
    }
