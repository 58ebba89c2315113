"""The outbox publishes exactly what committed, survives NATS being down, and catches up."""

from __future__ import annotations

import asyncio
import uuid

import nats
from rr.catalog.v1 import events_pb2
from rr.common.v1 import common_pb2
from sqlalchemy import func, select

from libs.rr_common.tests.support import Tables
from rr_common.db import Database
from rr_common.outbox import OutboxRelay, enqueue_many, new_event_id
from rr_common.streams import ensure_stream
from rr_common.timeconv import to_timestamp, utcnow
from rr_devstack.infra import Infra

SERVICE = "kernel"  # stream RR_KERNEL, subjects rr.kernel.>


def event(event_id: str) -> events_pb2.ResourceDeleted:
    """Any event will do: one with a header, as every event has."""
    return events_pb2.ResourceDeleted(
        header=common_pb2.EventHeader(event_id=event_id, occurred_at=to_timestamp(utcnow()))
    )


async def pending(db: Database, tables: Tables) -> int:
    async with db.session() as s:
        return int(
            await s.scalar(
                select(func.count()).select_from(tables.outbox).where(tables.outbox.c.published_at.is_(None))
            )
            or 0
        )


async def add_event(db: Database, tables: Tables, subject: str, fail: bool = False) -> str:
    event_id = new_event_id()
    try:
        async with db.session() as s:
            await enqueue_many(s, tables.outbox, subject, [event(event_id)])
            if fail:
                raise RuntimeError("the business change failed")
    except RuntimeError:
        pass
    return event_id


async def collect(nats_url: str, subject: str, count: int, timeout: float = 15) -> list[str]:
    client = await nats.connect(nats_url)
    js = client.jetstream()
    sub = await js.subscribe(subject, ordered_consumer=True)
    ids: list[str] = []
    try:
        while len(ids) < count:
            msg = await sub.next_msg(timeout=timeout)
            ids.append(msg.headers["Nats-Msg-Id"])
    finally:
        await client.close()
    return ids


async def test_only_committed_events_are_published_with_their_ids(
    rr_infra: Infra, kernel_db: tuple[Database, Tables]
) -> None:
    db, tables = kernel_db
    subject = f"rr.{SERVICE}.thing.{uuid.uuid4().hex[:8]}"
    rolled_back = await add_event(db, tables, subject, fail=True)
    kept = [await add_event(db, tables, subject) for _ in range(3)]
    client = await nats.connect(rr_infra.nats_url)
    await ensure_stream(client.jetstream(), SERVICE)
    relay = OutboxRelay(db, tables.outbox, SERVICE, poll_seconds=0.05)
    task = asyncio.create_task(relay.run(lambda: _js(client)))
    try:
        received = await collect(rr_infra.nats_url, subject, 3)
    finally:
        task.cancel()
        await client.close()
    assert received == kept and rolled_back not in received


async def _js(client: nats.aio.client.Client) -> nats.js.JetStreamContext:
    return client.jetstream()


async def test_relay_waits_out_a_nats_outage_and_catches_up(
    rr_infra: Infra, kernel_db: tuple[Database, Tables]
) -> None:
    db, tables = kernel_db
    subject = f"rr.{SERVICE}.outage.{uuid.uuid4().hex[:8]}"
    client = await nats.connect(rr_infra.nats_url, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
    relay = OutboxRelay(db, tables.outbox, SERVICE, poll_seconds=0.05)
    task = asyncio.create_task(relay.run(lambda: _js(client)))
    try:
        rr_infra.stop_nats()
        during = [await add_event(db, tables, subject) for _ in range(5)]
        await asyncio.sleep(1.5)
        assert await pending(db, tables) >= 5, "nothing can be published while NATS is down"
        rr_infra.start_nats()
        received = await collect(rr_infra.nats_url, subject, 5, timeout=20)
        assert received == during
        for _ in range(50):
            if await pending(db, tables) == 0:
                break
            await asyncio.sleep(0.1)
        assert await pending(db, tables) == 0
    finally:
        task.cancel()
        await client.close()


async def test_a_batch_published_at_once_keeps_its_order_and_is_marked_together(
    rr_infra: Infra, kernel_db: tuple[Database, Tables]
) -> None:
    db, tables = kernel_db
    subject = f"rr.{SERVICE}.batch.{uuid.uuid4().hex[:8]}"
    async with db.session() as s:
        ids = [new_event_id() for _ in range(150)]
        await enqueue_many(s, tables.outbox, subject, [event(i) for i in ids])
    client = await nats.connect(rr_infra.nats_url)
    try:
        await ensure_stream(client.jetstream(), SERVICE)
        listening = asyncio.create_task(collect(rr_infra.nats_url, subject, len(ids)))
        await asyncio.sleep(0.3)
        relay = OutboxRelay(db, tables.outbox, SERVICE, batch_size=200)
        while await relay.publish_pending(client.jetstream()):
            pass
        assert await listening == ids, "the stream holds the batch in the order it was written"
    finally:
        await client.close()
    async with db.session() as s:
        marks = await s.scalar(
            select(func.count(func.distinct(tables.outbox.c.published_at))).where(tables.outbox.c.subject == subject)
        )
    assert marks == 1, "one statement marked the whole batch"
