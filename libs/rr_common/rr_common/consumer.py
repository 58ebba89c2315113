"""Idempotent event consumers: durable JetStream pull consumers with explicit ack.

Each message is handled inside one database transaction that also records its event id in the
consumer's inbox; a redelivered event finds its id there and changes nothing. A failing handler
gets the message back with growing delays (nak); after `max_deliver` attempts it is terminated
and kept in `dead_letters` for an operator to inspect.

A consumer built with `batch > 1` takes what is already waiting (up to `batch` messages) and
handles it in one transaction with one inbox insert, acknowledging after the commit. If any
handler of the batch fails, the batch is rolled back and each message handled again in a
transaction of its own, so a poison message is isolated and the others go through. Only
consumers whose handlers write nothing but their own database may batch: a rolled-back batch is
handled again, and an effect outside the transaction would then happen twice.

Handlers come in two shapes. A mapping of subject to `Handler` is called once per event. A
`BatchHandler` (`handles(subject)`, `handle_many(session, events)`) gets all the new events of a
batch at once, in the order they arrived (redelivered ones already left out by the inbox), so it
can write them with a few set-based statements instead of a few per event; it must leave the
database as handling them one after the other would. When the batch fails and its events are
handled one by one, it gets each alone (`handle_many(session, [event])`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry import context as otel_context
from opentelemetry.trace import Link, SpanKind, get_current_span
from sqlalchemy import Column, DateTime, Integer, LargeBinary, MetaData, String, Table, Text, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.metrics import EVENTS_CONSUMED
from rr_common.streams import ensure_stream, stream_name
from rr_common.telemetry import extract_context, tracer

log = get_logger("rr.consumer")


@dataclass(frozen=True)
class Event:
    subject: str
    event_id: str
    payload: bytes
    headers: Mapping[str, str]
    attempt: int


Handler = Callable[[AsyncSession, Event], Awaitable[None]]
NAK_ON_STOP_SECONDS = 1.0


@runtime_checkable
class BatchHandler(Protocol):
    """Handles the new events of a batch together, in the batch's transaction (see the module)."""

    def handles(self, subject: str) -> bool: ...

    async def handle_many(self, session: AsyncSession, events: Sequence[Event]) -> None: ...


@dataclass(frozen=True)
class ConsumerTables:
    inbox: Table
    dead_letters: Table


