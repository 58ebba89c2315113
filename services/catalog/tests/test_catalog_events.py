"""rr.catalog.resource.created: written with the resource in one transaction, then published."""

from __future__ import annotations

import asyncio

import grpc
import nats
from rr.catalog.v1 import events_pb2

SUBJECT = "rr.catalog.resource.created"


async def outbox_rows(db, resource_id: int) -> list[tuple[dict, events_pb2.ResourceCreated]]:
    rows = await db.fetch("SELECT event_id, published_at, payload FROM outbox WHERE subject = $1", SUBJECT)
    found = []
    for row in rows:
        event = events_pb2.ResourceCreated.FromString(row["payload"])
        if event.resource.id == resource_id:
            found.append((dict(row), event))
    return found


class TestResourceCreated:
    async def test_create_writes_one_outbox_row_with_the_resource(self, create_resource, db):
        resource = await create_resource(tags=["event"], capacity=3)
        [(row, event)] = await outbox_rows(db, resource.id)
        assert event.resource == resource
        assert event.header.event_id == row["event_id"]
        assert event.header.actor_user_id == 1  # the admin token's user
        assert event.header.occurred_at.seconds > 0

    async def test_refused_create_writes_no_event(self, create_resource, db, refused):
        before = await db.fetchval("SELECT count(*) FROM outbox")
        code, _ = await refused(create_resource(capacity=-1))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert await db.fetchval("SELECT count(*) FROM outbox") == before

    async def test_event_is_published_to_nats(self, create_resource, db, nats_server_url):
        nc = await nats.connect(nats_server_url, connect_timeout=2, max_reconnect_attempts=0)
        try:
            received: asyncio.Queue = asyncio.Queue()
            await nc.subscribe(SUBJECT, cb=received.put)
            resource = await create_resource()
            [(row, _)] = await outbox_rows(db, resource.id)
            async with asyncio.timeout(5):
                while True:
                    msg = await received.get()
                    if msg.headers and msg.headers.get("Nats-Msg-Id") == row["event_id"]:
                        break
            event = events_pb2.ResourceCreated.FromString(msg.data)
            assert event.resource == resource
            assert msg.headers["rr-event-type"] == SUBJECT
            async with asyncio.timeout(5):
                while (await outbox_rows(db, resource.id))[0][0]["published_at"] is None:
                    await asyncio.sleep(0.05)
        finally:
            await nc.close()
