"""Two notify replicas sharing one database, against a slow real HTTP receiver and a slow real
SMTP server: every webhook and every e-mail arrives once, carrying its delivery id so a receiver
could drop a repeat, and a late answer to an attempt whose lease ran out (its replica stalled)
cannot overwrite what a newer attempt recorded.

The lease is shortened (normally it is the per-request timeout twice plus 30 s) so that a batch
outlasts it within seconds: 12 deliveries at 3 at a time against a receiver taking 0.5 s is 2 s,
longer than a 1.5 s lease, which still covers one attempt with room to spare."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import asyncpg
import pytest

from rr_common.db import Database
from rr_common.testing import migrated_database
from rr_devstack.pytest_plugin import fresh_database
from rr_notify.delivery import Notifier
from rr_notify.directory.service import UserDirectory
from rr_notify.email.sender import SmtpConfig, SmtpSender
from rr_notify.email.worker import EmailPolicy, EmailWorker
from rr_notify.inapp.preferences import Preferences
from rr_notify.webhooks.guard import TargetPolicy, parse_networks
from rr_notify.webhooks.sender import WebhookSender
from rr_notify.webhooks.worker import RetryPolicy, WebhookDispatcher
from services.notify.tests.support import (
    Mailbox,
    Receiver,
    bounded,
    eventually,
    start_receiver,
    start_smtp,
    stop_receiver,
)

SLOW = 0.5
SHORT_LEASE = timedelta(seconds=1.5)
BATCH, CONCURRENCY = 12, 3
TIMEOUT = 5.0

Sweep = Callable[[], Awaitable[int]]


@pytest.fixture
async def database_url(rr_infra) -> str:
    """A database of these replicas alone: the suite's running notify must not sweep it too."""
    return await migrated_database(fresh_database(rr_infra, "notify"), "rr_notify")


