"""A batch of events ends as handling them one after the other would; a redelivered batch changes
nothing; secrets stay out of the audit log and webhooks; a poison event is dead-lettered alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from rr.auth.v1 import events_pb2 as auth_events
from rr.booking.v1 import booking_pb2

from rr_common.consumer import Event
from rr_common.timeconv import to_timestamp, utcnow
from rr_notify.consumers.booking import RESERVATION_CANCELLED, RESERVATION_CREATED
from services.notify.tests.conftest import unique_user
from services.notify.tests.support import as_event, header
from services.notify.tests.test_notify_accounts import TOKEN, everything_hook  # noqa: F401 - a fixture

START = datetime(2031, 5, 5, 9, 0, tzinfo=UTC)
CONFIRMED = RESERVATION_CREATED.rsplit(".", 1)[0] + ".confirmed"
MOVED = RESERVATION_CREATED.rsplit(".", 1)[0] + ".moved"


def scenario(booking, user_id: int) -> list[Event]:
    """Every order that matters, for one person: created then cancelled; created, cancelled, then
    confirmed again (a reminder cancelled stays so); a late `created` behind its `cancelled`
    (stale: no reaction); moved twice (the last time wins)."""
    first = booking.reservation(user_id, START, START + timedelta(hours=1))
    second = booking.reservation(user_id, START + timedelta(days=1), START + timedelta(days=1, hours=1))
    late = booking.reservation(user_id, START + timedelta(days=2), START + timedelta(days=2, hours=1))
    moved = booking.reservation(user_id, START + timedelta(days=3), START + timedelta(days=3, hours=1))
    events = []

    def add(subject: str, res: booking_pb2.Reservation, version: int, **changes: Any) -> None:
        copy = booking_pb2.Reservation()
        copy.CopyFrom(res)
        copy.version = version
        for name, value in changes.items():
            setattr(copy, name, value)
        message = booking.changed(copy) if subject in (CONFIRMED, MOVED) else booking.created(copy)
        if subject == RESERVATION_CANCELLED:
            message = booking.cancelled(copy)
        events.append(as_event(subject, message))

    add(RESERVATION_CREATED, first, 1)
    add(RESERVATION_CANCELLED, first, 2, status="cancelled", cancellation_reason="Plans changed")
    add(RESERVATION_CREATED, second, 1)
    add(RESERVATION_CANCELLED, second, 2, status="cancelled")
    add(CONFIRMED, second, 3)
    add(RESERVATION_CANCELLED, late, 2, status="cancelled")
    add(RESERVATION_CREATED, late, 1)
    add(MOVED, moved, 1)
    add(MOVED, moved, 2, start_time=START + timedelta(days=4), end_time=START + timedelta(days=4, hours=1))
    return events


async def state(notify, user_id: int) -> dict[str, Any]:
    """What a person would notice, with ids and times that differ between two runs left out."""
    notes = await notify.db.fetch("SELECT type, title FROM notifications WHERE user_id = $1 ORDER BY id", user_id)
    reminders = await notify.db.fetch(
        "SELECT start_time - $2::timestamptz AS offset, status FROM reminders WHERE user_id = $1 ORDER BY start_time",
        user_id,
        START,
    )
    mails = await notify.db.fetch("SELECT template FROM email_deliveries WHERE user_id = $1 ORDER BY id", user_id)
    return {
        "notifications": [tuple(r) for r in notes],
        "reminders": [tuple(r) for r in reminders],
        "mails": [r["template"] for r in mails],
    }


async def test_a_batch_ends_as_one_event_after_the_other(notify, booking) -> None:
    batched, one_by_one = unique_user(), unique_user()

    outcomes = await notify.consumer._process_many(scenario(booking, batched))
    for event in scenario(booking, one_by_one):
        await notify.consumer._process(event)

    assert outcomes == ["processed"] * 9
    expected = await state(notify, one_by_one)
    assert expected["notifications"][:2] == [
        ("reservation_confirmed", "Reservation confirmed"),
        ("reservation_cancelled", "Reservation cancelled"),
    ]
    assert [status for _, status in expected["reminders"]] == ["cancelled", "cancelled", "pending"]
    assert expected["reminders"][-1][0] == timedelta(days=4), "moved twice: the last time wins"
    assert await state(notify, batched) == expected


async def test_a_redelivered_batch_changes_nothing(notify, booking) -> None:
    user_id = unique_user()
    events = scenario(booking, user_id)
    await notify.consumer._process_many(events)
    before = await state(notify, user_id)

    assert await notify.consumer._process_many(events) == ["duplicate"] * len(events)
    assert await state(notify, user_id) == before


async def test_a_secret_in_a_batch_reaches_neither_audit_nor_webhooks(
    notify,
    everything_hook: int,  # noqa: F811 - the fixture
) -> None:
    user_id = unique_user()
    reset = header()
    secret = auth_events.PasswordResetRequested(
        header=reset,
        user_id=user_id,
        username=f"u{user_id}",
        email=f"u{user_id}@example.com",
        token=TOKEN,
        expires_at=to_timestamp(utcnow() + timedelta(minutes=30)),
    )
    registered = auth_events.UserRegistered(header=header(), user_id=user_id, username=f"u{user_id}")
    batch = [
        as_event("rr.auth.user.registered", registered),
        as_event("rr.auth.password_reset.requested", secret),
    ]

    assert await notify.consumers["auth"]._process_many(batch) == ["processed", "processed"]

    audited = await notify.db.fetchrow(
        "SELECT payload_json::text AS payload, payload_base64 FROM audit_log WHERE event_id = $1", reset.event_id
    )
    assert audited is not None and TOKEN not in audited["payload"] + audited["payload_base64"]
    hooked = await notify.db.fetch(
        "SELECT event_type FROM webhook_deliveries WHERE webhook_id = $1 AND event_id = ANY($2::text[])",
        everything_hook,
        [e.event_id for e in batch],
    )
    assert [r["event_type"] for r in hooked] == ["user.registered"]
    assert await notify.db.fetchval("SELECT count(*) FROM email_deliveries WHERE user_id = $1", user_id) == 1


@dataclass
class FakeMsg:
    """What the kernel's consumer reads of a JetStream message, and what it answered."""

    subject: str
    data: bytes
    headers: dict[str, str]
    metadata: Any
    answers: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, event: Event, delivered: int) -> FakeMsg:
        meta = SimpleNamespace(stream="RR_BOOKING", sequence=SimpleNamespace(stream=0), num_delivered=delivered)
        return cls(event.subject, event.payload, dict(event.headers), meta)

    async def ack(self) -> None:
        self.answers.append("ack")

    async def nak(self, delay: float | None = None) -> None:
        self.answers.append("nak")

    async def term(self) -> None:
        self.answers.append("term")


