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
from rr_common.streams import ensure_stream
from rr_common.timeconv import to_timestamp
from rr_devstack.nats_server import NatsServer
from rr_devstack.pytest_plugin import private_nats
from rr_gateway.revocations import DEACTIVATED, REACTIVATED, AccountGuard, RevocationFeed, Revocations


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


class Feed:
    following = True


async def test_a_replica_that_cannot_vouch_asks_auth_until_it_follows_again() -> None:
    revocations, feed, asked = Revocations(), Feed(), []
    inactive = {"t-9"}

    async def auth_says_active(token: str) -> bool:
        asked.append(token)
        return token not in inactive

    guard = AccountGuard(revocations, feed, auth_says_active)  # type: ignore[arg-type]
    assert not await guard.denies(who(9), "t-9") and asked == [], "a following replica decides alone"
    feed.following = False
    assert await guard.denies(who(9), "t-9"), "deactivated during the gap: auth refuses it"
    assert not await guard.denies(who(8), "t-8")
    assert not await guard.denies(who(8), "t-8") and asked == ["t-9", "t-8"], "auth's answer is remembered briefly"
    revocations.deactivated(8, "u8")
    assert await guard.denies(who(8), "t-8"), "a known deactivation needs no call"
    service = Principal(user_id=0, username="client:x", client_id="x")
    assert not await guard.denies(service, "t-s") and "t-s" not in asked


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    with private_nats(tmp_path) as server:
        yield server.url


async def publish(url: str, user_id: int, at: float, reactivated: bool = False) -> None:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        await ensure_stream(js, "auth")
        header = common_pb2.EventHeader(
            event_id=f"e-{user_id}-{at}-{reactivated}", occurred_at=to_timestamp(datetime.fromtimestamp(at, UTC))
        )
        # Other account events share the subjects' space; the feed must skip them.
        await js.publish(
            "rr.auth.user.registered", events_pb2.UserRegistered(header=header, user_id=user_id).SerializeToString()
        )
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


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    with private_nats(tmp_path) as server:
        yield server


async def test_a_stalled_nats_does_not_end_the_feed(nats_server: NatsServer) -> None:
    """SIGSTOP long enough for the client to give the consumer up; after SIGCONT the feed resumes
    from where it was, so a deactivation made after the stall is honoured within seconds."""
    await publish(nats_server.url, 51, time.time())
    revocations, connection = Revocations(), NatsConnection(nats_server.url, "test-gateway")
    connection.start()
    feed = RevocationFeed(revocations, connection)
    feed.start()
    try:
        assert await until(lambda: revocations.denies(who(51)))
        assert await until(lambda: feed.following)
        nats_server.pause()
        try:
            assert await until(lambda: not feed.following, seconds=8), "a stalled feed must not claim to follow"
            await asyncio.sleep(15 - 3)
        finally:
            nats_server.resume()
        await publish(nats_server.url, 52, time.time())
        assert await until(lambda: revocations.denies(who(52)), seconds=5)
        assert await until(lambda: feed.following, seconds=5)
    finally:
        await feed.stop()
        await connection.close()


async def test_a_restarted_nats_resumes_the_feed_without_replaying_it_twice(nats_server: NatsServer) -> None:
    await publish(nats_server.url, 61, time.time())
    revocations, connection = Revocations(), NatsConnection(nats_server.url, "test-gateway")
    connection.start()
    feed = RevocationFeed(revocations, connection)
    closed: list[tuple[int, str]] = []
    revocations.on_deactivation(closed.append)
    feed.start()
    try:
        assert await until(lambda: revocations.denies(who(61)))
        nats_server.kill()
        assert await until(lambda: not feed.following, seconds=8)
        nats_server.start()
        await publish(nats_server.url, 62, time.time())
        assert await until(lambda: revocations.denies(who(62)), seconds=5)
        await asyncio.sleep(1)
        assert closed == [(61, "u61"), (62, "u62")], "each event is applied once, in order"
    finally:
        await feed.stop()
        await connection.close()
