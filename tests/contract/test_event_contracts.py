"""Event contracts: for every subject a golden payload per version (tests/contract/events/v<N>/).
The producer's real mapper must produce exactly it, and every consumer must accept it, also with
fields it does not know appended.

Regenerate the goldens after an intended change with `python tools/event_goldens.py`.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from google.protobuf import unknown_fields
from google.protobuf.message import Message
from nats.aio.msg import Msg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import outbox as outbox_module
from rr_common.consumer import Event, EventConsumer
from rr_common.context import Principal, principal_var
from rr_common.db import Database
from rr_common.nats_conn import NatsConnection
from rr_common.runtime import Infrastructure
from rr_common.testing import migrated_database
from rr_common.timeconv import from_timestamp
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database
from tests.contract.events import cases
from tests.contract.events.cases import (
    CASES,
    OCCURRED,
    Golden,
    ProducerCase,
    as_json,
    event_id_for,
    goldens,
    message_class,
)

WRITE_GOLDENS = os.environ.get("RR_EVENT_GOLDENS", "") == "write"
GOLDENS = goldens()
README = cases.GOLDEN_DIR / "README.md"

# What a newer producer might add: field 9999 (bytes) and field 10000 (varint 1), at the top level.
UNKNOWN_FIELDS = b"\xfa\xf0\x04\x19added by a newer producer" + b"\x80\xf1\x04\x01"

# Subjects a consumer reacts to that no service publishes (reported, not fixed, here). The check
# below fails when this list is out of date in either direction.
CONSUMED_BUT_NOT_PUBLISHED = {"rr.auth.user.updated"}


def _strip_unknown(message: Message) -> Message:
    copy = type(message)()
    copy.CopyFrom(message)
    copy.DiscardUnknownFields()
    return copy


def _unknown_count(message: Message) -> int:
    return len(unknown_fields.UnknownFieldSet(message))


# -- one migrated database per service ---------------------------------------------------------


@pytest.fixture(scope="session")
async def databases(rr_infra: Infra) -> AsyncIterator[dict[str, Database]]:
    dbs: dict[str, Database] = {}
    for service in cases.PRODUCING_SERVICES:
        dbs[service] = Database(await migrated_database(fresh_database(rr_infra, service), f"rr_{service}"), 2)
    yield dbs
    for db in dbs.values():
        await db.dispose()


# -- producers --------------------------------------------------------------------------------


@pytest.fixture
def pinned_header(monkeypatch: pytest.MonkeyPatch) -> Callable[[ProducerCase], Any]:
    """Pin what `event_header()` takes from the environment (id, clock, principal) for one case."""

    def pin(case: ProducerCase) -> Any:
        monkeypatch.setattr(outbox_module, "new_event_id", lambda: event_id_for(case.subject))
        monkeypatch.setattr(outbox_module, "utcnow", lambda: OCCURRED)
        return principal_var.set(Principal(case.actor, f"user{case.actor}") if case.actor else None)

    return pin


async def _produce(db: Database, case: ProducerCase) -> Any:
    """Run the case in a transaction of the service's database, read its outbox row, roll back."""
    async with AsyncSession(db.engine, expire_on_commit=False) as session:
        try:
            await case.run(session)
            rows = (
                await session.execute(
                    text("SELECT event_id, subject, payload, headers FROM outbox WHERE event_id = :id"),
                    {"id": event_id_for(case.subject)},
                )
            ).all()
        finally:
            await session.rollback()
    assert len(rows) == 1, f"{case.producer} wrote {len(rows)} outbox rows for one {case.subject}"
    return rows[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_producer_emits_the_golden(
    case: ProducerCase, databases: dict[str, Database], pinned_header: Callable[[ProducerCase], Any]
) -> None:
    token = pinned_header(case)
    try:
        row = await _produce(databases[case.service], case)
    finally:
        principal_var.reset(token)

    # The envelope the relay publishes: subject, Nats-Msg-Id (= event id) and headers.
    assert row.subject == case.subject
    assert row.headers["rr-event-type"] == case.subject
    assert row.headers["rr-occurred-at"] == OCCURRED.isoformat()
    produced = message_class(case.type_name).FromString(row.payload)
    assert _unknown_count(produced) == 0, (
        f"{case.producer} wrote fields {case.type_name} does not have: another message type?"
    )
    assert produced.header.event_id == row.event_id  # type: ignore[attr-defined]

    path = cases.golden_path(cases.version_of(produced), case.subject)
    if WRITE_GOLDENS and case.primary:
        cases.write_golden(case.subject, produced)
        return
    assert path.exists(), f"no golden for {case.subject}: run `python tools/event_goldens.py` and review the new file"
    golden = cases.load_golden(path)
    assert golden.type_name == case.type_name
    assert as_json(produced) == golden.payload, f"{case.producer} no longer produces {path.relative_to(cases.ROOT)}"
    assert produced == golden.message()


# -- consumers --------------------------------------------------------------------------------


@dataclass
class Consumer:
    """One consumer of events: which subjects it takes, and how one delivery is checked. `deliver`
    returns what the consumer made of the event, which must not change when unknown fields are
    appended."""

    name: str
    readme: str  # how the README's table names it
    handles: Callable[[str], bool]
    deliver: Callable[[Golden, bytes, str], Awaitable[Any]]
    # Exact subjects it names (wildcards excluded): each must be published by someone.
    named: set[str] = field(default_factory=set)
    # NATS wildcard subscriptions: each must match a published subject.
    patterns: set[str] = field(default_factory=set)


def _event(golden: Golden, payload: bytes, event_id: str) -> Event:
    headers = {"Nats-Msg-Id": event_id, "rr-event-type": golden.subject, "rr-occurred-at": OCCURRED.isoformat()}
    return Event(subject=golden.subject, event_id=event_id, payload=payload, headers=headers, attempt=1)


def nats_matches(pattern: str, subject: str) -> bool:
    want, have = pattern.split("."), subject.split(".")
    for i, token in enumerate(want):
        if token == ">":
            return len(have) > i
        if i >= len(have) or token not in ("*", have[i]):
            return False
    return len(want) == len(have)


async def _notify(db: Database, nats_url: str) -> tuple[Consumer, Callable[[], Awaitable[None]]]:
    """notify-<producer>: every event is decoded, audited and offered to webhooks; some also react."""
    from rr_notify.app import PRODUCERS, Overrides, build
    from rr_notify.background import BackgroundSweeps
    from rr_notify.config import Settings
    from rr_notify.consumers.router import SubjectRouter
    from rr_notify.decoding import decode

    settings = Settings(database_url="postgresql://contract@127.0.0.1/unused", nats_url=nats_url, environment="test")  # type: ignore[arg-type]
    parts = build(
        Infrastructure(settings, db, NatsConnection(nats_url, "rr-contract-test")),
        settings,
        Overrides(durable_suffix="-contract"),
    )
    by_producer = {c._producer: c for c in parts.consumers}
    assert set(by_producer) == set(PRODUCERS)
    named = {s for c in by_producer.values() if isinstance(c._handlers, SubjectRouter) for s in c._handlers.reactions}

    async def deliver(golden: Golden, payload: bytes, event_id: str) -> Any:
        event = _event(golden, payload, event_id)
        decoded = decode(event)
        assert decoded.type_name == golden.type_name, (
            f"notify decodes {golden.subject} as {decoded.type_name or 'an unknown type'}"
        )
        assert decoded.message is not None and _strip_unknown(decoded.message) == golden.message()
        outcome = await by_producer[golden.subject.split(".")[1]]._process(event)
        assert outcome == "processed"
        async with db.session() as session:
            audited = (
                await session.execute(
                    text("SELECT payload_type, payload_json FROM audit_log WHERE event_id = :id"), {"id": event_id}
                )
            ).one()
        assert audited.payload_type == golden.type_name
        return audited.payload_json

    async def close() -> None:
        for job in parts.background:
            sweeps = getattr(job, "__self__", None)
            if isinstance(sweeps, BackgroundSweeps):
                for closer in sweeps.closers:
                    await closer()

    handles = lambda subject: subject.split(".")[1] in PRODUCERS  # noqa: E731 - SubjectRouter takes every subject
    return Consumer("notify (notify-<producer>)", "notify-", handles, deliver, named), close


SEEDED_RESERVATION = 6001


async def _booking_consumer(db: Database) -> Consumer:
    """booking-catalog: a resource going out of service warns the holders of its reservations; a
    bookability snapshot lands in the projection."""
    from rr.booking.v1 import events_pb2 as booking_events
    from rr.catalog.v1 import catalog_pb2

    from rr_booking.consumers import BOOKABILITY_CHANGED, catalog_consumer
    from rr_booking.events import RESOURCE_UNAVAILABLE

    # A confirmed reservation of the golden room right after the goldens' moment: both catalog
    # events that booking reacts to affect it.
    reservation = cases._reservation(
        id=SEEDED_RESERVATION,
        start_time=cases.utc(2030, 3, 14, 13, 0),
        end_time=cases.utc(2030, 3, 14, 14, 0),
        notes="Seeded",
    )
    async with db.session() as session:
        session.add(reservation)
    consumer = catalog_consumer(db)

    async def warnings() -> list[int]:
        async with db.session() as session:
            rows = (
                await session.execute(
                    text("SELECT payload FROM outbox WHERE subject = :s ORDER BY id"), {"s": RESOURCE_UNAVAILABLE}
                )
            ).all()
        return [booking_events.ReservationChanged.FromString(r.payload).reservation.id for r in rows]

    async def projected() -> tuple[int, int, str] | None:
        async with db.session() as session:
            row = (await session.execute(text("SELECT resource_id, version, snapshot FROM catalog_projection"))).first()
        if row is None:
            return None
        return row.resource_id, row.version, catalog_pb2.BookabilitySnapshot.FromString(row.snapshot).week

    async def deliver(golden: Golden, payload: bytes, event_id: str) -> Any:
        before = await warnings()
        assert await consumer._process(_event(golden, payload, event_id)) == "processed"
        if golden.subject == BOOKABILITY_CHANGED:
            kept = golden.message().snapshot  # type: ignore[attr-defined]
            assert await projected() == (kept.resource_id, kept.version, kept.week), "the snapshot was not kept"
            assert await warnings() == before
            return await projected()
        after = await warnings()
        assert after[len(before) :] == [SEEDED_RESERVATION], "the affected reservation was not warned about"
        return after[len(before) :]

    return Consumer(
        "booking (booking-catalog)",
        "booking-catalog",
        lambda s: s in consumer._handlers,
        deliver,
        set(consumer._handlers),
    )


async def _waitlist_consumer(db: Database) -> Consumer:
    """waitlist-booking: every freed slot is offered to the queue (an empty one here)."""
    from rr_waitlist.consumers import booking_consumer
    from rr_waitlist.models import WaitlistEntry
    from rr_waitlist.offers.domain import FreedSlot
    from rr_waitlist.offers.service import OfferService, OfferSettings

    calls: list[Any] = []

    class RecordingOffers(OfferService):
        async def settle_lost_hold(self, session: AsyncSession, reservation_id: int) -> None:
            calls.append(("settle", reservation_id))
            await super().settle_lost_hold(session, reservation_id)

        async def offer_freed(self, session: AsyncSession, slot: FreedSlot, key: str) -> list[WaitlistEntry]:
            calls.append(("offer", slot))
            offered: list[WaitlistEntry] = await super().offer_freed(session, slot, key)
            return offered

    # No waiting entry exists, so booking (None) is never called.
    consumer: EventConsumer = booking_consumer(db, RecordingOffers(None, OfferSettings(timedelta(minutes=15), 2.0, 5)))  # type: ignore[arg-type]

    async def deliver(golden: Golden, payload: bytes, event_id: str) -> Any:
        calls.clear()
        assert await consumer._process(_event(golden, payload, event_id)) == "processed"
        # It found a freed slot in the event: a range the event names, of the golden room.
        message: Any = golden.message()
        reservations = (
            list(message.reservations) if golden.type_name.endswith("SeriesChanged") else [message.reservation]
        )
        ranges = {(r.start_time.ToSeconds(), r.end_time.ToSeconds()) for r in reservations}
        if "previous_start_time" in message.DESCRIPTOR.fields_by_name and message.HasField("previous_start_time"):
            ranges.add((message.previous_start_time.ToSeconds(), message.previous_end_time.ToSeconds()))
        offered = [slot for kind, slot in calls if kind == "offer"]
        assert offered, f"no freed slot was offered: {calls}"
        for slot in offered:
            assert (slot.resource_id, slot.timezone) == (cases.ROOM, cases.BERLIN)
            assert (int(slot.start.timestamp()), int(slot.end.timestamp())) in ranges, (
                f"{slot} is no range of the event"
            )
        assert {key for kind, key in calls if kind == "settle"} <= {r.id for r in reservations}
        return list(calls)

    return Consumer(
        "waitlist (waitlist-booking)",
        "waitlist-booking",
        lambda s: s in consumer._handlers,
        deliver,
        set(consumer._handlers),
    )


class _RecordingNats:
    """Stands in for the gateway's NATS connection: records the live fan-out's subscriptions."""

    def __init__(self) -> None:
        self.client = self
        self.subscriptions: list[tuple[str, Callable[[Msg], Awaitable[None]]]] = []

    async def jetstream(self) -> None:
        return None

    async def subscribe(self, subject: str, cb: Callable[[Msg], Awaitable[None]]) -> None:
        self.subscriptions.append((subject, cb))

    async def flush(self) -> None:
        return None


async def _gateway_consumer() -> Consumer:
    """The gateway's live fan-out: core NATS subscriptions pushed to WebSockets."""
    from rr_gateway.live.fanout import LiveFanout
    from rr_gateway.live.hub import Connection, LiveHub

    nats = _RecordingNats()
    hub = LiveHub()
    await LiveFanout(hub, nats)._subscribe()  # type: ignore[arg-type]
    # A socket of the golden user (and of the announcement's role), watching the golden room.
    principal = Principal(cases.MEI, cases.MEI_NAME, frozenset({"user", "manager"}))
    socket = Connection(None, principal, float("inf"), asyncio.Queue(64))  # type: ignore[arg-type]
    hub.add(socket, 20)
    hub.subscribe(socket, {cases.ROOM})

    async def deliver(golden: Golden, payload: bytes, event_id: str) -> Any:
        msg = Msg(None, subject=golden.subject, data=payload, headers={"Nats-Msg-Id": event_id})  # type: ignore[arg-type]
        for pattern, callback in nats.subscriptions:
            if nats_matches(pattern, golden.subject):
                await callback(msg)  # what the NATS client does: undecodable events are logged and dropped
        frames = []
        while not socket.queue.empty():
            frames.append(json.loads(socket.queue.get_nowait()))
        assert len(frames) == 1, f"the socket got {len(frames)} frames (none: the event was dropped)"
        (frame,) = frames
        assert frame["id"] == event_id
        data = frame["data"]
        if frame["type"] == "resource":
            assert (data["resource_id"], data["event"]) == (cases.ROOM, golden.subject.split(".", 2)[2])
        elif frame["type"] == "notification":
            assert (data["id"], data["user_id"]) == (int(golden.payload["notification"]["id"]), cases.MEI)
        else:
            assert frame["type"] == "announcement" and data["announcement_id"] == int(golden.payload["announcement_id"])
        return frame["type"], data

    patterns = {s for s, _ in nats.subscriptions if "*" in s or ">" in s}
    named = {s for s, _ in nats.subscriptions} - patterns
    handles = lambda subject: any(nats_matches(s, subject) for s, _ in nats.subscriptions)  # noqa: E731
    return Consumer("gateway (live fan-out)", "gateway live", handles, deliver, named, patterns)


@pytest.fixture(scope="session")
async def consumers(databases: dict[str, Database], rr_infra: Infra) -> AsyncIterator[list[Consumer]]:
    notify, close_notify = await _notify(databases["notify"], rr_infra.nats_url)
    yield [
        notify,
        await _booking_consumer(databases["booking"]),
        await _waitlist_consumer(databases["waitlist"]),
        await _gateway_consumer(),
    ]
    await close_notify()


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda g: g.id)
async def test_every_consumer_accepts_the_golden_and_ignores_unknown_fields(
    golden: Golden, consumers: list[Consumer]
) -> None:
    wire = golden.wire()
    with_unknown = wire + UNKNOWN_FIELDS
    parsed: Any = message_class(golden.type_name).FromString(with_unknown)
    assert _unknown_count(parsed) == 2 and _strip_unknown(parsed) == golden.message(), (
        "the appended fields are not unknown fields"
    )
    event_id = parsed.header.event_id
    deliveries = (
        ("as is", wire, event_id),
        ("with unknown fields", with_unknown, str(uuid.uuid5(uuid.UUID(event_id), "unknown"))),
    )
    for consumer in [c for c in consumers if c.handles(golden.subject)]:
        readings = []
        for how, payload, delivery_id in deliveries:
            try:
                readings.append(await consumer.deliver(golden, payload, delivery_id))
            except Exception as exc:
                raise AssertionError(f"{consumer.name} does not accept {golden.subject} {how}: {exc!r}") from exc
        assert readings[1] == readings[0], (
            f"{consumer.name} reads {golden.subject} differently when it carries unknown fields"
        )


