"""Live push through the gateway's /ws: my notifications, announcements and resource status,
authenticated, robust against junk, over several gateway replicas."""

from __future__ import annotations

import asyncio
import time

import httpx
import nats
import pytest

from rr_common.testing import TestTokens
from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_up_and_in, slot
from tests.e2e.support_notify import gateway_replica, live, signed_in_socket, ws_url

NOTIFICATION_CREATED = "rr.notify.notification.created"


async def book(
    api: httpx.AsyncClient, who: Session, resource_id: object, days: int = 8, hour: int = 9
) -> dict[str, object]:
    start, end = slot(days=days, hour=hour)
    answer = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource_id, "start_time": start, "end_time": end},
        headers=who.auth,
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


async def test_my_notification_reaches_my_socket_only_and_quickly(
    api: httpx.AsyncClient, rr_stack: Stack, user: Session, resource: dict[str, object]
) -> None:
    other = await sign_up_and_in(api, "bystander")
    published: dict[int, float] = {}

    async def seen(msg: nats.aio.msg.Msg) -> None:
        from rr.notify.v1 import events_pb2

        event = events_pb2.NotificationCreated.FromString(msg.data)
        published.setdefault(event.notification.subject_id, time.perf_counter())

    bus = await nats.connect(rr_stack.infra.nats_url)
    await bus.subscribe(NOTIFICATION_CREATED, cb=seen)
    await bus.flush()
    try:
        async with (
            signed_in_socket(rr_stack.gateway_url, user) as mine,
            signed_in_socket(rr_stack.gateway_url, other) as theirs,
        ):
            reservation = await book(api, user, resource["id"])
            at, frame = await mine.wait_for("notification", lambda f: f["data"]["subject_id"] == reservation["id"])
            await asyncio.sleep(0.3)
    finally:
        await bus.close()

    assert set(frame) == {"type", "data", "id", "ts"} and frame["ts"].endswith("Z")
    assert (frame["data"]["type"], frame["data"]["user_id"], frame["data"]["is_read"]) == (
        "reservation_confirmed",
        user.user_id,
        False,
    )
    assert theirs.of_type("notification") == [], "someone else's notification must not reach my socket"
    lag = at - published[int(str(reservation["id"]))]
    assert lag < 0.5, f"the socket got it {lag * 1000:.0f} ms after the event was published"


async def test_a_reconnecting_client_catches_up_since_an_id(
    api: httpx.AsyncClient, rr_stack: Stack, user: Session, resource: dict[str, object]
) -> None:
    first = await book(api, user, resource["id"], hour=8)
    notes = await _notifications(api, user, 1)
    last_seen = notes[0]["id"]
    second = await book(api, user, resource["id"], hour=11)  # while "offline"
    await _notifications(api, user, 2)

    async with signed_in_socket(rr_stack.gateway_url, user, since_id=last_seen) as socket:
        _, replayed = await socket.wait_for("notification", lambda f: f["data"].get("replayed") is True)

    assert replayed["data"]["subject_id"] == second["id"] and replayed["data"]["id"] > last_seen
    assert all(f["data"]["subject_id"] != first["id"] for f in socket.of_type("notification"))


async def test_subscribers_see_a_resource_live_without_who_booked(
    api: httpx.AsyncClient, rr_stack: Stack, user: Session, resource: dict[str, object]
) -> None:
    watcher = await sign_up_and_in(api, "watcher")
    async with (
        signed_in_socket(rr_stack.gateway_url, watcher) as socket,
        signed_in_socket(rr_stack.gateway_url, user) as unsubscribed,
    ):
        await socket.send({"action": "subscribe", "resource_ids": [resource["id"]]})
        _, ack = await socket.wait_for("subscribed")
        assert ack["data"]["resource_ids"] == [resource["id"]]

        reservation = await book(api, user, resource["id"], days=9)
        _, created = await socket.wait_for("resource", lambda f: f["data"]["event"] == "reservation.created")
        cancelled = await api.post(
            f"/api/v1/reservations/{reservation['id']}/cancel", json={"reason": "no longer needed"}, headers=user.auth
        )
        assert cancelled.status_code == 200, cancelled.text
        _, gone = await socket.wait_for("resource", lambda f: f["data"]["event"] == "reservation.cancelled")

    assert created["data"]["resource_id"] == resource["id"]
    assert created["data"]["reservation"] == {
        "id": reservation["id"],
        "start_time": reservation["start_time"],
        "end_time": reservation["end_time"],
        "status": "confirmed",
    }
    assert gone["data"]["reservation"]["status"] == "cancelled"
    assert unsubscribed.of_type("resource") == []


