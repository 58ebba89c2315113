"""Queries on webhooks, their deliveries and attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery


class WebhookRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, webhook: Webhook) -> Webhook:
        self.session.add(webhook)
        await self.session.flush()
        await self.session.refresh(webhook)
        return webhook

    async def get(self, webhook_id: int, lock: bool = False) -> Webhook | None:
        query = select(Webhook).where(Webhook.id == webhook_id)
        if lock:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def page(self, after_id: int | None, limit: int) -> Sequence[Webhook]:
        query = select(Webhook)
        if after_id is not None:
            query = query.where(Webhook.id > after_id)
        return (await self.session.scalars(query.order_by(Webhook.id).limit(limit))).all()

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Webhook]:
        rows = await self.session.scalars(select(Webhook).where(Webhook.id.in_(list(set(ids)))))
        return {w.id: w for w in rows.all()}

    async def active(self) -> Sequence[tuple[int, list[str]]]:
        rows = await self.session.execute(select(Webhook.id, Webhook.events).where(Webhook.is_active.is_(True)))
        return [(row.id, list(row.events)) for row in rows.all()]

    async def delete(self, webhook_id: int) -> bool:
        result = await self.session.execute(delete(Webhook).where(Webhook.id == webhook_id).returning(Webhook.id))
        return result.first() is not None

    async def update_health(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(update(Webhook), list(rows))


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_many(self, rows: Sequence[dict[str, Any]]) -> int:
        """Skips (webhook, event) pairs that exist: a redelivered event adds nothing."""
        if not rows:
            return 0
        statement = pg_insert(WebhookDelivery).values(list(rows)).on_conflict_do_nothing(constraint="uq_webhook_deliveries_webhook_event")
        result = await self.session.execute(statement.returning(WebhookDelivery.id))
        return len(result.all())

    async def add(self, row: dict[str, Any]) -> WebhookDelivery:
        return (await self.session.scalars(insert(WebhookDelivery).returning(WebhookDelivery), [row])).one()

    async def get(self, webhook_id: int, delivery_id: int) -> WebhookDelivery | None:
        return await self.session.scalar(
            select(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.webhook_id == webhook_id)
        )

    async def page(self, webhook_id: int, status: str, before_id: int | None, limit: int) -> Sequence[WebhookDelivery]:
        query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
        if status:
            query = query.where(WebhookDelivery.status == status)
        if before_id is not None:
            query = query.where(WebhookDelivery.id < before_id)
        return (await self.session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit))).all()

    async def attempts_of(self, delivery_ids: Sequence[int]) -> dict[int, list[WebhookAttempt]]:
        """The attempt log of a whole page in one query."""
        found: dict[int, list[WebhookAttempt]] = {i: [] for i in delivery_ids}
        if delivery_ids:
            query = select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(list(delivery_ids)))
            for attempt in (await self.session.scalars(query.order_by(WebhookAttempt.delivery_id, WebhookAttempt.attempt))).all():
                found[attempt.delivery_id].append(attempt)
        return found

    async def due(self, now: datetime, limit: int) -> Sequence[tuple[int, int]]:
        """(delivery id, webhook id) of due deliveries of active webhooks, oldest first. Nothing is
        locked or leased here: each one is claimed by `claim` only when a sending slot is free, so
        no claim waits for a slot while its lease runs out (and other replicas take the rest)."""
        query = (
            select(WebhookDelivery.id, WebhookDelivery.webhook_id)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now, Webhook.is_active.is_(True))
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(limit)
        )
        return [(row.id, row.webhook_id) for row in (await self.session.execute(query)).all()]

    async def claim(self, delivery_id: int, now: datetime, lease: timedelta) -> WebhookDelivery | None:
        """Lease one delivery for one attempt and count it, if it is still due and its webhook
        still active; None when another replica took it first (or the endpoint was disabled
        meanwhile). The new attempt number is the claim's fencing token (see `record_claimed`)."""
        active = select(Webhook.id).where(Webhook.is_active.is_(True))
        statement = (
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at <= now,
                WebhookDelivery.webhook_id.in_(active.scalar_subquery()),
            )
            .values(attempts=WebhookDelivery.attempts + 1, next_attempt_at=now + lease)
            .returning(WebhookDelivery)
        )
        return await self.session.scalar(statement, execution_options={"synchronize_session": False})

    async def record_claimed(self, claimed_attempt: int, delivery: dict[str, Any], attempt: dict[str, Any]) -> bool:
        """Record an attempt's outcome only if no newer claim was made since (the row still has
        this attempt number). A late finisher whose lease ran out must not overwrite what a newer
        attempt recorded, nor send the delivery back to pending after it succeeded."""
        values = {k: v for k, v in delivery.items() if k != "id"}
        statement = (
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery["id"], WebhookDelivery.attempts == claimed_attempt)
            .values(**values)
            .returning(WebhookDelivery.id)
        )
        if (await self.session.execute(statement, execution_options={"synchronize_session": False})).first() is None:
            return False
        await self.session.execute(insert(WebhookAttempt), [attempt])
        return True

    async def record(self, deliveries: Sequence[dict[str, Any]], attempts: Sequence[dict[str, Any]]) -> None:
        if deliveries:
            await self.session.execute(update(WebhookDelivery), list(deliveries))
        if attempts:
            await self.session.execute(insert(WebhookAttempt), list(attempts))

    async def requeue(self, delivery_id: int, now: datetime) -> WebhookDelivery | None:
        statement = (
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id)
            .values(status="pending", next_attempt_at=now)
            .returning(WebhookDelivery)
        )
        # populate_existing: the caller may hold this row from `get` in the same session.
        return await self.session.scalar(statement, execution_options={"synchronize_session": False, "populate_existing": True})