@pytest.fixture
async def sql(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(database_url)
    yield connection
    await connection.close()


@pytest.fixture
async def replica_dbs(database_url: str) -> AsyncIterator[tuple[Database, Database]]:
    """Each replica with its own connection pool, as two notify processes have."""
    dbs = (Database(database_url, 5), Database(database_url, 5))
    yield dbs
    for db in dbs:
        await db.dispose()


def dispatcher(db: Database, lease: timedelta) -> WebhookDispatcher:
    sender = WebhookSender(TargetPolicy(parse_networks("127.0.0.0/8")), TIMEOUT)
    policy = RetryPolicy(base_seconds=0.05, max_seconds=0.2, batch_size=BATCH, concurrency=CONCURRENCY)
    d = WebhookDispatcher(db, sender, Notifier(Preferences(60), False), policy, TIMEOUT)
    d.lease = lease
    return d


def email_worker(db: Database, smtp_port: int, lease: timedelta) -> EmailWorker:
    sender = SmtpSender(SmtpConfig("127.0.0.1", smtp_port, timeout=TIMEOUT))
    policy = EmailPolicy(
        retry_base_seconds=0.05, batch_size=BATCH, concurrency=CONCURRENCY, app_url="https://rr.example"
    )
    w = EmailWorker(db, UserDirectory(db), sender, policy)
    w.lease = lease
    return w


async def replica(sweep: Sweep, settled: Callable[[], Awaitable[bool]]) -> None:
    """One replica's sweep loop, stopped between sweeps (never mid-send) once nothing is pending."""
    while not await settled():
        await sweep()
        await asyncio.sleep(0.05)


async def run_two_replicas(first: Sweep, second: Sweep, settled: Callable[[], Awaitable[bool]]) -> None:
    one = asyncio.create_task(replica(first, settled))
    await asyncio.sleep(0.1)  # the first replica takes its batch; the second polls from then on
    await bounded(asyncio.gather(one, replica(second, settled)), 60, "two replicas sending the queue")


async def add_webhook(sql: asyncpg.Connection, url: str, deliveries: int) -> list[int]:
    hook = await sql.fetchval(
        "INSERT INTO webhooks (url, events, secret, created_by) VALUES ($1, $2, $3, 1) RETURNING id",
        url,
        ["reservation.created"],
        "whsec_" + secrets.token_hex(16),
    )
    ids = []
    for _ in range(deliveries):
        event_id = secrets.token_hex(8)
        body = json.dumps({"event_id": event_id, "type": "reservation.created", "data": {}})
        ids.append(
            await sql.fetchval(
                "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body) VALUES ($1, $2, 'reservation.created', $3) RETURNING id",
                hook,
                event_id,
                body,
            )
        )
    return ids


async def add_emails(sql: asyncpg.Connection, count: int) -> list[int]:
    """Queued e-mails, each to a user of its own."""
    ids = []
    for n in range(count):
        user_id = 100_000_000 + secrets.randbelow(900_000_000)
        await sql.execute(
            "INSERT INTO directory_users (user_id, username, email) VALUES ($1, $2, $3)",
            user_id,
            f"u{n}",
            f"u{user_id}@example.com",
        )
        ids.append(
            await sql.fetchval(
                "INSERT INTO email_deliveries (user_id, template, context) VALUES ($1, 'notification', $2) RETURNING id",
                user_id,
                json.dumps({"type": "notice", "title": "Room moved", "message": f"Message {n}."}),
            )
        )
    return ids


def answered_at_least(receiver: Receiver, count: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return len(receiver.accepted()) >= count

    return check


def nothing_pending(sql: asyncpg.Connection, table: str) -> Callable[[], Awaitable[bool]]:
    one_at_a_time = asyncio.Lock()  # both replicas ask over the test's single connection

    async def check() -> bool:
        async with one_at_a_time:
            return bool(await sql.fetchval(f"SELECT count(*) = 0 FROM {table} WHERE status = 'pending'"))  # fixed names

    return check


async def test_each_webhook_arrives_once_from_two_replicas(
    sql: asyncpg.Connection, replica_dbs: tuple[Database, Database]
) -> None:
    receiver = await start_receiver(Receiver(delay=SLOW))
    try:
        ids = await add_webhook(sql, receiver.url, BATCH)
        a, b = (dispatcher(db, SHORT_LEASE) for db in replica_dbs)
        try:
            await run_two_replicas(a.run_once, b.run_once, nothing_pending(sql, "webhook_deliveries"))
        finally:
            await a.sender.close()
            await b.sender.close()
    finally:
        await stop_receiver(receiver)

    arrived = Counter(r.headers["x-rr-delivery"] for r in receiver.requests)
    assert arrived == Counter({str(i): 1 for i in ids}), "every delivery exactly once at the receiver"
    assert all(r.headers["idempotency-key"] == r.headers["x-rr-delivery"] for r in receiver.requests)
    rows = await sql.fetch("SELECT status, attempts FROM webhook_deliveries WHERE id = ANY($1::bigint[])", ids)
    assert {(r["status"], r["attempts"]) for r in rows} == {("succeeded", 1)}
    assert (
        await sql.fetchval("SELECT count(*) FROM webhook_attempts WHERE delivery_id = ANY($1::bigint[])", ids) == BATCH
    )


async def test_each_email_arrives_once_from_two_replicas(
    sql: asyncpg.Connection, replica_dbs: tuple[Database, Database]
) -> None:
    smtp = start_smtp(Mailbox(delay=SLOW))
    try:
        ids = await add_emails(sql, BATCH)
        a, b = (email_worker(db, smtp.port, SHORT_LEASE) for db in replica_dbs)
        await run_two_replicas(a.run_once, b.run_once, nothing_pending(sql, "email_deliveries"))
    finally:
        smtp.controller.stop()

    arrived = Counter(m["X-RR-Delivery"] for m in smtp.mailbox.received)
    assert arrived == Counter({f"email-{i}": 1 for i in ids}), "every e-mail exactly once in the mailboxes"
    assert len({m["Message-ID"] for m in smtp.mailbox.received}) == BATCH
    rows = await sql.fetch("SELECT status, attempts FROM email_deliveries WHERE id = ANY($1::bigint[])", ids)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}


async def test_a_late_failure_does_not_undo_a_newer_success(
    sql: asyncpg.Connection, replica_dbs: tuple[Database, Database]
) -> None:
    """The first attempt outlives its lease (its replica stalled) and then fails; meanwhile the
    other replica's attempt succeeded. The delivery stays succeeded and is not sent a third time."""
    receiver = await start_receiver(Receiver(plan=[(1.2, 500), (0.0, 200)]))
    try:
        (delivery_id,) = await add_webhook(sql, receiver.url, 1)
        a, b = (dispatcher(db, timedelta(seconds=0.4)) for db in replica_dbs)
        a.renew_every = 60  # the first replica stalls (a long pause) and stops renewing its lease
        try:
            slow = asyncio.create_task(a.run_once())
            await asyncio.sleep(0.6)
            await b.run_once()
            await bounded(slow, 10, "the slow attempt")
            for _ in range(5):  # later sweeps of both replicas find nothing to send
                await a.run_once()
                await b.run_once()
                await asyncio.sleep(0.1)
        finally:
            await a.sender.close()
            await b.sender.close()
    finally:
        await stop_receiver(receiver)

    assert [r.status for r in receiver.requests] == [200, 500], "the quick success, then the slow failure; nothing more"
    row = await sql.fetchrow(
        "SELECT status, attempts, last_status_code FROM webhook_deliveries WHERE id = $1", delivery_id
    )
    assert (row["status"], row["attempts"], row["last_status_code"]) == ("succeeded", 2, 200)
    log = await sql.fetch(
        "SELECT attempt, status_code FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt", delivery_id
    )
    assert [(r["attempt"], r["status_code"]) for r in log] == [(2, 200)]


async def test_a_late_e_mail_refusal_does_not_undo_a_newer_send(
    sql: asyncpg.Connection, replica_dbs: tuple[Database, Database]
) -> None:
    """The same for e-mail: the first SMTP exchange outlives its lease (its replica stalled) and is
    refused; the other replica's was accepted. The e-mail stays sent, and no third copy goes out."""
    smtp = start_smtp(Mailbox(plan=[(1.2, True), (0.0, False)]))
    try:
        (delivery_id,) = await add_emails(sql, 1)
        a, b = (email_worker(db, smtp.port, timedelta(seconds=0.4)) for db in replica_dbs)
        a.renew_every = 60  # the first replica stalls and stops renewing its lease
        slow = asyncio.create_task(a.run_once())
        await asyncio.sleep(0.6)
        await b.run_once()
        await bounded(slow, 10, "the slow attempt")
        for _ in range(5):  # later sweeps of both replicas find nothing to send
            await a.run_once()
            await b.run_once()
            await asyncio.sleep(0.1)
    finally:
        smtp.controller.stop()

    assert len(smtp.mailbox.received) == 1 and len(smtp.mailbox.offered) == 2
    row = await sql.fetchrow("SELECT status, attempts, last_error FROM email_deliveries WHERE id = $1", delivery_id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 2, "")


async def test_a_replica_stopped_mid_batch_records_what_was_answered(
    sql: asyncpg.Connection, replica_dbs: tuple[Database, Database]
) -> None:
    """A replica stops (a deploy) in the middle of a batch, before any lease renewal: what its
    receiver already answered is recorded and never sent again; the rest goes out from the other
    replica once the lease ends, and nothing is lost."""
    receiver = await start_receiver(Receiver(delay=SLOW))
    try:
        ids = await add_webhook(sql, receiver.url, 6)
        a, b = (dispatcher(db, SHORT_LEASE) for db in replica_dbs)
        a.renew_every = 60  # nothing recorded by a renewal: only the stop itself can record
        try:
            stopping = asyncio.create_task(a.run_once())
            await eventually(answered_at_least(receiver, CONCURRENCY), 10, 0.005)
            # The receiver logs before its answer reaches the replica: give that a moment (far
            # less than the other three, now in flight, take).
            await asyncio.sleep(SLOW / 2)
            answered = {r.headers["x-rr-delivery"] for r in receiver.accepted()}
            stopping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopping
            stopped = asyncio.get_running_loop().time()
            assert await b.run_once() == 0, "the stopped replica's leases still hold"
            await bounded(replica(b.run_once, nothing_pending(sql, "webhook_deliveries")), 20, "the other replica")
            took_over_after = asyncio.get_running_loop().time() - stopped
        finally:
            await a.sender.close()
            await b.sender.close()
    finally:
        await stop_receiver(receiver)

    assert len(answered) == CONCURRENCY
    arrived = Counter(r.headers["x-rr-delivery"] for r in receiver.accepted())
    assert set(arrived) == {str(i) for i in ids}, "nothing lost"
    assert {i: arrived[i] for i in answered} == {i: 1 for i in answered}, "what was answered is not sent again"
    assert took_over_after < SHORT_LEASE.total_seconds() + 2
    rows = await sql.fetch("SELECT id, status, attempts FROM webhook_deliveries WHERE id = ANY($1::bigint[])", ids)
    assert {r["status"] for r in rows} == {"succeeded"}
    assert {str(r["id"]) for r in rows if r["attempts"] == 1} == answered
