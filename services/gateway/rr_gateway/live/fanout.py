"""NATS -> sockets: every gateway replica subscribes to NATS itself (core subscriptions: each
replica gets every event, new ones only) and routes what its sockets care about through its hub."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from datetime import UTC
from typing import Any

from google.protobuf.message import DecodeError, Message
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from rr.booking.v1 import events_pb2 as booking_events
from rr.catalog.v1 import events_pb2 as catalog_events
from rr.notify.v1 import events_pb2 as notify_events

from rr_common import subjects
from rr_common.logs import get_logger
from rr_common.nats_conn import NatsConnection
from rr_gateway.live.hub import LiveHub, frame
from rr_gateway.schemas.notifications import NotificationOut

log = get_logger("rr.gateway.ws")
NOTIFICATION_CREATED = subjects.NOTIFY_NOTIFICATION_CREATED
ANNOUNCEMENT_SENT = subjects.NOTIFY_ANNOUNCEMENT_SENT
LIVE_SUBJECTS = (
    subjects.BOOKING_RESERVATION_ANY,
    subjects.BOOKING_SERIES_ANY,
    subjects.CATALOG_RESOURCE_STATUS_CHANGED,
)

_RESERVATION_TYPES: dict[str, type[Message]] = {
    subjects.BOOKING_RESERVATION_CREATED: booking_events.ReservationCreated,
    subjects.BOOKING_RESERVATION_CANCELLED: booking_events.ReservationCancelled,
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
        data = {
            "announcement_id": event.announcement_id,
            "type": "system_announcement",
            "title": event.title,
            "message": event.message,
            "role": event.role or None,
            "created_at": _ts(event.created_at),
        }
        self.hub.to_role(event.role, "announcement", frame("announcement", data, _event_id(msg)))

    def on_resource_event(self, msg: Msg) -> None:
        kind = msg.subject.split(".", 2)[2]
        if msg.subject == subjects.CATALOG_RESOURCE_STATUS_CHANGED:
            s = catalog_events.ResourceStatusChanged.FromString(msg.data)
            data = {
                "resource_id": s.resource_id,
                "event": kind,
                "status": s.status,
                "previous_status": s.previous_status,
                "reason": s.reason or None,
                "until": _ts(s.until),
            }
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
