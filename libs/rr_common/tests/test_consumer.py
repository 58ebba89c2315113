"""Idempotent consumers: one side effect per event, retries, then a dead letter."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

import nats
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from libs.rr_common.tests.support import Tables
from rr_common.consumer import Event, EventConsumer
from rr_common.db import Database
from rr_common.streams import ensure_stream
from rr_devstack.infra import Infra

effects = Table("effects", MetaData(), Column("id", Integer, primary_key=True), Column("event_id", String(64)))


async def _ensure_effects(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(effects.metadata.create_all)


async def count_effects(db: Database, event_id: str) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(effects).where(effects.c.event_id == event_id)) or 0)


async def test_a_redelivered_event_changes_nothing(kernel_db: tuple[Database, Tables]) -> None:
    db, tables = kernel_db
    await _ensure_effects(db)

    async def handler(session: AsyncSession, event: Event) -> None:
        await session.execute(effects.insert().values(event_id=event.event_id))

    consumer = EventConsumer(db, tables.consumer, "kernel-test", "kernel", {"rr.kernel.x.done": handler})
    event = Event("rr.kernel.x.done", uuid.uuid4().hex, b"", {}, 1)
    assert await consumer._process(event) == "processed"
    assert await consumer._process(event) == "duplicate"
    assert await count_effects(db, event.event_id) == 1


async def test_failing_handler_is_retried_then_dead_lettered(
    rr_infra: Infra, kernel_db: tuple[Database, Tables]
) -> None:
    db, tables = kernel_db
    await _ensure_effects(db)
    attempts: list[int] = []

    async def broken(session: AsyncSession, event: Event) -> None:
        attempts.append(event.attempt)
        await session.execute(effects.insert().values(event_id=event.event_id))  # rolled back each time
        raise RuntimeError("downstream refused")

    subject = "rr.kernel.poison.created"
    durable = f"kernel-poison-{uuid.uuid4().hex[:6]}"
    client = await nats.connect(rr_infra.nats_url)
    js = client.jetstream()
    await ensure_stream(js, "kernel")
    event_id = uuid.uuid4().hex

    async def js_ready() -> nats.js.JetStreamContext:
        return js

    consumer = EventConsumer(db, tables.consumer, durable, "kernel", {subject: broken}, max_deliver=3)
    consumer_task = asyncio.create_task(consumer.run(js_ready))
    # Retry delays are 1 s then 2 s; the consumer starts at the stream's beginning but only this subject has a handler.
    await js.publish(subject, b"", headers={"Nats-Msg-Id": event_id})
    try:
        for _ in range(100):
            async with db.session() as s:
                dead = await s.scalar(
                    select(func.count())
                    .select_from(tables.consumer.dead_letters)
                    .where(tables.consumer.dead_letters.c.event_id == event_id)
                )
            if dead:
                break
            await asyncio.sleep(0.1)
    finally:
        consumer.stop()
        consumer_task.cancel()
        await client.close()
    assert dead == 1
    assert [a for a in attempts if a] == [1, 2, 3]
    assert await count_effects(db, event_id) == 0, "a failed attempt leaves no half-written effect"


async def _published(js: nats.js.JetStreamContext, subject: str, count: int) -> list[str]:
    ids = [uuid.uuid4().hex for _ in range(count)]
    await asyncio.gather(*(js.publish(subject, b"", headers={"Nats-Msg-Id": i}) for i in ids))
    return ids


async def test_a_backlog_is_handled_in_batches_each_event_once(
    rr_infra: Infra, kernel_db: tuple[Database, Tables]
) -> None:
    db, tables = kernel_db
    await _ensure_effects(db)
    sessions: set[int] = set()

    async def handler(session: AsyncSession, event: Event) -> None:
        sessions.add(id(session))
        await session.execute(effects.insert().values(event_id=event.event_id))

    subject = f"rr.kernel.batch{uuid.uuid4().hex[:6]}.done"
    client = await nats.connect(rr_infra.nats_url)
    js = client.jetstream()
    await ensure_stream(js, "kernel")
    ids = await _published(js, subject, 120)

    async def js_ready() -> nats.js.JetStreamContext:
        return js

    consumer = EventConsumer(
        db, tables.consumer, f"kernel-batch-{uuid.uuid4().hex[:6]}", "kernel", {subject: handler}, batch=50
    )
    task = asyncio.create_task(consumer.run(js_ready))
    try:
        for _ in range(200):
            if sum([await count_effects(db, i) for i in ids[-3:]]) == 3:
                break
            await asyncio.sleep(0.05)
        assert [await count_effects(db, i) for i in ids] == [1] * len(ids)
        assert len(sessions) <= 10, f"a backlog of 120 took {len(sessions)} transactions, not one each"
        # A lone event afterwards is not held back waiting for a batch to fill.
        [lone] = await _published(js, subject, 1)
        began = asyncio.get_running_loop().time()
        while await count_effects(db, lone) == 0:
            await asyncio.sleep(0.01)
        assert asyncio.get_running_loop().time() - began < 0.5
    finally:
        consumer.stop()
        task.cancel()
        await client.close()


async def test_a_poison_event_in_a_batch_is_isolated(rr_infra: Infra, kernel_db: tuple[Database, Tables]) -> None:
    db, tables = kernel_db
    await _ensure_effects(db)
    subject = f"rr.kernel.mixed{uuid.uuid4().hex[:6]}.done"
    client = await nats.connect(rr_infra.nats_url)
    js = client.jetstream()
    await ensure_stream(js, "kernel")
    ids = await _published(js, subject, 30)
    poison = ids[7]

    async def handler(session: AsyncSession, event: Event) -> None:
        await session.execute(effects.insert().values(event_id=event.event_id))
        if event.event_id == poison:
            raise RuntimeError("cannot handle this one")

    async def js_ready() -> nats.js.JetStreamContext:
        return js

    consumer = EventConsumer(
        db,
        tables.consumer,
        f"kernel-mixed-{uuid.uuid4().hex[:6]}",
        "kernel",
        {subject: handler},
        batch=50,
        max_deliver=2,
    )
    task = asyncio.create_task(consumer.run(js_ready))
    try:
        for _ in range(200):
            async with db.session() as s:
                dead = await s.scalar(
                    select(func.count())
                    .select_from(tables.consumer.dead_letters)
                    .where(tables.consumer.dead_letters.c.event_id == poison)
                )
            if dead:
                break
            await asyncio.sleep(0.05)
    finally:
        consumer.stop()
        task.cancel()
        await client.close()
    assert dead == 1
    assert [await count_effects(db, i) for i in ids] == [0 if i == poison else 1 for i in ids], (
        "the others went through, once each"
    )


class Together:
    """A batch handler: every new event of a batch in one call, in order; one of them poisonous."""

    def __init__(self, subject: str, poison: str) -> None:
        self.subject = subject
        self.poison = poison
        self.calls: list[list[str]] = []

    def handles(self, subject: str) -> bool:
        return subject == self.subject

    async def handle_many(self, session: AsyncSession, events: Sequence[Event]) -> None:
        self.calls.append([e.event_id for e in events])
        await session.execute(effects.insert(), [{"event_id": e.event_id} for e in events])
        if self.poison in self.calls[-1]:
            raise RuntimeError("cannot handle this one")


async def test_a_batch_handler_gets_the_batch_at_once_and_its_poison_alone(
    rr_infra: Infra, kernel_db: tuple[Database, Tables]
) -> None:
    db, tables = kernel_db
    await _ensure_effects(db)
    subject = f"rr.kernel.together{uuid.uuid4().hex[:6]}.done"
    client = await nats.connect(rr_infra.nats_url)
    js = client.jetstream()
    await ensure_stream(js, "kernel")
    ids = await _published(js, subject, 40)
    handler = Together(subject, poison=ids[11])

    async def js_ready() -> nats.js.JetStreamContext:
        return js

    durable = f"kernel-together-{uuid.uuid4().hex[:6]}"
    consumer = EventConsumer(db, tables.consumer, durable, "kernel", handler, batch=50, max_deliver=2)
    task = asyncio.create_task(consumer.run(js_ready))
    dead_letters = tables.consumer.dead_letters
    try:
        for _ in range(200):
            async with db.session() as s:
                dead = await s.scalar(
                    select(func.count()).select_from(dead_letters).where(dead_letters.c.event_id == handler.poison)
                )
            if dead:
                break
            await asyncio.sleep(0.05)
    finally:
        consumer.stop()
        task.cancel()
        await client.close()
    assert dead == 1
    assert [await count_effects(db, i) for i in ids] == [0 if i == handler.poison else 1 for i in ids]
    assert any(len(call) > 1 for call in handler.calls), "the backlog came in batches"
    assert all(call == sorted(call, key=ids.index) for call in handler.calls), "in the order published"
    assert [call for call in handler.calls if handler.poison in call][-2:] == [[handler.poison]] * 2, (
        "the poison was retried alone, then dead-lettered"
    )
