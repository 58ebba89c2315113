"""Webhook administration (admins only, checked by the servicer) and the fan-out of events into
deliveries, in the consumer's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.errors import InvalidStatus, NotFound
from rr_common.pagination import TwoWayPage, clamp_limit, id_position, two_way_page
from rr_common.timeconv import utcnow
from rr_notify.audit.recorder import record_action
from rr_notify.decoding import DomainEvent
from rr_notify.errors import InvalidDescription, InvalidSecret, PingNotRetried, WebhookDisabled
from rr_notify.webhooks import domain
from rr_notify.webhooks.guard import TargetPolicy
from rr_notify.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from rr_notify.webhooks.repository import DeliveryRepository, WebhookRepository
from rr_notify.webhooks.signing import new_secret

# The session.info flag of a transaction that added deliveries (see Database.on_commit).
WEBHOOK_DELIVERIES = "webhook_deliveries"

MAX_DESCRIPTION = 500


@dataclass(frozen=True)
class WebhookChanges:
    url: str | None = None
    events: Sequence[str] | None = None
    description: str | None = None
    is_active: bool | None = None


def _check_description(description: str) -> str:
    if len(description) > MAX_DESCRIPTION:
        raise InvalidDescription(f"The description is too long; the limit is {MAX_DESCRIPTION} characters.")
    return description


def _check_secret(secret: str) -> str:
    if not secret:
        return new_secret()
    if not 16 <= len(secret) <= 200:
        raise InvalidSecret(
            "A webhook secret must be 16 to 200 characters long (or leave it empty to get a generated one)."
        )
    return secret


def _public(webhook: Webhook) -> dict[str, object]:
    return {
        "url": webhook.url,
        "events": list(webhook.events),
        "description": webhook.description,
        "is_active": webhook.is_active,
    }


class WebhookService:
    def __init__(self, policy: TargetPolicy) -> None:
        self.policy = policy

    async def create(
        self, session: AsyncSession, creator: int, url: str, events: Sequence[str], description: str, secret: str
    ) -> tuple[Webhook, str]:
        # Validate everything before writing anything.
        filters = domain.normalize_filters(events)
        description = _check_description(description)
        secret = _check_secret(secret)
        url = await self.policy.validate(url)
        webhook = await WebhookRepository(session).add(
            Webhook(url=url, events=filters, description=description, secret=secret, created_by=creator)
        )
        await record_action(session, "webhook.created", webhook.id, _public(webhook))
        return webhook, secret

    async def get(self, session: AsyncSession, webhook_id: int, lock: bool = False) -> Webhook:
        webhook = await WebhookRepository(session).get(webhook_id, lock)
        if webhook is None:
            raise NotFound(f"Webhook {webhook_id} does not exist.")
        return webhook

    async def list_page(self, session: AsyncSession, limit: int, cursor: str) -> TwoWayPage[Webhook]:
        size = clamp_limit(limit)
        at, backward = id_position(cursor)
        rows = await WebhookRepository(session).page(at, size + 1, backward)
        return two_way_page(rows, size, at is not None, backward, lambda w: [w.id])

    async def update(self, session: AsyncSession, webhook_id: int, changes: WebhookChanges) -> Webhook:
        filters = domain.normalize_filters(changes.events) if changes.events is not None else None
        description = _check_description(changes.description) if changes.description is not None else None
        url = await self.policy.validate(changes.url) if changes.url is not None else None
        webhook = await self.get(session, webhook_id, lock=True)
        webhook.url = url if url is not None else webhook.url
        webhook.events = filters if filters is not None else webhook.events
        webhook.description = description if description is not None else webhook.description
        if changes.is_active is True and not webhook.is_active:
            webhook.is_active, webhook.consecutive_failures, webhook.disabled_at, webhook.disabled_reason = (
                True,
                0,
                None,
                "",
            )
        elif changes.is_active is False and webhook.is_active:
            webhook.is_active, webhook.disabled_at, webhook.disabled_reason = False, utcnow(), "Disabled by an admin."
        webhook.updated_at = utcnow()
        await session.flush()
        await record_action(session, "webhook.updated", webhook.id, _public(webhook))
        return webhook

    async def delete(self, session: AsyncSession, webhook_id: int) -> None:
        webhook = await self.get(session, webhook_id)
        await WebhookRepository(session).delete(webhook_id)
        await record_action(session, "webhook.deleted", webhook_id, _public(webhook))

    async def rotate_secret(self, session: AsyncSession, webhook_id: int) -> tuple[Webhook, str]:
        webhook = await self.get(session, webhook_id, lock=True)
        webhook.secret, webhook.updated_at = new_secret(), utcnow()
        await session.flush()
        await record_action(session, "webhook.secret_rotated", webhook.id, {"url": webhook.url})
        return webhook, webhook.secret

    async def deliveries(
        self, session: AsyncSession, webhook_id: int, status: str, limit: int, cursor: str
    ) -> tuple[TwoWayPage[WebhookDelivery], dict[int, list[WebhookAttempt]]]:
        if status not in ("", "pending", "succeeded", "failed"):
            raise InvalidStatus("status must be pending, succeeded or failed.")
        await self.get(session, webhook_id)
        size = clamp_limit(limit)
        repository = DeliveryRepository(session)
        at, backward = id_position(cursor)
        rows = await repository.page(webhook_id, status, at, size + 1, backward)
        page = two_way_page(rows, size, at is not None, backward, lambda d: [d.id])
        return page, await repository.attempts_of([d.id for d in page.items])

    async def requeue(self, session: AsyncSession, webhook_id: int, delivery_id: int) -> WebhookDelivery:
        webhook = await self.get(session, webhook_id)
        repository = DeliveryRepository(session)
        delivery = await repository.get(webhook_id, delivery_id)
        if delivery is None:
            raise NotFound(f"Delivery {delivery_id} of webhook {webhook_id} does not exist.")
        if delivery.event_type == domain.PING:
            raise PingNotRetried("A test ping is not redelivered; send a new test instead.")
        if not webhook.is_active:
            raise WebhookDisabled("The webhook is disabled; re-enable it first.")
        requeued = await repository.requeue(delivery_id, utcnow())
        assert requeued is not None
        await record_action(session, "webhook.delivery_retried", webhook_id, {"delivery_id": delivery_id})
        return requeued

    async def new_ping(self, session: AsyncSession, webhook_id: int, actor: int) -> tuple[Webhook, WebhookDelivery]:
        webhook = await self.get(session, webhook_id)
        event_id = f"ping-{uuid.uuid4()}"
        body = domain.body(
            event_id,
            f"rr.notify.{domain.PING}",
            utcnow(),
            actor,
            {"webhook_id": str(webhook_id), "message": "Test ping from Resource Reserver."},
        )
        # Not for the sweep: the caller attempts it at once and records the outcome.
        delivery = await DeliveryRepository(session).add(
            {
                "webhook_id": webhook_id,
                "event_id": event_id,
                "event_type": domain.PING,
                "body": body,
                "status": "failed",
            }
        )
        return webhook, delivery

    async def fan_out(self, session: AsyncSession, events: Sequence[DomainEvent]) -> int:
        """One pending delivery per event and matching active webhook (none twice for the same
        event), for all of them in two statements: the subscriptions, the deliveries."""
        if not events:
            return 0
        subscriptions = await WebhookRepository(session).active()
        rows = []
        for event in events:
            type_ = domain.event_type(event.subject)
            targets = [wid for wid, filters in subscriptions if domain.matches(filters, type_)]
            if not targets:
                continue
            body = domain.body(
                event.event_id,
                event.subject,
                event.occurred_at,
                event.actor_user_id,
                event.data(),
                event.payload_base64(),
            )
            rows += [
                {"webhook_id": wid, "event_id": event.event_id[:64], "event_type": type_[:200], "body": body}
                for wid in targets
            ]
        if not rows:
            return 0
        added = await DeliveryRepository(session).add_many(rows)
        # Wakes the webhook sweep when this commits (Database.on_commit), not at its next poll.
        session.info[WEBHOOK_DELIVERIES] = True
        return added
