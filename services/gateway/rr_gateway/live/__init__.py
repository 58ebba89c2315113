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

from fastapi import FastAPI, WebSocket

from rr_gateway.live.fanout import LiveFanout
from rr_gateway.live.hub import LiveHub
from rr_gateway.live.settings import LiveSettings
from rr_gateway.live.socket import LiveSocket


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
    app.state.live_heartbeats = asyncio.create_task(
        app.state.live_hub.heartbeats(app.state.live_settings.heartbeat_seconds)
    )


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