async def test_an_announcement_reaches_every_open_socket(
    api: httpx.AsyncClient, rr_stack: Stack, admin: Session, user: Session
) -> None:
    other = await sign_up_and_in(api, "listener")
    async with (
        signed_in_socket(rr_stack.gateway_url, user) as one,
        signed_in_socket(rr_stack.gateway_url, other) as two,
    ):
        sent = await api.post(
            "/api/v1/announcements", json={"title": "Fire drill", "message": "At 11:00 today."}, headers=admin.auth
        )
        assert sent.status_code == 201, sent.text
        for socket in (one, two):
            _, frame = await socket.wait_for(
                "announcement", lambda f: f["data"]["announcement_id"] == sent.json()["announcement_id"]
            )
            assert (frame["data"]["title"], frame["data"]["message"]) == ("Fire drill", "At 11:00 today.")


async def test_every_gateway_replica_delivers_to_its_own_sockets(
    api: httpx.AsyncClient, rr_stack: Stack, user: Session, resource: dict[str, object]
) -> None:
    async with gateway_replica(rr_stack) as replica:
        async with (
            signed_in_socket(rr_stack.gateway_url, user) as on_first,
            signed_in_socket(replica, user) as on_second,
        ):
            reservation = await book(api, user, resource["id"], days=10)
            for socket in (on_first, on_second):
                await socket.wait_for("notification", lambda f: f["data"]["subject_id"] == reservation["id"])


class TestAuthentication:
    async def test_the_token_may_come_as_the_first_message(self, rr_stack: Stack, user: Session) -> None:
        async with live(ws_url(rr_stack.gateway_url)) as socket:
            await socket.send({"action": "auth", "token": user.token})
            _, welcome = await socket.wait_for("welcome")
        assert welcome["data"]["user_id"] == user.user_id

    @pytest.mark.parametrize("token, says", [("not-a-jwt", "malformed"), (TestTokens().token(5), "unknown key")])
    async def test_a_bad_token_closes_with_4401_and_a_reason(self, rr_stack: Stack, token: str, says: str) -> None:
        async with live(ws_url(rr_stack.gateway_url, token)) as socket:
            code, reason = await socket.wait_closed()
        assert code == 4401 and says in reason

    async def test_a_bad_first_message_closes_with_4401(self, rr_stack: Stack) -> None:
        async with live(ws_url(rr_stack.gateway_url)) as socket:
            await socket.send("hello?")
            code, reason = await socket.wait_closed()
        assert code == 4401 and "access token" in reason


class TestJunk:
    @pytest.mark.parametrize(
        "payload, expected",
        [("not json at all", 4400), ("[1, 2, 3]", 4400), (b"\x00\x01binary", 4400), ("x" * 100_000, 1009)],
    )
    async def test_junk_closes_the_socket_with_a_clear_code(
        self, rr_stack: Stack, user: Session, payload: str | bytes, expected: int
    ) -> None:
        async with signed_in_socket(rr_stack.gateway_url, user) as socket:
            await socket.send(payload)
            code, reason = await socket.wait_closed()
        assert code == expected and reason

    async def test_unknown_actions_and_bad_ids_get_an_error_frame_and_the_socket_keeps_working(
        self, rr_stack: Stack, user: Session
    ) -> None:
        async with signed_in_socket(rr_stack.gateway_url, user) as socket:
            await socket.send({"action": "dance"})
            await socket.send({"action": "subscribe", "resource_ids": ["one", -2]})
            await socket.send({"action": "ping"})
            await socket.wait_for("pong")
        assert [f["data"]["code"] for f in socket.of_type("error")] == ["unknown_action", "invalid_resource_ids"]
        assert socket.closed is None or socket.closed.rcvd is None or socket.closed.rcvd.code == 1000

    async def test_the_gateway_keeps_serving_after_junk(
        self, api: httpx.AsyncClient, rr_stack: Stack, user: Session
    ) -> None:
        for junk in ("{{{", "x" * 50_000):
            async with signed_in_socket(rr_stack.gateway_url, user) as socket:
                await socket.send(junk)
                await socket.wait_closed()
        assert (await api.get("/api/v1/notifications/unread-count", headers=user.auth)).status_code == 200
        async with signed_in_socket(rr_stack.gateway_url, user) as socket:
            await socket.send({"action": "ping"})
            await socket.wait_for("pong")


