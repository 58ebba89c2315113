"""Reminders: N minutes before the start (the user's choice, default 60), fired once, cancelled
with the reservation, moved with the reservation or the user's lead time, and kept across a restart."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from datetime import timedelta

import asyncpg
from rr.booking.v1 import booking_pb2
from rr.notify.v1 import notify_pb2

from rr_common.testing import TestTokens, migrated_database
from rr_common.timeconv import utcnow
from rr_devstack.pytest_plugin import fresh_database
from rr_notify.consumers.booking import RESERVATION_CANCELLED, RESERVATION_CREATED
from services.notify.tests.conftest import start_notify
from services.notify.tests.support import as_event, bounded, eventually


async def reminders_of(notify_db, user_id: int) -> list:
    return await notify_db.fetch(
        "SELECT * FROM notifications WHERE user_id = $1 AND type = 'reservation_reminder'", user_id
    )


async def set_lead(notify, user_id: int, minutes: int) -> None:
    await notify.stub.UpdatePreferences(
        notify_pb2.UpdatePreferencesRequest(reminder_minutes=minutes), metadata=notify.auth(user_id)
    )


async def test_fires_once_at_the_lead_time_the_user_chose(notify, booking, user_id: int) -> None:
    await set_lead(notify, user_id, 30)
    start = utcnow() + timedelta(minutes=30, seconds=1.5)
    res = booking.reservation(user_id, start, start + timedelta(hours=1), resource_id=11)
    await notify.process(RESERVATION_CREATED, booking.created(res, "Room R"))

    row = await notify.db.fetchrow("SELECT * FROM reminders WHERE reservation_id = $1", res.id)
    assert row["status"] == "pending" and abs((row["fire_at"] - (start - timedelta(minutes=30))).total_seconds()) < 0.01
    assert await reminders_of(notify.db, user_id) == []

    async def fired() -> bool:
        return len(await reminders_of(notify.db, user_id)) == 1

    await eventually(fired, timeout=10)
    (note,) = await reminders_of(notify.db, user_id)
    assert (
        note["subject_id"] == res.id
        and note["message"].startswith("Reminder: your reservation of Room R on ")
        and note["message"].endswith("starts in 30 minutes.")
    )
    await asyncio.sleep(0.3)  # several sweeps later it has still fired only once
    assert len(await reminders_of(notify.db, user_id)) == 1
    assert await notify.db.fetchval("SELECT status FROM reminders WHERE reservation_id = $1", res.id) == "sent"


async def test_a_cancelled_reservation_is_never_reminded(notify, booking, user_id: int) -> None:
    await set_lead(notify, user_id, 1)
    start = utcnow() + timedelta(minutes=1, seconds=1)
    res = booking.reservation(user_id, start, start + timedelta(hours=1))
    await notify.process(RESERVATION_CREATED, booking.created(res))
    res.status = "cancelled"
    await notify.process(RESERVATION_CANCELLED, booking.cancelled(res))

    await asyncio.sleep(1.5)
    assert await reminders_of(notify.db, user_id) == []
    assert await notify.db.fetchval("SELECT status FROM reminders WHERE reservation_id = $1", res.id) == "cancelled"


async def test_no_reminder_when_booked_inside_the_lead_time(notify, booking, user_id: int) -> None:
    start = utcnow() + timedelta(minutes=20)  # the default lead is 60 minutes
    res = booking.reservation(user_id, start, start + timedelta(hours=1))
    await notify.process(RESERVATION_CREATED, booking.created(res))
    assert await notify.db.fetchval("SELECT count(*) FROM reminders WHERE reservation_id = $1", res.id) == 0


async def test_changing_the_lead_time_moves_pending_reminders(notify, booking, user_id: int) -> None:
    start = utcnow() + timedelta(days=2)
    res = booking.reservation(user_id, start, start + timedelta(hours=1))
    await notify.process(RESERVATION_CREATED, booking.created(res))

    await set_lead(notify, user_id, 15)

    fire_at = await notify.db.fetchval("SELECT fire_at FROM reminders WHERE reservation_id = $1", res.id)
    assert abs((fire_at - (start - timedelta(minutes=15))).total_seconds()) < 0.01


async def test_the_schedule_survives_a_restart(rr_infra, nats_url: str, js, booking, user_id: int) -> None:
    url = await bounded(
        migrated_database(fresh_database(rr_infra, "notify"), "rr_notify"), 60, "migrating a fresh database"
    )
    tokens, suffix = TestTokens(), f"-restart-{secrets.token_hex(4)}"
    first, _, _ = await bounded(
        start_notify(url, nats_url, tokens, suffix, reminder_default_minutes=1), 60, "starting notify"
    )
    start = utcnow() + timedelta(minutes=1, seconds=1.5)
    res = booking.reservation(user_id, start, start + timedelta(hours=1))
    consumer = next(c for c in first.parts.consumers if c.durable == f"notify-booking{suffix}")
    await consumer._process(as_event(RESERVATION_CREATED, booking.created(res)))
    await bounded(first.stop(), 60, "stopping notify")  # down before it is due

    await asyncio.sleep(2)
    second, _, _ = await bounded(
        start_notify(url, nats_url, tokens, suffix, reminder_default_minutes=1), 60, "restarting notify"
    )
    try:
        db = await asyncpg.connect(url)
        try:
            assert await reminders_of(db, user_id) == [], "nothing fired while notify was down"

            async def fired() -> bool:
                return len(await reminders_of(db, user_id)) == 1

            await eventually(fired, timeout=10)
            assert await db.fetchval("SELECT status FROM reminders WHERE reservation_id = $1", res.id) == "sent"
        finally:
            await db.close()
    finally:
        # What is under test passed above. A second in-process gRPC server's stop can stall in
        # grpc's own shutdown under load; a real process is stopped by SIGTERM (tests/faults).
        with contextlib.suppress(AssertionError):
            await bounded(second.stop(), 20, "stopping notify again")
        for producer in ("auth", "catalog", "booking", "waitlist"):
            await js.delete_consumer(f"RR_{producer.upper()}", f"notify-{producer}{suffix}")


async def test_a_cancellation_handled_before_its_creation_brings_no_reminder_back(
    notify, booking, user_id: int
) -> None:
    """Two relays or a redelivery can hand notify `cancelled` (version 2) before `created` (version 1)."""
    await set_lead(notify, user_id, 1)
    start = utcnow() + timedelta(minutes=1, seconds=1)
    created = booking.reservation(user_id, start, start + timedelta(hours=1))
    created.version = 1
    cancelled = booking_pb2.Reservation()
    cancelled.CopyFrom(created)
    cancelled.status, cancelled.version = "cancelled", 2
    await notify.process(RESERVATION_CANCELLED, booking.cancelled(cancelled))
    await notify.process(RESERVATION_CREATED, booking.created(created))

    await asyncio.sleep(1.5)
    assert await reminders_of(notify.db, user_id) == []
    assert (
        await notify.db.fetchval(
            "SELECT count(*) FROM reminders WHERE reservation_id = $1 AND status = 'pending'", created.id
        )
        == 0
    )
    kinds = [
        r["type"]
        for r in await notify.db.fetch("SELECT type FROM notifications WHERE user_id = $1 ORDER BY id", user_id)
    ]
    assert kinds == ["reservation_cancelled"], "the stale creation is not told after the cancellation"
    audited = await notify.db.fetchval(
        "SELECT count(*) FROM audit_log WHERE entity_type = 'reservation' AND entity_id = $1", str(created.id)
    )
    assert audited == 2, "both events are still facts in the audit log"
