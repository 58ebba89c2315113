"""Who is connected to this replica and how a frame reaches them: the frame format, the close
codes, one connection's bounded send queue, and the hub that indexes connections by user and by
subscribed resource."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import WebSocket
from prometheus_client import Counter, Gauge

from rr_common.context import Principal

SOCKETS = Gauge("rr_ws_connections", "Open WebSocket connections on this gateway")
FRAMES = Counter("rr_ws_frames_total", "Frames pushed to sockets", ["type"])
INVALID_TOKEN, JUNK, TOO_BIG, TOO_MANY, TOO_SLOW = 4401, 4400, 1009, 4429, 1013


def frame(type_: str, data: Any, frame_id: str | None = None) -> str:
    ts = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return json.dumps(
        {"type": type_, "data": data, "id": frame_id or uuid.uuid4().hex, "ts": ts}, separators=(",", ":"), default=str
    )


class Refused(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        # A close reason may hold at most 123 bytes.
        self.reason = reason.encode()[:123].decode(errors="ignore")


@dataclass(eq=False)
class Connection:
    ws: WebSocket
    principal: Principal
    expires_at: float
    queue: asyncio.Queue[str]
    resources: set[int] = field(default_factory=set)
    closing: tuple[int, str] | None = None
    expiry: asyncio.TimerHandle | None = None

    def expire_at(self, when: float) -> None:
        """Close with 4401 when the token expires (a refreshed token moves the moment)."""
        if self.expiry is not None:
            self.expiry.cancel()
        if when != float("inf"):
            delay = max(when - time.time(), 0.0)
            self.expiry = asyncio.get_running_loop().call_later(
                delay, self.close_soon, INVALID_TOKEN, "The access token has expired; reconnect with a fresh one."
            )

    def offer(self, text: str) -> None:
        """Never blocks the fan-out: a client that cannot keep up is dropped instead."""
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.close_soon(TOO_SLOW, "The connection is too slow to keep up; reconnect and catch up with since_id.")

    def close_soon(self, code: int, reason: str) -> None:
        if self.closing is None:
            self.closing = (code, reason)
            with contextlib.suppress(asyncio.QueueFull):
                self.queue.put_nowait("")  # wakes the writer, which closes


class LiveHub:
    """Who is connected to this replica, indexed by user and by subscribed resource."""

    def __init__(self) -> None:
        self.connections: set[Connection] = set()
        self.by_user: dict[int, set[Connection]] = {}
        self.by_resource: dict[int, set[Connection]] = {}

    def add(self, conn: Connection, limit: int) -> None:
        mine = self.by_user.setdefault(conn.principal.user_id, set())
        if len(mine) >= limit:
            raise Refused(TOO_MANY, f"Too many open sockets for this user (at most {limit}); close one first.")
        mine.add(conn)
        self.connections.add(conn)
        SOCKETS.set(len(self.connections))

    def remove(self, conn: Connection) -> None:
        self.connections.discard(conn)
        self.by_user.get(conn.principal.user_id, set()).discard(conn)
        if not self.by_user.get(conn.principal.user_id):
            self.by_user.pop(conn.principal.user_id, None)
        self.unsubscribe(conn, set(conn.resources))
        SOCKETS.set(len(self.connections))

    def subscribe(self, conn: Connection, ids: set[int]) -> None:
        for rid in ids:
            self.by_resource.setdefault(rid, set()).add(conn)
        conn.resources |= ids

    def unsubscribe(self, conn: Connection, ids: set[int]) -> None:
        for rid in ids:
            holders = self.by_resource.get(rid)
            if holders is not None:
                holders.discard(conn)
                if not holders:
                    del self.by_resource[rid]
        conn.resources -= ids

    def push(self, targets: set[Connection] | list[Connection], type_: str, text: str) -> None:
        for conn in list(targets):
            conn.offer(text)
        FRAMES.labels(type_).inc(len(targets))

    def to_user(self, user_id: int, type_: str, text: str) -> None:
        self.push(self.by_user.get(user_id, set()), type_, text)

    def to_resource(self, resource_id: int, type_: str, text: str) -> None:
        self.push(self.by_resource.get(resource_id, set()), type_, text)

    def close_user(self, user_id: int, username: str, reason: str) -> None:
        """Close every socket of one account (its access was withdrawn)."""
        for conn in list(self.by_user.get(user_id, ())):
            if conn.principal.username.lower() == username.lower():
                conn.close_soon(INVALID_TOKEN, reason)

    def to_role(self, role: str, type_: str, text: str) -> None:
        self.push([c for c in self.connections if not role or role in c.principal.roles], type_, text)

    async def heartbeats(self, interval: float) -> None:
        """One timer for every socket: cheaper than a timeout per socket and per frame."""
        while True:
            await asyncio.sleep(interval)
            self.push(self.connections.copy(), "heartbeat", frame("heartbeat", {}))
