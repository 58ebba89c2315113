"""The lifetime of one socket: authentication (query token or first message), catch-up of missed
notifications, the client's actions, and the writer that drains its queue."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import grpc
from fastapi import WebSocket, WebSocketDisconnect
from jose import jwt
from prometheus_client import Counter
from rr.common.v1 import common_pb2
from rr.notify.v1 import notify_pb2

from rr_common.context import Principal
from rr_common.errors import DomainError
from rr_common.logs import get_logger
from rr_common.tokens import TokenVerifier
from rr_gateway.live.hub import INVALID_TOKEN, JUNK, TOO_BIG, Connection, LiveHub, Refused, frame
from rr_gateway.live.settings import LiveSettings
from rr_gateway.schemas.notifications import NotificationOut
from rr_gateway.upstreams import Upstreams

log = get_logger("rr.gateway.ws")
CLOSED = Counter("rr_ws_closed_total", "Sockets closed by the gateway", ["code"])


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
        raise Refused(
            INVALID_TOKEN, 'Send the access token: ?token=... or a first message {"action": "auth", "token": "..."}.'
        )
    try:
        return await verifier.verify(token), token
    except DomainError as exc:
        raise Refused(INVALID_TOKEN, exc.detail) from exc


class LiveSocket:
    """The lifetime of one connection: authenticate, catch up, then read client frames while a
    writer task sends the queued frames (heartbeats come from the hub, expiry from a timer)."""

    def __init__(
        self, ws: WebSocket, hub: LiveHub, verifier: TokenVerifier, upstreams: Upstreams, settings: LiveSettings
    ) -> None:
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
            conn.offer(
                frame("welcome", {"user_id": principal.user_id, "heartbeat_seconds": self.settings.heartbeat_seconds})
            )
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
        request = notify_pb2.ListNotificationsRequest(
            since_id=int(raw), page=common_pb2.PageRequest(limit=self.settings.catch_up_limit)
        )
        try:
            answer = await self.upstreams.notify.ListNotifications(
                request, metadata=(("authorization", f"Bearer {token}"),)
            )
        except grpc.aio.AioRpcError as exc:
            conn.offer(
                frame(
                    "error",
                    {
                        "detail": "Missed notifications could not be fetched; list them with GET /api/v1/notifications?since_id=.",
                        "code": "catch_up_failed",
                    },
                )
            )
            log.warning("catch-up failed", code=exc.code().name)
            return
        for n in answer.notifications:
            conn.offer(frame("notification", {**NotificationOut.of(n).model_dump(mode="json"), "replayed": True}))
        if answer.page.has_more:
            conn.offer(
                frame(
                    "catch_up_truncated",
                    {
                        "detail": "More were missed; page through GET /api/v1/notifications?since_id=.",
                        "next_cursor": answer.page.next_cursor,
                    },
                )
            )

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
            raise Refused(JUNK, 'That was not JSON; send {"action": ...}.') from exc
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
            conn.offer(
                frame(
                    "error",
                    {"detail": "Unknown action; use subscribe, unsubscribe, ping or auth.", "code": "unknown_action"},
                )
            )

    def _subscription(self, conn: Connection, action: str, ids: Any) -> None:
        if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**62 for i in ids
        ):
            conn.offer(
                frame(
                    "error", {"detail": "resource_ids must be a list of resource ids.", "code": "invalid_resource_ids"}
                )
            )
            return
        wanted = set(ids)
        if action == "subscribe":
            if len(conn.resources | wanted) > self.settings.max_subscriptions:
                conn.offer(
                    frame(
                        "error",
                        {
                            "detail": f"At most {self.settings.max_subscriptions} resources per socket.",
                            "code": "too_many_subscriptions",
                        },
                    )
                )
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
