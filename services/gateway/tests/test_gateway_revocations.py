"""Deactivations reach every gateway replica from auth's stream, including replicas that start
after the event, in order with reactivations."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import nats
import pytest
from rr.auth.v1 import events_pb2
from rr.common.v1 import common_pb2

from rr_common.context import Principal
from rr_common.nats_conn import NatsConnection
from rr_common.outbox import ensure_stream
from rr_common.timeconv import to_timestamp
from rr_devstack.pytest_plugin import private_nats
from rr_gateway.revocations import DEACTIVATED, REACTIVATED, RevocationFeed, Revocations


def who(user_id: int, username: str = "") -> Principal:
    return Principal(user_id=user_id, username=username or f"u{user_id}")


def test_a_deactivated_account_is_refused_until_reactivated() -> None:
    revocations = Revocations()
    closed: list[tuple[int, str]] = []
    revocations.on_deactivation(closed.append)
    revocations.deactivated(7, "U7")
    assert revocations.denies(who(7)) and not revocations.denies(who(8)) and closed == [(7, "u7")]
    # Same id, another name: a user of another auth database on the same NATS.
    assert not revocations.denies(who(7, "someone-else"))
    revocations.reactivated(7, "u7")
    assert not revocations.denies(who(7))


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    with private_nats(tmp_path) as server:
        yield server.url


async def publish(url: str, user_id: int, at: float, reactivated: bool = False) -> None:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        await ensure_stream(js, "auth")
        header = common_pb2.EventHeader(event_id=f"e-{user_id}-{at}-{reactivated}", occurred_at=to_timestamp(datetime.fromtimestamp(at, UTC)))
        # Other account events share the subjects' space; the feed must skip them.
        await js.publish("rr.auth.user.registered", events_pb2.UserRegistered(header=header, user_id=user_id).SerializeToString())
        kind = events_pb2.UserReactivated if reactivated else events_pb2.UserDeactivated
        message = kind(header=header, user_id=user_id, username=f"u{user_id}")
        await js.publish(REACTIVATED if reactivated else DEACTIVATED, message.SerializeToString())
    finally:
        await client.close()


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_replica_started_after_the_event_still_refuses_older_tokens(nats_url: str) -> None:
    await publish(nats_url, 41, time.time() - 60)
    await publish(nats_url, 44, time.time() - 50)
    await publish(nats_url, 44, time.time() - 40, reactivated=True)
    revocations, connection = Revocations(), NatsConnection(nats_url, "test-gateway")
    connection.start()
    feed = RevocationFeed(revocations, connection)
    feed.start()
    try:
        assert await until(lambda: revocations.denies(who(41)))
        assert not revocations.denies(who(44))  # deactivated, then reactivated: replayed in order
        # Live events keep coming after the replay.
        await publish(nats_url, 42, time.time())
        assert await until(lambda: revocations.denies(who(42)))
        await publish(nats_url, 42, time.time(), reactivated=True)
        assert await until(lambda: not revocations.denies(who(42)))
    finally:
        await feed.stop()
        await connection.close()


async def test_the_feed_waits_for_auths_stream_to_exist(nats_url: str) -> None:
    revocations, connection = Revocations(), NatsConnection(nats_url, "test-gateway")
    connection.start()
    feed = RevocationFeed(revocations, connection)
    feed.start()
    try:
        await asyncio.sleep(0.5)  # no stream yet: the feed keeps retrying
        assert not feed.ready.is_set()
        await publish(nats_url, 43, time.time())
        assert await until(lambda: revocations.denies(who(43)), seconds=15)
    finally:
        await feed.stop()
        await connection.close()
