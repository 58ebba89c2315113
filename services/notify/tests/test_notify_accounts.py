"""Auth's account events in notify: the password-reset mail (whose token reaches neither the audit
log nor webhooks) and a deleted account's data removed while its audit entries stay."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest
from rr.auth.v1 import events_pb2 as auth_events
from rr.notify.v1 import webhooks_pb2

from rr_common.timeconv import to_timestamp, utcnow
from services.notify.tests.support import Receiver, SmtpServer, eventually, header, start_receiver, stop_receiver
from services.notify.tests.test_notify_inapp import register

TOKEN = "kX3r9VqT0bYwZ2pLmN5sHc8dFgJ1aEuQ7iOtRyW4vBn"


@pytest.fixture
async def everything_hook(notify) -> AsyncIterator[int]:
    """A webhook subscribed to every event type."""
    receiver: Receiver = await start_receiver()
    request = webhooks_pb2.CreateWebhookRequest(url=receiver.url, events=["*"], description="all events")
    created = await notify.webhooks.CreateWebhook(request, metadata=notify.admin())
    yield created.webhook.id
    await notify.db.execute("DELETE FROM webhooks WHERE id = $1", created.webhook.id)
    await stop_receiver(receiver)


async def until(predicate: Callable[[], object]) -> None:
    async def check() -> bool:
        return bool(predicate())

    await eventually(check)


async def test_the_reset_mail_carries_the_link_and_the_token_goes_nowhere_else(
    notify, smtp: SmtpServer, user_id: int, everything_hook: int
) -> None:
    address = f"u{user_id}@example.com"
    await register(notify, user_id, email=address)
    event = header()
    message = auth_events.PasswordResetRequested(
        header=event,
        user_id=user_id,
        username=f"u{user_id}",
        email=address,
        token=TOKEN,
        expires_at=to_timestamp(utcnow() + timedelta(minutes=30)),
    )
    assert await notify.process("rr.auth.password_reset.requested", message) == "processed"

    await until(lambda: smtp.mailbox.to(address))
    (mail,) = smtp.mailbox.to(address)
    text = mail.get_body(("plain",)).get_content()
    assert f"https://rr.example/reset-password?token={TOKEN}" in text
    assert "30 minutes" in text
    # Audited, without the secret; never queued for a webhook, though one takes every event.
    audited = await notify.db.fetchrow(
        "SELECT payload_json::text AS payload, payload_base64 FROM audit_log WHERE event_id = $1", event.event_id
    )
    assert audited is not None and str(user_id) in audited["payload"]
    assert TOKEN not in audited["payload"] and TOKEN not in audited["payload_base64"]
    assert await notify.db.fetchval("SELECT count(*) FROM webhook_deliveries WHERE event_id = $1", event.event_id) == 0


async def test_a_deleted_account_loses_its_data_but_not_its_audit_entries(notify, user_id: int) -> None:
    await register(notify, user_id)
    receiver: Receiver = await start_receiver()
    try:
        webhook = await notify.webhooks.CreateWebhook(
            webhooks_pb2.CreateWebhookRequest(url=receiver.url, events=["reservation.created"], description="mine"),
            metadata=notify.admin(user_id),
        )
    finally:
        await stop_receiver(receiver)
    await notify.db.execute(
        "INSERT INTO notifications (user_id, type, title, message) VALUES ($1, 'system', 'Hello', 'Hi')", user_id
    )
    audited_before = await notify.db.fetchval("SELECT count(*) FROM audit_log WHERE entity_id = $1", str(user_id))
    assert audited_before >= 1

    deleted = auth_events.UserDeleted(header=header(user_id), user_id=user_id, username=f"deleted:{user_id}")
    assert await notify.process("rr.auth.user.deleted", deleted) == "processed"

    assert await notify.db.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1", user_id) == 0
    assert await notify.db.fetchval("SELECT count(*) FROM webhooks WHERE id = $1", webhook.webhook.id) == 0
    row = await notify.db.fetchrow("SELECT username, email, is_active FROM directory_users WHERE user_id = $1", user_id)
    assert (row["username"], row["email"], row["is_active"]) == (f"deleted:{user_id}", "", False)
    assert (
        await notify.db.fetchval("SELECT count(*) FROM audit_log WHERE entity_id = $1", str(user_id))
        >= audited_before + 1
    )
