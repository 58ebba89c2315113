"""Transactional outbox: an event is written in the same transaction as the change it describes,
and a relay publishes it to JetStream afterwards. If NATS is down nothing is lost; the relay
catches up when it returns. `Nats-Msg-Id` = event id, so a re-publish is de-duplicated."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from google.protobuf.message import Message
from nats.js import JetStreamContext
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.db import OUTBOX_PENDING, Database
from rr_common.logs import get_logger
from rr_common.metrics import OUTBOX_FAILURES, OUTBOX_PUBLISHED
from rr_common.streams import StreamPolicy, ensure_stream
from rr_common.telemetry import inject_headers
from rr_common.timeconv import utcnow

log = get_logger("rr.outbox")


def define_outbox(metadata: MetaData) -> Table:
    """The outbox table, declared on the service's own metadata so its migrations include it."""
    return Table(
        "outbox",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("subject", String(200), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
        Column("published_at", DateTime(timezone=True)),
        Index("ix_outbox_pending", "id", postgresql_where=text("published_at IS NULL")),
    )


def new_event_id() -> str:
    return str(uuid.uuid4())


def outbox_row(subject: str, message: Message) -> dict[str, Any]:
    """The outbox row of one event whose `header` was filled by `event_header()`, for a service
    that writes it inside a statement of its own (then it calls `mark_pending`)."""
    header = message.header  # type: ignore[attr-defined]
    headers = {"rr-event-type": subject, "rr-occurred-at": header.occurred_at.ToDatetime(tzinfo=UTC).isoformat()}
    inject_headers(headers)
    return {"event_id": header.event_id, "subject": subject, "payload": message.SerializeToString(), "headers": headers}


def mark_pending(session: AsyncSession) -> None:
    """This transaction wrote outbox rows: the relay is woken once it commits."""
    session.info[OUTBOX_PENDING] = True


async def enqueue_many(session: AsyncSession, outbox: Table, subject: str, messages: Sequence[Message]) -> None:
    """Add events (headers filled by `event_header()`) to the caller's transaction in one
    multi-row INSERT; they are published only if that transaction commits."""
    if messages:
        await session.execute(outbox.insert(), [outbox_row(subject, m) for m in messages])
        mark_pending(session)


class OutboxRelay:
    """Publishes pending rows in id order; woken after commits, polls as a safety net."""

    def __init__(
        self, db: Database, outbox: Table, service: str, batch_size: int = 200, poll_seconds: float = 0.5
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._service = service
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        db.on_commit(self._wake.set)

    @property
    def outbox(self) -> Table:
        return self._outbox

    async def run(self, js_ready: Any, streams: StreamPolicy | None = None) -> None:
        """`js_ready` is an awaitable-returning callable giving a connected JetStream context;
        `streams` is the operator's policy for this service's stream (the relay owns it)."""
        backoff = 0.2
        stream_ready = False
        while True:
            try:
                js: JetStreamContext = await js_ready()
                if not stream_ready:
                    await ensure_stream(js, self._service, streams)
                    stream_ready = True
                published = await self.publish_pending(js)
                backoff = 0.2
                if published < self._batch_size:
                    await self._sleep(self._poll_seconds)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - NATS or DB down: keep rows, retry with backoff
                OUTBOX_FAILURES.inc()
                log.warning("outbox relay waiting", error=str(exc) or type(exc).__name__, retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except TimeoutError:
            pass
        self._wake.clear()

    async def publish_pending(self, js: JetStreamContext) -> int:
        o = self._outbox
        async with self._db.session() as session:
            rows = (
                await session.execute(
                    select(o.c.id, o.c.event_id, o.c.subject, o.c.payload, o.c.headers)
                    .where(o.c.published_at.is_(None))
                    .order_by(o.c.id)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            # The whole batch goes out at once and the acks are awaited together: one connection
            # keeps the order on the stream, and a batch costs about one round trip, not one each.
            results = await asyncio.gather(
                *(
                    js.publish(
                        row.subject, row.payload, headers={**row.headers, "Nats-Msg-Id": row.event_id}, timeout=5
                    )
                    for row in rows
                ),
                return_exceptions=True,
            )
            sent: list[int] = []
            failure: BaseException | None = None
            for row, result in zip(rows, results, strict=True):
                if isinstance(result, BaseException):
                    failure = result
                    break
                sent.append(row.id)
                OUTBOX_PUBLISHED.labels(row.subject).inc()
            # Mark the rows before the first failure, in one statement. The failed row and all
            # after it stay pending, so order is kept; those after it that did reach the stream
            # are dropped by the server as duplicates (Nats-Msg-Id) when published again.
            if sent:
                await session.execute(update(o).where(o.c.id.in_(sent)).values(published_at=utcnow()))
        if failure is not None:
            raise failure
        return len(rows)


def event_header() -> Any:
    """A fresh `rr.common.v1.EventHeader`: new event id, now, and the acting user (0 for the system)."""
    from rr.common.v1 import common_pb2

    from rr_common.context import principal_var
    from rr_common.timeconv import to_timestamp

    principal = principal_var.get()
    return common_pb2.EventHeader(
        event_id=new_event_id(),
        occurred_at=to_timestamp(utcnow()),
        actor_user_id=principal.user_id if principal else 0,
    )


async def publish_event(session: AsyncSession, outbox: Table, subject: str, message: Message) -> None:
    """Enqueue `message`, whose `header` field was filled by `event_header()`."""
    await enqueue_many(session, outbox, subject, [message])
