"""What a batch of events costs notify: SQL statements and CPU time per event.

A realistic batch (reservations created, some of them cancelled, waitlist offers; distinct users
with preferences; two webhooks subscribed) goes through the consumers' batch path against the real
database. The statements are counted on the engine (`before_cursor_execute`, this task only: the
sweeps share the engine) and the CPU time is the process's. The bound holds the handling
set-based: a statement per event anywhere would break it. `RR_BATCH_COST_OUT=<file>` appends the
figures as a JSON line, to compare two checkouts run back to back.
"""

from __future__ import annotations

import contextvars
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from rr.notify.v1 import notify_pb2, webhooks_pb2
from rr.waitlist.v1 import events_pb2 as waitlist_events
from rr.waitlist.v1 import waitlist_pb2
from sqlalchemy import event as sa_event
from sqlalchemy.engine.default import NO_CACHE_KEY

from rr_common.consumer import Event, EventConsumer
from rr_common.timeconv import to_timestamp
from rr_notify.consumers.booking import RESERVATION_CANCELLED, RESERVATION_CREATED
from rr_notify.consumers.waitlist import OFFER_CREATED
from services.notify.tests.conftest import unique_user
from services.notify.tests.support import Receiver, as_event, header, start_receiver, stop_receiver

START = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
CREATED, CANCELLED, OFFERS = 50, 25, 25
# Statements for the whole batch of 100 (both consumers). Handled event by event it cost 877.
BOUND = 40

_counting: contextvars.ContextVar[bool] = contextvars.ContextVar("counting", default=False)


@contextmanager
def counted(consumer: EventConsumer) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if _counting.get():
            # A statement without a cache key is compiled anew every time: marked, and refused below.
            uncached = getattr(context, "cache_hit", None) is NO_CACHE_KEY
            statements.append(("UNCACHED " if uncached else "") + statement)

    engine = consumer._db.engine.sync_engine
    sa_event.listen(engine, "before_cursor_execute", before)
    token = _counting.set(True)
    try:
        yield statements
    finally:
        _counting.reset(token)
        sa_event.remove(engine, "before_cursor_execute", before)


async def prepare_users(notify, users: list[int]) -> None:
    """Half of them changed something: e-mail off for confirmations, their own reminder lead time."""
    for user_id in users[::2]:
        request = notify_pb2.UpdatePreferencesRequest(
            reminder_minutes=30,
            channels=[notify_pb2.ChannelPreferenceUpdate(type="reservation_confirmed", email=False)],
        )
        await notify.stub.UpdatePreferences(request, metadata=notify.auth(user_id))


def booking_batch(booking, users: list[int]) -> list[Event]:
    events = []
    reservations = []
    for i, user_id in enumerate(users[:CREATED]):
        res = booking.reservation(user_id, START + timedelta(hours=i), START + timedelta(hours=i, minutes=30))
        res.version = 1
        reservations.append(res)
        message = booking.created(res, "Room A")
        events.append(as_event(RESERVATION_CREATED, message))
    for res in reservations[:CANCELLED]:
        res.status, res.version, res.cancellation_reason = "cancelled", 2, "Plans changed"
        events.append(as_event(RESERVATION_CANCELLED, booking.cancelled(res, "Room A")))
    return events


def waitlist_batch(users: list[int]) -> list[Event]:
    events = []
    for i, user_id in enumerate(users[CREATED : CREATED + OFFERS]):
        entry = waitlist_pb2.WaitlistEntry(
            id=10**9 + user_id % 10**8 + i,
            resource_id=7,
            user_id=user_id,
            status="offered",
            offer_expires_at=to_timestamp(START),
        )
        message = waitlist_events.OfferChanged(header=header(user_id), entry=entry, resource_name="Room A")
        events.append(as_event(OFFER_CREATED, message))
    return events


async def measure(notify, booking) -> dict[str, float]:
    users = [unique_user() for _ in range(CREATED + OFFERS)]
    await prepare_users(notify, users)
    batches = [
        (notify.consumers["booking"], booking_batch(booking, users)),
        (notify.consumers["waitlist"], waitlist_batch(users)),
    ]
    events = sum(len(batch) for _, batch in batches)
    cpu = 0.0
    statements = 0
    seen_all: list[str] = []
    for consumer, batch in batches:
        with counted(consumer) as seen:
            began = time.process_time()
            outcomes = await consumer._process_many(batch)
            cpu += time.process_time() - began
        assert outcomes == ["processed"] * len(batch)
        statements += len(seen)
        seen_all += seen
    assert statements > 0, "no statement counted: the listener saw nothing"
    uncached = [" ".join(s.split())[:100] for s in seen_all if s.startswith("UNCACHED ")]
    assert uncached == [], f"statements compiled on every batch (no cache key; pass rows as parameters): {uncached}"
    return {"events": events, "statements": statements, "per_event": statements / events, "cpu_ms": cpu * 1000 / events}


async def test_a_batch_of_events_costs_a_few_statements(notify, booking) -> None:
    receiver: Receiver = await start_receiver()
    hooks = []
    try:
        for events in (["reservation.created", "reservation.cancelled"], ["*"]):
            request = webhooks_pb2.CreateWebhookRequest(url=receiver.url, events=events, description="batch cost")
            hooks.append((await notify.webhooks.CreateWebhook(request, metadata=notify.admin())).webhook.id)
        figures = await measure(notify, booking)
    finally:
        for webhook_id in hooks:
            await notify.webhooks.DeleteWebhook(
                webhooks_pb2.DeleteWebhookRequest(id=webhook_id), metadata=notify.admin()
            )
        await stop_receiver(receiver)

    if out := os.environ.get("RR_BATCH_COST_OUT"):
        with open(out, "a", encoding="utf-8") as file:
            file.write(json.dumps(figures) + "\n")
    assert figures["statements"] <= BOUND, figures