def define_consumer_tables(metadata: MetaData) -> ConsumerTables:
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    )
    dead_letters = Table(
        "dead_letters",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("consumer", String(100), nullable=False),
        Column("event_id", String(64), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("error", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    )
    return ConsumerTables(inbox, dead_letters)


def _event(msg: Msg) -> Event:
    headers = dict(msg.headers or {})
    meta = msg.metadata
    return Event(
        subject=msg.subject,
        event_id=headers.get("Nats-Msg-Id") or f"{meta.stream}:{meta.sequence.stream}",
        payload=msg.data,
        headers=headers,
        attempt=meta.num_delivered,
    )


def retry_delay(attempt: int) -> float:
    return float(min(2 ** (attempt - 1), 60))


class EventConsumer:
    """Consumes `rr.<producer>.>` under one durable name, dispatching by subject."""

    def __init__(
        self,
        db: Database,
        tables: ConsumerTables,
        durable: str,
        producer: str,
        handlers: Mapping[str, Handler] | BatchHandler,
        max_deliver: int = 5,
        ack_wait: float = 30.0,
        # Up to this many messages in one transaction. A pull waits for one message only, then
        # takes what the first says is already waiting: nats-py holds a lingering pull for many
        # until it is full or expires (up to a second), most of an offer's latency budget.
        batch: int = 1,
    ) -> None:
        self._db = db
        self._tables = tables
        self.durable = durable
        self._producer = producer
        self._handlers = handlers
        self._batch_handler = handlers if isinstance(handlers, BatchHandler) else None
        self._each: Mapping[str, Handler] = {} if isinstance(handlers, BatchHandler) else handlers
        self._max_deliver = max_deliver
        self._ack_wait = ack_wait
        self._batch = batch
        self._stopping = asyncio.Event()
        self._subscribed = False

    @property
    def inbox(self) -> Table:
        return self._tables.inbox

    @property
    def subscribed(self) -> bool:
        """Bound to its durable consumer now (readiness reports a replica that is not)."""
        return self._subscribed

    def stop(self) -> None:
        """Finish the batch in hand, then return from `run`."""
        self._stopping.set()

    async def run(self, js_ready: Callable[[], Awaitable[JetStreamContext]]) -> None:
        backoff = 0.2
        while not self._stopping.is_set():
            try:
                js = await js_ready()
                await ensure_stream(js, self._producer, owner=False)
                sub = await js.pull_subscribe(
                    f"rr.{self._producer}.>",
                    durable=self.durable,
                    stream=stream_name(self._producer),
                    config=ConsumerConfig(
                        ack_policy=AckPolicy.EXPLICIT,
                        deliver_policy=DeliverPolicy.ALL,
                        max_deliver=self._max_deliver,
                        ack_wait=self._ack_wait,
                    ),
                )
                backoff = 0.2
                self._subscribed = True
                try:
                    while not self._stopping.is_set():
                        try:
                            messages = await sub.fetch(1, timeout=1.0)
                        except (NatsTimeoutError, TimeoutError):
                            continue
                        messages += await self._waiting(sub, messages[-1])
                        await self.handle_batch(messages)
                finally:
                    self._subscribed = False
                    # An open pull subscription would make a later drain wait out its timeout.
                    with contextlib.suppress(Exception):
                        await sub.unsubscribe()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - NATS away: resubscribe with backoff
                log.warning("consumer waiting", consumer=self.durable, error=str(exc) or type(exc).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def _waiting(self, sub: JetStreamContext.PullSubscription, first: Msg) -> list[Msg]:
        """The messages already waiting behind `first`, up to the batch size, without lingering."""
        waiting = min(self._batch - 1, first.metadata.num_pending)
        if waiting <= 0:
            return []
        try:
            return list(await sub.fetch(waiting, timeout=0.5))
        except (NatsTimeoutError, TimeoutError):
            return []

    async def handle_batch(self, messages: Sequence[Msg]) -> None:
        if len(messages) == 1:
            await self.handle(messages[0])
            return
        events = [_event(msg) for msg in messages]
        try:
            outcomes = await self._process_many(events)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.gather(*(m.nak() for m in messages)), NAK_ON_STOP_SECONDS)
            raise
        except Exception as exc:  # noqa: BLE001 - isolate the failing message: each on its own
            log.info(
                "batch failed; handling its events one by one",
                consumer=self.durable,
                size=len(messages),
                error=repr(exc),
            )
            for msg in messages:
                await self.handle(msg)
            return
        for msg, outcome in zip(messages, outcomes, strict=True):
            await msg.ack()
            EVENTS_CONSUMED.labels(self.durable, outcome).inc()

    def _handles(self, subject: str) -> bool:
        if self._batch_handler is not None:
            return self._batch_handler.handles(subject)
        return subject in self._each

    async def _process_many(self, events: Sequence[Event]) -> list[str]:
        inbox = self._tables.inbox
        handled = [e for e in events if self._handles(e.subject)]
        async with self._db.session() as session:
            fresh: set[str] = set()
            if handled:
                rows = [{"consumer": self.durable, "event_id": e.event_id} for e in handled]
                # The rows as parameters: a statement that holds its values is compiled anew each time.
                inserted = await session.execute(
                    insert(inbox).on_conflict_do_nothing().returning(inbox.c.event_id), rows
                )
                fresh = set(inserted.scalars())
            outcomes: list[str] = []
            new: list[Event] = []
            for event in events:
                if not self._handles(event.subject):
                    outcomes.append("ignored")
                elif event.event_id not in fresh:
                    outcomes.append("duplicate")
                else:
                    fresh.discard(event.event_id)  # the same event twice in one batch: once
                    new.append(event)
                    outcomes.append("processed")
            if self._batch_handler is not None:
                await self._handle_together(session, self._batch_handler, new)
            else:
                for event in new:
                    await self._handle_traced(session, event)
        return outcomes

    async def _handle_traced(self, session: AsyncSession, event: Event) -> None:
        handler = self._each[event.subject]
        token = otel_context.attach(extract_context(event.headers))
        try:
            with tracer("rr.consumer").start_as_current_span(f"consume {event.subject}", kind=SpanKind.CONSUMER):
                await handler(session, event)
        finally:
            otel_context.detach(token)

    async def _handle_together(self, session: AsyncSession, handler: BatchHandler, events: Sequence[Event]) -> None:
        """One span for the batch, linked to the trace of each event."""
        if not events:
            return
        links = [Link(get_current_span(extract_context(e.headers)).get_span_context()) for e in events]
        with tracer("rr.consumer").start_as_current_span(
            f"consume {len(events)} events", kind=SpanKind.CONSUMER, links=[k for k in links if k.context.is_valid]
        ):
            await handler.handle_many(session, events)

    async def handle(self, msg: Msg) -> None:
        event = _event(msg)
        headers = event.headers
        token = otel_context.attach(extract_context(headers))
        try:
            with tracer("rr.consumer").start_as_current_span(f"consume {event.subject}", kind=SpanKind.CONSUMER):
                outcome = await self._process(event)
            await msg.ack()
            EVENTS_CONSUMED.labels(self.durable, outcome).inc()
        except asyncio.CancelledError:
            # Stopped mid-message (SIGTERM): its transaction rolled back; hand it back now so
            # another replica takes it at once instead of after the ack wait.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(msg.nak(), NAK_ON_STOP_SECONDS)
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is retried, then dead-lettered
            await self._on_failure(msg, event, exc)
        finally:
            otel_context.detach(token)

    async def _process(self, event: Event) -> str:
        if not self._handles(event.subject):
            return "ignored"
        inbox = self._tables.inbox
        async with self._db.session() as session:
            fresh = await session.execute(
                insert(inbox)
                .values(consumer=self.durable, event_id=event.event_id)
                .on_conflict_do_nothing()
                .returning(inbox.c.event_id)
            )
            if fresh.first() is None:
                return "duplicate"
            if self._batch_handler is not None:
                await self._batch_handler.handle_many(session, [event])
            else:
                await self._each[event.subject](session, event)
        return "processed"

    async def _on_failure(self, msg: Msg, event: Event, exc: Exception) -> None:
        if event.attempt < self._max_deliver:
            log.warning(
                "event failed, will retry",
                consumer=self.durable,
                subject=event.subject,
                attempt=event.attempt,
                error=repr(exc),
            )
            EVENTS_CONSUMED.labels(self.durable, "retried").inc()
            await msg.nak(delay=retry_delay(event.attempt))
            return
        log.error("event dead-lettered", consumer=self.durable, subject=event.subject, error=repr(exc))
        EVENTS_CONSUMED.labels(self.durable, "dead_lettered").inc()
        try:
            async with self._db.session() as session:
                await session.execute(
                    self._tables.dead_letters.insert().values(
                        consumer=self.durable,
                        event_id=event.event_id,
                        subject=event.subject,
                        payload=event.payload,
                        headers=dict(event.headers),
                        error=repr(exc)[:2000],
                    )
                )
        finally:
            await msg.term()