# -- completeness -----------------------------------------------------------------------------


def test_every_published_subject_has_a_golden_and_a_producer_case() -> None:
    published = cases.subjects_in_code()
    golden_subjects = {g.subject for g in GOLDENS}
    missing = {s: where for s, where in published.items() if s not in golden_subjects}
    assert not missing, f"published subjects without a golden (add a case to tests/contract/events/cases.py): {missing}"
    uncovered = set(published) - {c.subject for c in CASES if c.primary}
    assert not uncovered, f"published subjects without a producer case: {sorted(uncovered)}"


def test_every_golden_is_produced_by_someone() -> None:
    published = cases.subjects_in_code()
    primary = {c.subject for c in CASES if c.primary}
    orphans = sorted(g.id for g in GOLDENS if g.subject not in published or g.subject not in primary)
    assert not orphans, f"goldens of subjects no service publishes (or no case produces): {orphans}"
    assert len(primary) == len([c for c in CASES if c.primary]), "one primary case per subject"


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda g: g.id)
def test_golden_is_well_formed(golden: Golden) -> None:
    assert golden.path.name == f"{golden.subject}.json"
    assert golden.type_name == cases.MESSAGE_TYPES.get(golden.subject), (
        "the golden's type is not the subject's message type"
    )
    message: Any = golden.message()  # strict: a field the type does not have fails here
    assert cases.version_of(message) == golden.version
    assert as_json(message) == golden.payload, "not in the canonical JSON form (regenerate it)"
    assert (message.header.event_id, from_timestamp(message.header.occurred_at)) == (
        event_id_for(golden.subject),
        OCCURRED,
    )