class TestOnAReplicaWithATestKey:
    """Token lifetimes and heartbeats need control over time: a replica trusting a test key."""

    async def test_an_expired_token_is_refused_and_a_live_one_closes_when_it_expires(self, rr_stack: Stack) -> None:
        tokens = TestTokens()
        async with gateway_replica(rr_stack, verifier=tokens.verifier()) as replica:
            async with live(ws_url(replica, tokens.token(7, ttl=-30))) as socket:
                code, reason = await socket.wait_closed()
            assert code == 4401 and "expired" in reason

            async with live(ws_url(replica, tokens.token(7, ttl=2))) as socket:
                await socket.wait_for("welcome")
                code, reason = await socket.wait_closed(timeout=10)
            assert code == 4401 and "expired" in reason

    async def test_a_refreshed_token_keeps_the_socket_open(self, rr_stack: Stack) -> None:
        tokens = TestTokens()
        async with gateway_replica(rr_stack, verifier=tokens.verifier()) as replica:
            async with live(ws_url(replica, tokens.token(8, ttl=2))) as socket:
                await socket.wait_for("welcome")
                await socket.send({"action": "auth", "token": tokens.token(8, ttl=60)})
                await socket.wait_for("authenticated")
                await asyncio.sleep(3)
                assert socket.closed is None
                await socket.send({"action": "auth", "token": tokens.token(9, ttl=60)})
                code, reason = await socket.wait_closed()
            assert code == 4401 and "another user" in reason

    async def test_heartbeats_arrive_at_the_configured_interval(self, rr_stack: Stack) -> None:
        tokens = TestTokens()
        async with gateway_replica(
            rr_stack, env={"RR_GATEWAY_WS_HEARTBEAT_SECONDS": "0.2"}, verifier=tokens.verifier()
        ) as replica:
            async with live(ws_url(replica, tokens.token(9))) as socket:
                _, welcome = await socket.wait_for("welcome")
                await asyncio.sleep(1.1)
        assert welcome["data"]["heartbeat_seconds"] == 0.2
        assert 3 <= len(socket.of_type("heartbeat")) <= 7

    async def test_too_many_sockets_for_one_user_are_refused(self, rr_stack: Stack) -> None:
        tokens = TestTokens()
        async with gateway_replica(
            rr_stack, env={"RR_GATEWAY_WS_MAX_SOCKETS_PER_USER": "2"}, verifier=tokens.verifier()
        ) as replica:
            url = ws_url(replica, tokens.token(10))
            async with live(url) as a, live(url) as b, live(url) as c:
                await a.wait_for("welcome")
                await b.wait_for("welcome")
                code, _ = await c.wait_closed()
        assert code == 4429


async def _notifications(
    api: httpx.AsyncClient, who: Session, count: int, timeout: float = 20
) -> list[dict[str, object]]:
    deadline = time.monotonic() + timeout
    while True:
        items: list[dict[str, object]] = (await api.get("/api/v1/notifications", headers=who.auth)).json()["data"]
        if len(items) >= count or time.monotonic() > deadline:
            assert len(items) >= count, f"expected {count} notifications, got {len(items)}"
            return items
        await asyncio.sleep(0.1)
