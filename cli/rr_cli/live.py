"""Live events over the gateway's WebSocket (`/ws`): connect with a fresh token, subscribe to the
chosen resources, print each event as it arrives. Before the access token expires a refreshed
one is sent on the open socket; if the server drops the connection anyway, reconnect and replay
the notifications missed meanwhile (`since_id`)."""

from __future__ import annotations

import json
import time
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidStatus, InvalidURI, WebSocketException
from websockets.sync.client import ClientConnection, connect

from rr_cli.errors import CliError
from rr_cli.output import Mode
from rr_cli.state import AppState
from rr_cli.timefmt import show_time

PATHS = ("/api/v1/ws", "/ws")
MAX_RECONNECTS = 5
CONTROL_FRAMES = {"welcome", "pong", "heartbeat", "subscribed", "authenticated"}
FATAL_CLOSE_CODES = {4400: "the server did not understand the client", 4429: "too many live connections for this user"}


class Watch:
    def __init__(self, state: AppState, resource_ids: list[int], count: int | None, timeout: float | None) -> None:
        self.state = state
        self.resource_ids = resource_ids
        self.count = count
        self.deadline = time.monotonic() + timeout if timeout else None
        self.seen = 0
        self.last_notification: int | None = None
        self.refresh_at = 0.0

    def run(self) -> None:
        failures = 0
        while not self._finished():
            try:
                with self._connect() as socket:
                    failures = 0
                    self._subscribe(socket)
                    self._receive(socket)
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd is not None else None
                if code in FATAL_CLOSE_CODES:
                    raise CliError(
                        f"The server closed the live connection: {FATAL_CLOSE_CODES[code]} ({exc.rcvd.reason if exc.rcvd else code})."
                    ) from exc
                failures += 1
                if failures > MAX_RECONNECTS:
                    raise CliError(f"The live connection keeps closing ({exc}); try again later.") from exc
                self.state.output.warn("The live connection closed; reconnecting.")
                time.sleep(min(2**failures, 30))
            except TimeoutError:
                return

    def _finished(self) -> bool:
        return (self.count is not None and self.seen >= self.count) or (
            self.deadline is not None and time.monotonic() >= self.deadline
        )

    def _connect(self) -> ClientConnection:
        client = self.state.client
        base = client.server.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        replay = f"&since_id={self.last_notification}" if self.last_notification else ""
        statuses: list[str] = []
        for path in PATHS:
            for attempt in range(2):
                session = client.session()
                try:
                    socket = connect(
                        f"{base}{path}?token={session.access_token}{replay}", open_timeout=client.timeout, proxy=None
                    )
                except InvalidStatus as exc:
                    status = exc.response.status_code
                    if status in (401, 403) and attempt == 0:
                        client.refresh(session)  # the token may have just expired: once more with a new one
                        continue
                    if status != 404:
                        raise CliError(f"The server refused the live connection ({status} on {path}).") from exc
                    statuses.append(f"{path}: {status}")
                    break
                except (OSError, InvalidURI, WebSocketException) as exc:
                    raise CliError(f"Cannot open a live connection to {client.server} ({exc}).") from exc
                self.refresh_at = session.refresh_at
                return socket
        raise CliError(
            f"This server does not offer live events ({', '.join(statuses)}); it may be older than this CLI."
        )

    def _subscribe(self, socket: ClientConnection) -> None:
        if self.resource_ids:
            socket.send(json.dumps({"action": "subscribe", "resource_ids": self.resource_ids}))
        if self.state.output.is_table and self.seen == 0:
            self.state.output.hint("Watching live events; press Ctrl-C to stop.")

    def _receive(self, socket: ClientConnection) -> None:
        while not self._finished():
            self._keep_token_fresh(socket)
            waits = [self.refresh_at - time.time()]
            if self.deadline is not None:
                waits.append(self.deadline - time.monotonic())
            try:
                raw = socket.recv(timeout=max(0.0, min(waits)))
            except TimeoutError:
                if self.deadline is not None and time.monotonic() >= self.deadline:
                    raise
                continue  # time to send a fresh token
            self._handle(raw)

    def _keep_token_fresh(self, socket: ClientConnection) -> None:
        if time.time() < self.refresh_at:
            return
        session = self.state.client.session()  # refreshes when close to expiry
        socket.send(json.dumps({"action": "auth", "token": session.access_token}))
        self.refresh_at = session.refresh_at

    def _handle(self, raw: str | bytes) -> None:
        try:
            event = json.loads(raw)
        except (TypeError, ValueError):
            return
        if not isinstance(event, dict) or event.get("type") in CONTROL_FRAMES:
            return
        data = event.get("data")
        if event.get("type") in ("error", "catch_up_truncated"):
            detail = data.get("detail") if isinstance(data, dict) else None
            self.state.output.warn(str(detail or event))
            return
        if event.get("type") == "notification" and isinstance(data, dict) and isinstance(data.get("id"), int):
            self.last_notification = max(self.last_notification or 0, data["id"])
        self.seen += 1
        self._print(event)

    def _print(self, event: dict[str, Any]) -> None:
        out = self.state.output
        if out.mode is Mode.JSON:
            out.out.file.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
            out.out.file.flush()
        elif out.mode is Mode.QUIET:
            out.out.file.write(f"{event.get('id', '')}\n")
            out.out.file.flush()
        else:
            when = show_time(str(event.get("ts") or "")) if event.get("ts") else ""
            out.out.print(
                f"{when}  {event.get('type', 'event')}  {summary(event)}".strip(), markup=False, highlight=False
            )


def summary(event: dict[str, Any]) -> str:
    """One readable line: a notification's title, or what happened on a resource."""
    raw = event.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if data.get("title") or data.get("message"):
        return str(data.get("title") or data.get("message"))
    if event.get("type") == "resource" and data.get("event"):
        text = f"resource {data.get('resource_id')}: {data['event']}"
        booking = data.get("reservation") if isinstance(data.get("reservation"), dict) else None
        if booking:
            text += f" ({show_time(str(booking.get('start_time')))} to {show_time(str(booking.get('end_time')))}, {booking.get('status')})"
        elif data.get("status"):
            text += f" (now {data['status']})"
        return text
    return json.dumps(data, ensure_ascii=False, default=str)
