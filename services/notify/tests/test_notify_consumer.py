"""Booking events become notifications: once each, announced through the outbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.protobuf.message import DecodeError
from nats.aio.client import Client
from nats.aio.msg import Msg
from rr.notify.v1 import events_pb2, notify_pb2

from rr_common.consumer import Event
from rr_notify.consumers.booking import RESERVATION_CANCELLED, RESERVATION_CREATED
from rr_notify.events import NOTIFICATION_CREATED
from services.notify.tests.support import eventually

START = datetime(2030, 7, 15, 8, 0, tzinfo=UTC)
END = datetime(2030, 7, 15, 9, 0, tzinfo=UTC)
# Field 99, varint 1: what a newer booking might add to its event.
UNKNOWN_FIELD = b"\x98\x06\x01"


def as_event(subject: str, event_id: str, payload: bytes) -> Event:
    return Event(subject=subject, event_id=event_id, payload=payload, headers={}, attempt=1)


async def rows_for(notify, user_id: int) -> list:
    return await notify.db.fetch("SELECT * FROM notifications WHERE user_id = $1 ORDER BY id", user_id)


async def announced_for(notify, user_id: int) -> list[events_pb2.NotificationCreated]:
    rows = await notify.db.fetch("SELECT payload FROM outbox WHERE subject = $1", NOTIFICATION_CREATED)
    messages = [events_pb2.NotificationCreated.FromString(r["payload"]) for r in rows]
    return [m for m in messages if m.notification.user_id == user_id]


async def test_published_booking_events_become_notifications_and_are_announced(
    notify, booking, nats_client: Client, user_id: int
) -> None:
    announced: list[events_pb2.NotificationCreated] = []

    async def collect(msg: Msg) -> None:
        message = events_pb2.NotificationCreated.FromString(msg.data)
        if message.notification.user_id == user_id:
            announced.append(message)

    sub = await nats_client.subscribe(NOTIFICATION_CREATED, cb=collect)
    res = booking.reservation(user_id, START, END)
    await booking.publish(RESERVATION_CREATED, booking.created(res, "Room A"))
    res.status, res.cancellation_reason = "cancelled", "Room flooded"
    await booking.publish(RESERVATION_CANCELLED, booking.cancelled(res, "Room A"))

    async def listed() -> list[notify_pb2.Notification]:
        answer = await notify.stub.ListNotifications(
            notify_pb2.ListNotificationsRequest(), metadata=notify.auth(user_id)
        )
        return list(answer.notifications)

    async def both_arrived() -> bool:
        return len(await listed()) >= 2

    await eventually(both_arrived)
    cancelled, confirmed = await listed()
    assert (confirmed.type, confirmed.title, confirmed.subject_id) == (
        "reservation_confirmed",
        "Reservation confirmed",
        res.id,
    )
    assert "Room A on Mon 15 Jul 2030, 10:00–11:00 (Europe/Berlin)" in confirmed.message
    assert (cancelled.type, cancelled.title, cancelled.subject_id) == (
        "reservation_cancelled",
        "Reservation cancelled",
        res.id,
    )
    assert cancelled.message.endswith("Reason: Room flooded")

    async def both_announced() -> bool:
        return len(announced) >= 2

    await eventually(both_announced)
    await sub.unsubscribe()
    assert sorted(m.notification.id for m in announced) == sorted([confirmed.id, cancelled.id])
    assert all(m.header.event_id and m.header.occurred_at.seconds for m in announced)


async def test_a_redelivered_event_changes_nothing(notify, booking, user_id: int) -> None:
    message = booking.created(booking.reservation(user_id, START, END))
    event = as_event(RESERVATION_CREATED, message.header.event_id, message.SerializeToString())

    outcomes = [await notify.consumer._process(event), await notify.consumer._process(event)]

    assert outcomes == ["processed", "duplicate"]
    assert len(await rows_for(notify, user_id)) == 1
    assert len(await announced_for(notify, user_id)) == 1


async def test_the_notification_and_its_announcement_are_written_together(notify, booking, user_id: int) -> None:
    message = booking.created(booking.reservation(user_id, START, END))
    await notify.consumer._process(as_event(RESERVATION_CREATED, message.header.event_id, message.SerializeToString()))

    (row,) = await rows_for(notify, user_id)
    (announcement,) = await announced_for(notify, user_id)
    assert announcement.notification.id == row["id"]
    assert announcement.notification.message == row["message"]
    assert announcement.notification.created_at.seconds == int(row["created_at"].timestamp())


async def test_a_failed_event_leaves_no_trace_and_can_be_retried(notify, booking, user_id: int) -> None:
    message = booking.created(booking.reservation(user_id, START, END))
    with pytest.raises(DecodeError):
        await notify.consumer._process(as_event(RESERVATION_CREATED, message.header.event_id, b"\xff\xff\xff"))
    assert await notify.db.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", message.header.event_id) == 0

    outcome = await notify.consumer._process(
        as_event(RESERVATION_CREATED, message.header.event_id, message.SerializeToString())
    )

    assert outcome == "processed"
    assert len(await rows_for(notify, user_id)) == 1


async def test_unknown_fields_are_ignored(notify, booking, user_id: int) -> None:
    message = booking.created(booking.reservation(user_id, START, END), "Lab 3")
    payload = message.SerializeToString() + UNKNOWN_FIELD

    outcome = await notify.consumer._process(as_event(RESERVATION_CREATED, message.header.event_id, payload))

    assert outcome == "processed"
    (row,) = await rows_for(notify, user_id)
    assert "Lab 3" in row["message"]


async def test_an_unknown_time_zone_falls_back_to_utc(notify, booking, user_id: int) -> None:
    message = booking.created(booking.reservation(user_id, START, END, timezone="Nowhere/Atlantis"))
    await notify.consumer._process(as_event(RESERVATION_CREATED, message.header.event_id, message.SerializeToString()))

    (row,) = await rows_for(notify, user_id)
    assert "Mon 15 Jul 2030, 08:00–09:00 (UTC)" in row["message"]


async def test_other_booking_events_are_audited_but_notify_nobody(notify, booking, user_id: int) -> None:
    res = booking.reservation(user_id, START, END, status="checked_in")
    message = booking.changed(res, previous="confirmed")
    event = as_event("rr.booking.reservation.checked_in", message.header.event_id, message.SerializeToString())

    assert await notify.consumer._process(event) == "processed"
    assert await rows_for(notify, user_id) == []
    assert (
        await notify.db.fetchval("SELECT action FROM audit_log WHERE event_id = $1", message.header.event_id)
        == "reservation.checked_in"
    )


async def test_an_event_without_a_user_notifies_nobody(notify, booking) -> None:
    message = booking.created(booking.reservation(0, START, END))
    outcome = await notify.consumer._process(
        as_event(RESERVATION_CREATED, message.header.event_id, message.SerializeToString())
    )

    assert outcome == "processed"
    assert await notify.db.fetchval("SELECT count(*) FROM notifications WHERE user_id = 0") == 0
    assert await notify.db.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", message.header.event_id) == 1