async def test_every_subject_consumed_is_published(consumers: list[Consumer]) -> None:
    published = {g.subject for g in GOLDENS}
    unpublished = {s for c in consumers for s in c.named if s not in published}
    assert unpublished == CONSUMED_BUT_NOT_PUBLISHED, (
        "update CONSUMED_BUT_NOT_PUBLISHED (or publish / stop consuming these)"
    )
    dead_patterns = {p for c in consumers for p in c.patterns if not any(nats_matches(p, s) for s in published)}
    assert not dead_patterns, f"subscriptions no published subject matches: {dead_patterns}"


async def test_every_golden_has_a_consumer(consumers: list[Consumer]) -> None:
    unconsumed = sorted(g.subject for g in GOLDENS if not any(c.handles(g.subject) for c in consumers))
    assert not unconsumed, f"published but consumed by nobody: {unconsumed}"


async def test_the_readme_lists_every_subject_and_its_consumers(consumers: list[Consumer]) -> None:
    rows = [line.split("|") for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `rr.")]
    table = {row[1].strip().strip("`"): (row[2].strip().strip("`"), row[4]) for row in rows}
    assert sorted(table) == sorted({g.subject for g in GOLDENS}) and len(rows) == len(table), (
        "README.md: one row per subject"
    )
    for golden in GOLDENS:
        type_name, consumed_by = table[golden.subject]
        assert type_name == golden.type_name, f"README.md: the type of {golden.subject}"
        listed = {c.name for c in consumers if c.readme in consumed_by}
        actual = {c.name for c in consumers if c.handles(golden.subject)}
        assert listed == actual, f"README.md: the consumers of {golden.subject}"


def test_webhook_event_types_are_the_published_ones() -> None:
    """What a webhook can filter on (GET /webhooks/events, derived from the messages notify knows)
    is exactly what notify forwards: the published subjects of the streams it consumes."""
    from rr_notify.app import PRODUCERS
    from rr_notify.decoding import SECRET_FIELDS
    from rr_notify.webhooks.catalog import event_types
    from rr_notify.webhooks.domain import PING, event_type

    advertised = {t.type for t in event_types()} - {PING}
    forwarded = {
        event_type(g.subject)
        for g in GOLDENS
        if g.subject.split(".")[1] in PRODUCERS and g.subject not in SECRET_FIELDS
    }
    assert advertised == forwarded
