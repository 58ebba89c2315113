"""Live push over WebSocket (`/ws`): a user's notifications, announcements, and the live status of
the resources a client subscribes to.

Every gateway replica subscribes to NATS itself (core subscriptions: each replica gets every
event, new ones only) and delivers to its own sockets, so any number of replicas work behind a
load balancer. Frames, server to client: `{"type", "data", "id", "ts"}`; client to server:
`{"action": "subscribe" | "unsubscribe", "resource_ids": [...]}`, `{"action": "ping"}`,
`{"action": "auth", "token": ...}` (first message instead of `?token=`, or a refreshed token later).
Close codes: 4401 missing/invalid/expired token, 4400 junk, 1009 too large, 4429 too many
sockets, 1013 too slow to keep up. `?since_id=` replays the notifications a reconnecting client missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import grpc
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from google.protobuf.message import DecodeError, Message
from jose import jwt
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from prometheus_client import Counter, Gauge
from pydantic import Field
from pydantic_settings import BaseSettings
from rr.booking.v1 import events_pb2 as booking_events
from rr.catalog.v1 import events_pb2 as catalog_events
from rr.common.v1 import common_pb2
from rr.notify.v1 import events_pb2 as notify_events
from rr.notify.v1 import notify_pb2

from rr_common.context import Principal
from rr_common.errors import DomainError
from rr_common.logs import get_logger
from rr_common.nats_conn import NatsConnection
from rr_common.settings import service_config
from rr_common.tokens import TokenVerifier
from rr_gateway.schemas.notifications import NotificationOut
from rr_gateway.upstreams import Upstreams

log = get_logger("rr.gateway.ws")
SOCKETS = Gauge("rr_ws_connections", "Open WebSocket connections on this gateway")
FRAMES = Counter("rr_ws_frames_total", "Frames pushed to sockets", ["type"])
CLOSED = Counter("rr_ws_closed_total", "Sockets closed by the gateway", ["code"])

NOTIFICATION_CREATED = "rr.notify.notification.created"
ANNOUNCEMENT_SENT = "rr.notify.announcement.sent"
LIVE_SUBJECTS = ("rr.booking.reservation.*", "rr.booking.series.*", "rr.catalog.resource.status_changed")
INVALID_TOKEN, JUNK, TOO_BIG, TOO_MANY, TOO_SLOW = 4401, 4400, 1009, 4429, 1013


class LiveSettings(BaseSettings):
    """RR_GATEWAY_WS_*: heartbeats, limits and the catch-up size of the live socket."""

    model_config = service_config("GATEWAY_WS")

    heartbeat_seconds: float = Field(default=25.0, gt=0)
    auth_timeout_seconds: float = Field(default=5.0, gt=0)
    max_message_bytes: int = Field(default=4096, ge=256)
    max_subscriptions: int = Field(default=100, ge=1)
    max_sockets_per_user: int = Field(default=20, ge=1)
    send_queue: int = Field(default=256, ge=8)
    catch_up_limit: int = Field(default=100, ge=1, le=100)


def frame(type_: str, data: Any, frame_id: str | None = None) -> str:
    ts = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return json.dumps({"type": type_, "data": data, "id": frame_id or uuid.uuid4().hex, "ts": ts}, separators=(",", ":"), default=str)


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


# -- NATS -> sockets --------------------------------------------------------------------------

_RESERVATION_TYPES: dict[str, type[Message]] = {
    "rr.booking.reservation.created": booking_events.ReservationCreated,
    "rr.booking.reservation.cancelled": booking_events.ReservationCancelled,
}


def _event_id(msg: Msg) -> str:
    return (msg.headers or {}).get("Nats-Msg-Id") or uuid.uuid4().hex


def _ts(value: Any) -> str | None:
    return value.ToDatetime(tzinfo=UTC).isoformat().replace("+00:00", "Z") if value.seconds or value.nanos else None


def _reservation_view(r: Any) -> dict[str, Any]:
    # What anyone watching the resource may see: the slot and its state, not who holds it.
    return {"id": r.id, "start_time": _ts(r.start_time), "end_time": _ts(r.end_time), "status": r.status}


class LiveFanout:
    """Subscribes this replica to the events sockets care about and routes them through the hub."""

    def __init__(self, hub: LiveHub, nats: NatsConnection) -> None:
        self.hub = hub
        self.nats = nats
        self._subs: list[Subscription] = []
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._subscribe())

    async def _subscribe(self) -> None:
        await self.nats.jetstream()  # waits until NATS is connected (it keeps retrying)
        client = self.nats.client
        assert client is not None
        routes: list[tuple[str, Callable[[Msg], None]]] = [
            (NOTIFICATION_CREATED, self.on_notification),
            (ANNOUNCEMENT_SENT, self.on_announcement),
            *((subject, self.on_resource_event) for subject in LIVE_SUBJECTS),
        ]
        for subject, route in routes:
            self._subs.append(await client.subscribe(subject, cb=self._safely(route)))
        await client.flush()
        self.ready.set()
        log.info("live fan-out subscribed", subjects=[s for s, _ in routes])

    @staticmethod
    def _safely(route: Callable[[Msg], None]) -> Callable[[Msg], Any]:
        async def handle(msg: Msg) -> None:
            try:
                route(msg)
            except (DecodeError, ValueError) as exc:
                log.warning("undecodable live event dropped", subject=msg.subject, error=str(exc))

        return handle

    def on_notification(self, msg: Msg) -> None:
        event = notify_events.NotificationCreated.FromString(msg.data)
        data = NotificationOut.of(event.notification).model_dump(mode="json")
        self.hub.to_user(event.notification.user_id, "notification", frame("notification", data, _event_id(msg)))

    def on_announcement(self, msg: Msg) -> None:
        event = notify_events.AnnouncementSent.FromString(msg.data)
        data = {"announcement_id": event.announcement_id, "type": "system_announcement", "title": event.title,
                "message": event.message, "role": event.role or None, "created_at": _ts(event.created_at)}
        self.hub.to_role(event.role, "announcement", frame("announcement", data, _event_id(msg)))

    def on_resource_event(self, msg: Msg) -> None:
        kind = msg.subject.split(".", 2)[2]
        if msg.subject == "rr.catalog.resource.status_changed":
            s = catalog_events.ResourceStatusChanged.FromString(msg.data)
            data = {"resource_id": s.resource_id, "event": kind, "status": s.status, "previous_status": s.previous_status,
                    "reason": s.reason or None, "until": _ts(s.until)}
            self.hub.to_resource(s.resource_id, "resource", frame("resource", data, _event_id(msg)))
            return
        if msg.subject.startswith("rr.booking.series."):
            series = booking_events.SeriesChanged.FromString(msg.data)
            views = [_reservation_view(r) for r in series.reservations]
            data = {"resource_id": series.series.resource_id, "event": kind, "reservations": views}
            self.hub.to_resource(series.series.resource_id, "resource", frame("resource", data, _event_id(msg)))
            return
        event: Any = _RESERVATION_TYPES.get(msg.subject, booking_events.ReservationChanged).FromString(msg.data)
        r = event.reservation
        data = {"resource_id": r.resource_id, "event": kind, "reservation": _reservation_view(r)}
        self.hub.to_resource(r.resource_id, "resource", frame("resource", data, _event_id(msg)))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        for sub in self._subs:
            with contextlib.suppress(Exception):
                await sub.unsubscribe()


# -- one socket -------------------------------------------------------------------------------


def _expiry(token: str) -> float:
    try:
        return float(jwt.get_unverified_claims(token).get("exp", 0))
    except Exception:  # noqa: BLE001 - already verified; a token without a readable exp lives as long as the socket
        return float("inf")


async def _authenticate(ws: WebSocket, verifier: TokenVerifier, settings: LiveSettings) -> tuple[Principal, str]:
    token = ws.query_params.get("token", "")
    if not token:
        try:
            first = await asyncio.wait_for(ws.receive_text(), timeout=settings.auth_timeout_seconds)
            token = str(json.loads(first).get("token", "")) if first.startswith("{") else ""
        except (TimeoutError, ValueError, AttributeError, KeyError):
            token = ""
    if not token:
        raise Refused(INVALID_TOKEN, "Send the access token: ?token=... or a first message {\"action\": \"auth\", \"token\": \"...\"}.")
    try:
        return await verifier.verify(token), token
    except DomainError as exc:
        raise Refused(INVALID_TOKEN, exc.detail) from exc


class LiveSocket:
    """The lifetime of one connection: authenticate, catch up, then read client frames while a
    writer task sends the queued frames (heartbeats come from the hub, expiry from a timer)."""

    def __init__(self, ws: WebSocket, hub: LiveHub, verifier: TokenVerifier, upstreams: Upstreams, settings: LiveSettings) -> None:
        self.ws, self.hub, self.verifier, self.upstreams, self.settings = ws, hub, verifier, upstreams, settings

    async def run(self) -> None:
        await self.ws.accept()
        try:
            principal, token = await _authenticate(self.ws, self.verifier, self.settings)
        except Refused as refused:
            await self._close(refused.code, refused.reason)
            return
        except WebSocketDisconnect:
            return
        conn = Connection(self.ws, principal, _expiry(token), asyncio.Queue(self.settings.send_queue))
        conn.expire_at(conn.expires_at)
        try:
            self.hub.add(conn, self.settings.max_sockets_per_user)
        except Refused as refused:
            await self._close(refused.code, refused.reason)
            return
        writer = asyncio.create_task(self._write(conn))
        try:
            conn.offer(frame("welcome", {"user_id": principal.user_id, "heartbeat_seconds": self.settings.heartbeat_seconds}))
            await self._catch_up(conn, token)
            await self._read(conn)
        except WebSocketDisconnect:
            pass
        except Refused as refused:
            conn.close_soon(refused.code, refused.reason)
            await asyncio.wait([writer], timeout=2)
        finally:
            self.hub.remove(conn)
            if conn.expiry is not None:
                conn.expiry.cancel()
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await writer

    async def _catch_up(self, conn: Connection, token: str) -> None:
        raw = self.ws.query_params.get("since_id", "")
        if not raw:
            return
        if not raw.isdigit():
            raise Refused(JUNK, "since_id must be a notification id.")
        request = notify_pb2.ListNotificationsRequest(since_id=int(raw), page=common_pb2.PageRequest(limit=self.settings.catch_up_limit))
        try:
            answer = await self.upstreams.notify.ListNotifications(request, metadata=(("authorization", f"Bearer {token}"),))
        except grpc.aio.AioRpcError as exc:
            conn.offer(frame("error", {"detail": "Missed notifications could not be fetched; list them with GET /api/v1/notifications?since_id=.", "code": "catch_up_failed"}))
            log.warning("catch-up failed", code=exc.code().name)
            return
        for n in answer.notifications:
            conn.offer(frame("notification", {**NotificationOut.of(n).model_dump(mode="json"), "replayed": True}))
        if answer.page.has_more:
            conn.offer(frame("catch_up_truncated", {"detail": "More were missed; page through GET /api/v1/notifications?since_id=.", "next_cursor": answer.page.next_cursor}))

    async def _read(self, conn: Connection) -> None:
        while conn.closing is None:
            try:
                message = await self.ws.receive()
            except RuntimeError:  # the writer already closed the socket
                return
            if message["type"] == "websocket.disconnect":
                return
            text, data = message.get("text"), message.get("bytes")
            size = len(text.encode()) if text is not None else len(data or b"")
            if size > self.settings.max_message_bytes:
                raise Refused(TOO_BIG, f"Messages may be at most {self.settings.max_message_bytes} bytes.")
            if text is None:
                raise Refused(JUNK, "Send JSON text frames, not binary.")
            await self._act(conn, text)

    async def _act(self, conn: Connection, text: str) -> None:
        try:
            body = json.loads(text)
        except ValueError as exc:
            raise Refused(JUNK, "That was not JSON; send {\"action\": ...}.") from exc
        if not isinstance(body, dict):
            raise Refused(JUNK, "Send a JSON object with an action.")
        action = body.get("action")
        if action == "ping":
            conn.offer(frame("pong", {}))
        elif action in ("subscribe", "unsubscribe"):
            self._subscription(conn, action, body.get("resource_ids"))
        elif action == "auth":
            await self._reauthenticate(conn, body.get("token"))
        else:
            conn.offer(frame("error", {"detail": "Unknown action; use subscribe, unsubscribe, ping or auth.", "code": "unknown_action"}))

    def _subscription(self, conn: Connection, action: str, ids: Any) -> None:
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**62 for i in ids):
            conn.offer(frame("error", {"detail": "resource_ids must be a list of resource ids.", "code": "invalid_resource_ids"}))
            return
        wanted = set(ids)
        if action == "subscribe":
            if len(conn.resources | wanted) > self.settings.max_subscriptions:
                conn.offer(frame("error", {"detail": f"At most {self.settings.max_subscriptions} resources per socket.", "code": "too_many_subscriptions"}))
                return
            self.hub.subscribe(conn, wanted)
        else:
            self.hub.unsubscribe(conn, wanted)
        conn.offer(frame("subscribed", {"resource_ids": sorted(conn.resources)}))

    async def _reauthenticate(self, conn: Connection, token: Any) -> None:
        """A refreshed token extends the socket's life; it must be the same user's."""
        try:
            principal = await self.verifier.verify(str(token or ""))
        except DomainError as exc:
            raise Refused(INVALID_TOKEN, exc.detail) from exc
        if principal.user_id != conn.principal.user_id:
            raise Refused(INVALID_TOKEN, "The new token belongs to another user.")
        conn.principal, conn.expires_at = principal, _expiry(str(token))
        conn.expire_at(conn.expires_at)
        conn.offer(frame("authenticated", {"user_id": principal.user_id}))

    async def _write(self, conn: Connection) -> None:
        try:
            while True:
                text = await conn.queue.get()
                if conn.closing is not None:
                    await self._close(*conn.closing)
                    return
                if text:
                    await self.ws.send_text(text)
        except (WebSocketDisconnect, RuntimeError, OSError):
            return

    async def _close(self, code: int, reason: str) -> None:
        CLOSED.labels(str(code)).inc()
        with contextlib.suppress(RuntimeError, OSError, WebSocketDisconnect):
            await self.ws.close(code=code, reason=reason)


# -- wiring into the app ----------------------------------------------------------------------


def install(app: FastAPI) -> None:
    """The `/ws` route (also under /api/v1, next to the REST API)."""

    async def live_socket(websocket: WebSocket) -> None:
        state = websocket.app.state
        await LiveSocket(websocket, state.live_hub, state.verifier, state.upstreams, state.live_settings).run()

    app.add_api_websocket_route("/ws", live_socket, name="live")
    app.add_api_websocket_route("/api/v1/ws", live_socket, name="live_v1")


async def start_live(app: FastAPI) -> None:
    app.state.live_settings = LiveSettings()
    app.state.live_hub = LiveHub()
    app.state.live_fanout = LiveFanout(app.state.live_hub, app.state.nats)
    app.state.live_fanout.start()
    app.state.live_heartbeats = asyncio.create_task(app.state.live_hub.heartbeats(app.state.live_settings.heartbeat_seconds))


async def stop_live(app: FastAPI) -> None:
    heartbeats: asyncio.Task[None] | None = getattr(app.state, "live_heartbeats", None)
    if heartbeats is not None:
        heartbeats.cancel()
    fanout: LiveFanout | None = getattr(app.state, "live_fanout", None)
    if fanout is not None:
        await fanout.stop()
    hub: LiveHub | None = getattr(app.state, "live_hub", None)
    for conn in list(hub.connections if hub else ()):
        conn.close_soon(1001, "The gateway is shutting down; reconnect.")
