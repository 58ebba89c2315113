"""Webhooks against a real HTTP receiver: signed deliveries, retries that end in exactly one
accepted delivery, one delivery per subscription for a redelivered event, the delivery log,
test pings, manual retries, auto-disable, and refusal of unsafe targets."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import grpc
import pytest
from rr.notify.v1 import notify_pb2, webhooks_pb2, webhooks_pb2_grpc

from rr_common.streams import stream_name
from rr_common.testing import TestTokens, migrated_database
from rr_devstack.pytest_plugin import fresh_database
from rr_notify.app import PRODUCERS
from rr_notify.consumers.booking import RESERVATION_CANCELLED, RESERVATION_CREATED
from rr_notify.webhooks.signing import verify
from services.notify.tests.conftest import start_notify
from services.notify.tests.support import Receiver, eventually, start_receiver, stop_receiver

START = datetime(2031, 5, 5, 9, 0, tzinfo=UTC)
END = datetime(2031, 5, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await start_receiver()
    yield r
    await stop_receiver(r)


_created: list[int] = []


@pytest.fixture(autouse=True)
async def forget_webhooks(notify) -> AsyncIterator[None]:
    """Webhooks outlive a test in the shared database; delete them so later events skip them."""
    yield
    while _created:
        await notify.db.execute("DELETE FROM webhooks WHERE id = $1", _created.pop())


async def create(
    notify, url: str, events: tuple[str, ...] = ("reservation.created",), secret: str = "", admin_id: int = 1
) -> webhooks_pb2.CreateWebhookResponse:
    request = webhooks_pb2.CreateWebhookRequest(url=url, events=list(events), description="test hook", secret=secret)
    created = await notify.webhooks.CreateWebhook(request, metadata=notify.admin(admin_id))
    _created.append(created.webhook.id)
    return created


async def deliveries(notify, webhook_id: int) -> list[webhooks_pb2.WebhookDelivery]:
    answer = await notify.webhooks.ListDeliveries(
        webhooks_pb2.ListDeliveriesRequest(webhook_id=webhook_id), metadata=notify.admin()
    )
    return list(answer.deliveries)


async def settled(notify, webhook_id: int, statuses: list[str]) -> list[webhooks_pb2.WebhookDelivery]:
    """Wait until the deliveries of a webhook (newest first) have these statuses."""
    found: list[webhooks_pb2.WebhookDelivery] = []

    async def check() -> bool:
        found[:] = await deliveries(notify, webhook_id)
        return [d.status for d in found] == statuses

    await eventually(check)
    return found


async def refused(call) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    return caught.value


async def test_an_event_is_delivered_signed_and_verifiable(notify, booking, receiver: Receiver, user_id: int) -> None:
    created = await create(notify, receiver.url)
    message = booking.created(booking.reservation(user_id, START, END), "Lab 9")

    await booking.publish(RESERVATION_CREATED, message)
    (delivery,) = await settled(notify, created.webhook.id, ["succeeded"])

    (request,) = receiver.requests
    assert verify(created.secret, request.body, request.headers["x-rr-signature"])
    assert not verify("whsec_wrong-secret-of-someone-else", request.body, request.headers["x-rr-signature"])
    body = json.loads(request.body)
    assert (body["event_id"], body["type"], body["actor_user_id"]) == (
        message.header.event_id,
        "reservation.created",
        user_id,
    )
    assert body["data"]["resource_name"] == "Lab 9" and body["data"]["reservation"]["user_id"] == str(user_id)
    assert (
        request.headers["x-rr-delivery"] == str(delivery.id) and request.headers["x-rr-event"] == "reservation.created"
    )
    assert delivery.attempts == 1
    assert [(a.attempt, a.status_code) for a in delivery.attempt_log] == [(1, 200)]


async def test_a_replayed_signature_is_rejected_by_the_documented_check(
    notify, booking, receiver: Receiver, user_id: int
) -> None:
    created = await create(notify, receiver.url)
    await booking.publish(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))
    await settled(notify, created.webhook.id, ["succeeded"])
    (request,) = receiver.requests
    signature = request.headers["x-rr-signature"]

    assert verify(created.secret, request.body, signature)
    assert not verify(created.secret, request.body, signature, now=time.time() + 3600)
    assert not verify(created.secret, request.body.replace(b"Room A", b"Room B"), signature)


async def test_a_receiver_that_fails_then_recovers_gets_the_event_once(notify, booking, user_id: int) -> None:
    receiver = await start_receiver(Receiver(fail_first=2))
    try:
        created = await create(notify, receiver.url)
        message = booking.created(booking.reservation(user_id, START, END))
        await booking.publish(RESERVATION_CREATED, message)
        (delivery,) = await settled(notify, created.webhook.id, ["succeeded"])
    finally:
        await stop_receiver(receiver)

    assert [r.status for r in receiver.requests] == [500, 500, 200]
    (accepted,) = receiver.accepted()
    assert {(r.headers["x-rr-delivery"], r.headers["idempotency-key"]) for r in receiver.requests} == {
        (str(delivery.id), str(delivery.id))
    }
    assert all(verify(created.secret, r.body, r.headers["x-rr-signature"]) for r in receiver.requests)
    assert [(a.attempt, a.status_code) for a in delivery.attempt_log] == [(1, 500), (2, 500), (3, 200)]
    assert (
        all(a.latency_ms >= 0 for a in delivery.attempt_log)
        and delivery.attempt_log[0].error == "The receiver answered HTTP 500."
    )
    hook = (
        await notify.webhooks.GetWebhook(webhooks_pb2.GetWebhookRequest(id=created.webhook.id), metadata=notify.admin())
    ).webhook
    assert hook.is_active and hook.consecutive_failures == 0


async def test_a_redelivered_event_makes_one_delivery_per_subscription(
    notify, booking, receiver: Receiver, user_id: int
) -> None:
    first = await create(notify, receiver.url)
    second = await create(notify, receiver.url, ("reservation.*",))
    message = booking.created(booking.reservation(user_id, START, END))

    outcomes = [await notify.process(RESERVATION_CREATED, message), await notify.process(RESERVATION_CREATED, message)]
    await settled(notify, first.webhook.id, ["succeeded"])
    await settled(notify, second.webhook.id, ["succeeded"])

    assert outcomes == ["processed", "duplicate"]
    assert sorted(json.loads(r.body)["event_id"] for r in receiver.requests) == [message.header.event_id] * 2


async def test_the_event_filter_is_respected(notify, booking, receiver: Receiver, user_id: int) -> None:
    created = await create(notify, receiver.url, ("reservation.cancelled",))
    res = booking.reservation(user_id, START, END)
    await notify.process(RESERVATION_CREATED, booking.created(res))
    await notify.process(RESERVATION_CANCELLED, booking.cancelled(res))

    (only,) = await settled(notify, created.webhook.id, ["succeeded"])
    assert only.event_type == "reservation.cancelled" and len(receiver.requests) == 1


async def test_attempts_run_out_then_the_endpoint_is_disabled_and_admins_told(notify, booking, user_id: int) -> None:
    receiver = await start_receiver(Receiver(always_fail=True))
    admin_id = user_id
    try:
        created = await create(notify, receiver.url, admin_id=admin_id)
        hook_id = created.webhook.id
        await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

        (gave_up,) = await settled(notify, hook_id, ["failed"])
        assert gave_up.attempts == notify.settings.webhook_max_attempts == len(gave_up.attempt_log)

        await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

        async def disabled() -> bool:
            hook = (
                await notify.webhooks.GetWebhook(webhooks_pb2.GetWebhookRequest(id=hook_id), metadata=notify.admin())
            ).webhook
            return not hook.is_active

        await eventually(disabled)
        hook = (
            await notify.webhooks.GetWebhook(webhooks_pb2.GetWebhookRequest(id=hook_id), metadata=notify.admin())
        ).webhook
        assert (
            hook.consecutive_failures == notify.settings.webhook_failure_threshold
            and "failed deliveries" in hook.disabled_reason
        )
        told = await notify.stub.ListNotifications(
            notify_pb2.ListNotificationsRequest(), metadata=notify.auth(admin_id)
        )
        assert [n.type for n in told.notifications if n.subject_id == hook_id] == ["webhook_disabled"]
        pending = [d for d in await deliveries(notify, hook_id) if d.status == "pending"]
        assert len(pending) == 1, "the undelivered event waits for the endpoint to come back"

        # The receiver recovers and an admin re-enables the endpoint: the waiting event goes out.
        receiver.always_fail = False
        await notify.webhooks.UpdateWebhook(
            webhooks_pb2.UpdateWebhookRequest(id=hook_id, is_active=True), metadata=notify.admin()
        )
        await eventually(lambda: _accepted(receiver, 1))
    finally:
        await stop_receiver(receiver)


async def test_manual_retry_of_a_failed_delivery(notify, booking, user_id: int) -> None:
    receiver = await start_receiver(Receiver(fail_first=notify.settings.webhook_max_attempts))
    try:
        created = await create(notify, receiver.url)
        await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

        (failed,) = await settled(notify, created.webhook.id, ["failed"])
        retried = await notify.webhooks.RetryDelivery(
            webhooks_pb2.RetryDeliveryRequest(webhook_id=created.webhook.id, delivery_id=failed.id),
            metadata=notify.admin(),
        )
        assert retried.delivery.status == "pending"
        await settled(notify, created.webhook.id, ["succeeded"])
        assert len(receiver.accepted()) == 1
    finally:
        await stop_receiver(receiver)

    missing = await refused(
        notify.webhooks.RetryDelivery(
            webhooks_pb2.RetryDeliveryRequest(webhook_id=created.webhook.id, delivery_id=failed.id + 10**9),
            metadata=notify.admin(),
        )
    )
    assert missing.code() == grpc.StatusCode.NOT_FOUND


async def test_a_test_ping_reports_the_outcome_at_once(notify, receiver: Receiver) -> None:
    created = await create(notify, receiver.url)

    ping = (
        await notify.webhooks.TestWebhook(
            webhooks_pb2.TestWebhookRequest(id=created.webhook.id), metadata=notify.admin()
        )
    ).delivery

    assert (ping.status, ping.event_type, ping.last_status_code) == ("succeeded", "webhook.ping", 200)
    (request,) = receiver.requests
    assert json.loads(request.body)["type"] == "webhook.ping" and verify(
        created.secret, request.body, request.headers["x-rr-signature"]
    )


async def test_a_slow_receiver_times_out_quickly(notify) -> None:
    receiver = await start_receiver(Receiver(delay=3))
    try:
        created = await create(notify, receiver.url)
        started = time.monotonic()
        ping = (
            await notify.webhooks.TestWebhook(
                webhooks_pb2.TestWebhookRequest(id=created.webhook.id), metadata=notify.admin()
            )
        ).delivery
        assert time.monotonic() - started < 2.5
    finally:
        await stop_receiver(receiver)
    assert (ping.status, ping.last_status_code, ping.last_error) == (
        "failed",
        0,
        "The receiver did not answer in time.",
    )


class TestRegistration:
    async def test_the_secret_is_shown_once(self, notify, receiver: Receiver) -> None:
        created = await create(notify, receiver.url, ("reservation.*", "rr.booking.reservation.cancelled"))
        assert created.secret.startswith("whsec_") and len(created.secret) > 30
        assert list(created.webhook.events) == ["reservation.*", "reservation.cancelled"]
        listed = await notify.webhooks.ListWebhooks(webhooks_pb2.ListWebhooksRequest(), metadata=notify.admin())
        assert created.secret not in str(listed)
        rotated = await notify.webhooks.RotateWebhookSecret(
            webhooks_pb2.RotateWebhookSecretRequest(id=created.webhook.id), metadata=notify.admin()
        )
        assert rotated.secret != created.secret

    @pytest.mark.parametrize(
        "url, says",
        [
            ("ftp://example.com/hook", "http:// or https://"),
            ("javascript:alert(1)", "http:// or https://"),
            ("http://10.1.2.3/hook", "private, loopback or reserved"),
            ("http://169.254.169.254/latest/meta-data", "private, loopback or reserved"),
            ("http://[::1]:8080/hook", "private, loopback or reserved"),
            ("http://[::ffff:10.0.0.1]/hook", "private, loopback or reserved"),
            ("https://user:pw@example.com/hook", "no credentials"),
            ("https://example.com/" + "a" * 2100, "too long"),
            ("https:///nohost", "no host"),
        ],
    )
    async def test_unsafe_or_malformed_urls_are_refused_and_nothing_is_saved(self, notify, url: str, says: str) -> None:
        before = await notify.db.fetchval("SELECT count(*) FROM webhooks")
        error = await refused(create(notify, url))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and says in error.details()
        assert await notify.db.fetchval("SELECT count(*) FROM webhooks") == before

    @pytest.mark.parametrize("events", [(), ("reservation",), ("Reservation.Created",), ("reservation.created; drop",)])
    async def test_bad_event_filters_are_refused(self, notify, receiver: Receiver, events: tuple[str, ...]) -> None:
        error = await refused(create(notify, receiver.url, events))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT

    async def test_only_admins_manage_webhooks(self, notify, receiver: Receiver, user_id: int) -> None:
        request = webhooks_pb2.CreateWebhookRequest(url=receiver.url, events=["*"])
        error = await refused(notify.webhooks.CreateWebhook(request, metadata=notify.auth(user_id)))
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED
        error = await refused(
            notify.webhooks.ListWebhooks(webhooks_pb2.ListWebhooksRequest(), metadata=notify.auth(user_id))
        )
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED

    async def test_event_types_are_listed(self, notify) -> None:
        answer = await notify.webhooks.ListEventTypes(webhooks_pb2.ListEventTypesRequest(), metadata=notify.admin())
        types = {t.type for t in answer.event_types}
        assert {
            "reservation.created",
            "reservation.cancelled",
            "user.registered",
            "resource.status_changed",
            "webhook.ping",
        } <= types

    async def test_deleting_removes_it_and_its_deliveries(self, notify, receiver: Receiver) -> None:
        created = await create(notify, receiver.url)
        await notify.webhooks.TestWebhook(
            webhooks_pb2.TestWebhookRequest(id=created.webhook.id), metadata=notify.admin()
        )
        await notify.webhooks.DeleteWebhook(
            webhooks_pb2.DeleteWebhookRequest(id=created.webhook.id), metadata=notify.admin()
        )
        error = await refused(
            notify.webhooks.GetWebhook(webhooks_pb2.GetWebhookRequest(id=created.webhook.id), metadata=notify.admin())
        )
        assert error.code() == grpc.StatusCode.NOT_FOUND
        assert (
            await notify.db.fetchval(
                "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = $1", created.webhook.id
            )
            == 0
        )


async def _accepted(receiver: Receiver, count: int) -> bool:
    return len(receiver.accepted()) >= count


async def test_a_delivery_goes_out_when_its_event_commits_not_at_the_next_sweep(
    rr_infra, nats_url, js, booking, receiver: Receiver, user_id: int
) -> None:
    """A notify whose retry sweep would next run in a minute: the commit that adds the delivery
    wakes the sweep, so the receiver has it within seconds."""
    database_url = await migrated_database(fresh_database(rr_infra, "notify"), "rr_notify")
    tokens = TestTokens()
    suffix = f"-test-slow-{secrets.token_hex(4)}"
    service, _, port = await start_notify(
        database_url, nats_url, tokens, suffix, sweep_interval_seconds=60, email_enabled=False
    )
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    try:
        admin = (("authorization", f"Bearer {tokens.token(1, ('admin', 'user'))}"),)
        hooks = webhooks_pb2_grpc.WebhookServiceStub(channel)
        request = webhooks_pb2.CreateWebhookRequest(
            url=receiver.url, events=["reservation.created"], description="slow sweep"
        )
        await hooks.CreateWebhook(request, metadata=admin)
        began = time.monotonic()
        await booking.publish(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

        async def arrived() -> bool:
            return any(json.loads(r.body)["actor_user_id"] == user_id for r in receiver.requests)

        await eventually(arrived, 10)
        assert time.monotonic() - began < 10
    finally:
        await channel.close()
        await service.stop()
        for producer in PRODUCERS:
            await js.delete_consumer(stream_name(producer), f"notify-{producer}{suffix}")
