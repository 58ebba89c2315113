"""The audit log: every event of every service, stored once and never changed; filtered,
paged, per user; exports page through the same query; old entries expire."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from rr.catalog.v1 import catalog_pb2
from rr.catalog.v1 import events_pb2 as catalog_events
from rr.common.v1 import common_pb2
from rr.notify.v1 import audit_pb2

from rr_common.db import Database
from rr_common.timeconv import to_timestamp
from rr_notify.audit.retention import AuditRetention
from rr_notify.consumers.booking import RESERVATION_CANCELLED, RESERVATION_CREATED
from services.notify.tests.support import TRACEPARENT, as_event, header

START = datetime(2031, 9, 1, 9, 0, tzinfo=UTC)
END = datetime(2031, 9, 1, 10, 0, tzinfo=UTC)


async def page(
    notify, caller, limit: int = 20, cursor: str = "", mine: bool = False, **filters
) -> audit_pb2.ListAuditLogsResponse:
    request = audit_pb2.ListAuditLogsRequest(
        filter=audit_pb2.AuditFilter(**filters), page=common_pb2.PageRequest(limit=limit, cursor=cursor), mine=mine
    )
    return await notify.audit.ListAuditLogs(request, metadata=caller)


async def test_a_known_event_is_stored_with_actor_entity_time_and_trace(notify, booking, user_id: int) -> None:
    res = booking.reservation(user_id, START, END)
    message = booking.created(res, "Lab 4")
    await notify.process(RESERVATION_CREATED, message)

    (entry,) = (await page(notify, notify.admin(), user_id=user_id)).entries
    assert (entry.subject, entry.source_service, entry.action, entry.entity_type, entry.entity_id) == (
        RESERVATION_CREATED,
        "booking",
        "reservation.created",
        "reservation",
        str(res.id),
    )
    assert entry.actor_user_id == user_id and entry.event_id == message.header.event_id
    assert entry.trace_id == TRACEPARENT.split("-")[1] and entry.payload_type == "rr.booking.v1.ReservationCreated"
    assert entry.occurred_at == message.header.occurred_at
    assert json.loads(entry.payload_json)["resource_name"] == "Lab 4" and entry.payload_base64 == ""


async def test_an_event_of_an_unknown_type_is_kept_as_base64_with_its_header(notify, user_id: int) -> None:
    message = catalog_events.ResourceCreated(header=header(user_id), resource=catalog_pb2.Resource(id=77, name="Crane"))
    raw = message.SerializeToString() + b"\x98\x06\x01"
    event = as_event("rr.catalog.crane.lifted", message, payload=raw)

    assert await notify.consumers["catalog"]._process(event) == "processed"

    (entry,) = (await page(notify, notify.admin(), user_id=user_id)).entries
    assert (entry.action, entry.entity_type, entry.payload_type, entry.payload_json) == (
        "crane.lifted",
        "crane",
        "",
        "",
    )
    assert base64.b64decode(entry.payload_base64) == raw and entry.actor_user_id == user_id


async def test_filters_and_cursor_pages(notify, booking, user_id: int) -> None:
    reservations = [booking.reservation(user_id, START, END) for _ in range(3)]
    for res in reservations:
        await notify.process(RESERVATION_CREATED, booking.created(res))
    await notify.process(RESERVATION_CANCELLED, booking.cancelled(reservations[0]))

    seen, cursor = [], ""
    while True:
        answer = await page(notify, notify.admin(), limit=3, cursor=cursor, user_id=user_id)
        seen += list(answer.entries)
        if not answer.page.has_more:
            break
        cursor = answer.page.next_cursor
    assert [e.action for e in seen] == [
        "reservation.cancelled",
        "reservation.created",
        "reservation.created",
        "reservation.created",
    ]
    assert len({e.id for e in seen}) == 4

    history = (await page(notify, notify.admin(), entity_type="reservation", entity_id=str(reservations[0].id))).entries
    assert [e.action for e in history] == ["reservation.cancelled", "reservation.created"]
    cancelled = (await page(notify, notify.admin(), user_id=user_id, action="reservation.cancelled")).entries
    assert len(cancelled) == 1
    now = datetime.now(UTC)
    window = {
        "occurred_from": to_timestamp(now - timedelta(minutes=5)),
        "occurred_to": to_timestamp(now + timedelta(minutes=5)),
    }
    assert len((await page(notify, notify.admin(), user_id=user_id, **window)).entries) == 4
    past = {
        "occurred_from": to_timestamp(now - timedelta(days=3)),
        "occurred_to": to_timestamp(now - timedelta(days=2)),
    }
    assert (await page(notify, notify.admin(), user_id=user_id, **past)).entries == []


async def test_my_activity_is_mine_only_and_the_full_log_is_for_admins(
    notify, booking, user_id: int, other_user_id: int
) -> None:
    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))
    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(other_user_id, START, END)))

    mine = (await page(notify, notify.auth(user_id), mine=True, user_id=other_user_id)).entries
    assert mine and {e.actor_user_id for e in mine} == {user_id}
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await page(notify, notify.auth(user_id))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED

    theirs = (await page(notify, notify.admin(), user_id=other_user_id)).entries[0]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await notify.audit.GetAuditLog(audit_pb2.GetAuditLogRequest(id=theirs.id), metadata=notify.auth(user_id))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    own = await notify.audit.GetAuditLog(audit_pb2.GetAuditLogRequest(id=mine[0].id), metadata=notify.auth(user_id))
    assert own.entry.id == mine[0].id


@pytest.mark.parametrize(
    "filters, cursor",
    [
        ({"entity_id": "5"}, ""),
        ({}, "garbage!"),
        ({"occurred_from": Timestamp(seconds=2_000_000_000), "occurred_to": Timestamp(seconds=1_000_000_000)}, ""),
    ],
)
async def test_bad_queries_are_refused(notify, filters, cursor: str) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await page(notify, notify.admin(), cursor=cursor, **filters)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_the_log_is_append_only(notify, booking, user_id: int) -> None:
    await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        await notify.db.execute("UPDATE audit_log SET actor_user_id = 0 WHERE actor_user_id = $1", user_id)


async def test_retention_deletes_only_entries_past_it(notify, database_url: str, user_id: int) -> None:
    old, recent = datetime.now(UTC) - timedelta(days=400), datetime.now(UTC) - timedelta(days=10)
    for i, when in enumerate((old, recent)):
        await notify.db.execute(
            "INSERT INTO audit_log (event_id, subject, source_service, action, entity_type, actor_user_id, occurred_at) "
            "VALUES ($1, 'rr.test.thing.done', 'test', 'thing.done', 'thing', $2, $3)",
            f"retention-{user_id}-{i}",
            user_id,
            when,
        )
    db = Database(database_url, 1)
    try:
        assert await AuditRetention(db, retention_days=365).run_once() >= 1
    finally:
        await db.dispose()
    left = await notify.db.fetch("SELECT occurred_at FROM audit_log WHERE actor_user_id = $1", user_id)
    assert [r["occurred_at"] for r in left] == [recent]