async def test_a_poison_event_is_dead_lettered_alone(notify, booking) -> None:
    before, after = unique_user(), unique_user()
    good = [
        as_event(RESERVATION_CREATED, booking.created(booking.reservation(u, START, START + timedelta(hours=1))))
        for u in (before, after)
    ]
    broken = booking.created(booking.reservation(unique_user(), START, START + timedelta(hours=1)))
    poison = as_event(RESERVATION_CREATED, broken, payload=b"\xff\xff\xff")
    messages = [FakeMsg.of(good[0], 1), FakeMsg.of(poison, 5), FakeMsg.of(good[1], 1)]

    await notify.consumer.handle_batch(messages)  # type: ignore[arg-type]

    assert [m.answers for m in messages] == [["ack"], ["term"], ["ack"]]
    for user_id in (before, after):
        assert (await state(notify, user_id))["notifications"] == [("reservation_confirmed", "Reservation confirmed")]
    dead = await notify.db.fetch("SELECT subject FROM dead_letters WHERE event_id = $1", poison.event_id)
    assert [r["subject"] for r in dead] == [RESERVATION_CREATED]
    assert await notify.db.fetchval("SELECT count(*) FROM audit_log WHERE event_id = $1", poison.event_id) == 0


def account_events(user_id: int, deleted: int) -> list[Event]:
    """One person's account changing several times in a batch, another's reset then deleted."""
    me, gone = f"u{user_id}", f"u{deleted}"
    reset = auth_events.PasswordResetRequested(
        header=header(),
        user_id=deleted,
        username=gone,
        email=f"{gone}@example.com",
        token=TOKEN,
        expires_at=to_timestamp(utcnow() + timedelta(minutes=30)),
    )
    messages = [
        (
            "registered",
            auth_events.UserRegistered(user_id=user_id, username=me, email=f"{me}@a.example", roles=["user"]),
        ),
        ("role_changed", auth_events.UserRoleChanged(user_id=user_id, username=me, roles=["user", "manager"])),
        ("deactivated", auth_events.UserDeactivated(user_id=user_id, username=me, email=f"{me}@b.example")),
        ("reactivated", auth_events.UserReactivated(user_id=user_id, username=f"{me}-renamed")),
        ("registered", auth_events.UserRegistered(user_id=deleted, username=gone, email=f"{gone}@example.com")),
        ("deleted", auth_events.UserDeleted(user_id=deleted, username="deleted-user")),
    ]
    events = []
    for verb, message in messages:
        message.header.CopyFrom(header())
        events.append(as_event(f"rr.auth.user.{verb}", message))
    events.insert(5, as_event("rr.auth.password_reset.requested", reset))
    return events


async def account_state(notify, user_id: int) -> list[Any]:
    row = await notify.db.fetchrow(
        "SELECT replace(username, $1, 'me') AS username, replace(email, $1, 'me') AS email, roles, is_active"
        " FROM directory_users WHERE user_id = $2",
        f"u{user_id}",
        user_id,
    )
    mails = await notify.db.fetch("SELECT status FROM email_deliveries WHERE user_id = $1", user_id)
    return [tuple(row) if row else None, [r["status"] for r in mails]]


async def test_account_events_in_a_batch_end_as_one_after_the_other(notify) -> None:
    batched, one_by_one = (unique_user(), unique_user()), (unique_user(), unique_user())
    auth = notify.consumers["auth"]

    assert await auth._process_many(account_events(*batched)) == ["processed"] * 7
    for event in account_events(*one_by_one):
        await auth._process(event)

    expected = [await account_state(notify, u) for u in one_by_one]
    assert expected[0][0] == ("me-renamed", "me@b.example", ["user", "manager"], True)
    assert expected[1] == [("deleted-user", "", [], False), []], "the reset e-mail went with the account"
    assert [await account_state(notify, u) for u in batched] == expected
