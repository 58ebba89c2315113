"""Queries on webhooks, their deliveries and attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.leases import LeasedQueue
from rr_notify.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery

DELIVERY_ROWS_PER_INSERT = 2000


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

    async def page(self, at: int | None, limit: int, backward: bool = False) -> Sequence[Webhook]:
        """Oldest first after `at`; backward, the ones before `at`, nearest first."""
        query = select(Webhook)
        if at is not None:
            query = query.where(Webhook.id < at if backward else Webhook.id > at)
        return (
            await self.session.scalars(query.order_by(Webhook.id.desc() if backward else Webhook.id).limit(limit))
        ).all()

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Webhook]:
        rows = await self.session.scalars(select(Webhook).where(Webhook.id.in_(list(set(ids)))))
        return {w.id: w for w in rows.all()}

    async def active(self) -> Sequence[tuple[int, list[str]]]:
        rows = await self.session.execute(select(Webhook.id, Webhook.events).where(Webhook.is_active.is_(True)))
        return [(row.id, list(row.events)) for row in rows.all()]

    async def delete(self, webhook_id: int) -> bool:
        result = await self.session.execute(delete(Webhook).where(Webhook.id == webhook_id).returning(Webhook.id))
        return result.first() is not None

    async def locked(self, ids: Sequence[int]) -> Sequence[Webhook]:
        """Fresh rows, locked in id order (several notify replicas record outcomes of one endpoint)."""
        query = select(Webhook).where(Webhook.id.in_(sorted(set(ids)))).order_by(Webhook.id).with_for_update()
        return (await self.session.scalars(query)).all()


class DeliveryRepository(LeasedQueue[WebhookDelivery]):
    model = WebhookDelivery

    async def add_many(self, rows: Sequence[dict[str, Any]]) -> int:
        """Skips (webhook, event) pairs that exist: a redelivered event adds nothing."""
        added = 0
        # A statement carries at most 32767 parameters: a batch of events times many webhooks.
        for start in range(0, len(rows), DELIVERY_ROWS_PER_INSERT):
            table = cast(Table, WebhookDelivery.__table__)
            statement = pg_insert(table).on_conflict_do_nothing(constraint="uq_webhook_deliveries_webhook_event")
            chunk = list(rows[start : start + DELIVERY_ROWS_PER_INSERT])
            added += len((await self.session.execute(statement.returning(table.c.id), chunk)).all())
        return added

    async def add(self, row: dict[str, Any]) -> WebhookDelivery:
        return (await self.session.scalars(insert(WebhookDelivery).returning(WebhookDelivery), [row])).one()

    async def get(self, webhook_id: int, delivery_id: int) -> WebhookDelivery | None:
        return await self.session.scalar(
            select(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.webhook_id == webhook_id)
        )

    async def page(
        self, webhook_id: int, status: str, at: int | None, limit: int, backward: bool = False
    ) -> Sequence[WebhookDelivery]:
        """Newest first before `at`; backward, the newer ones after `at`, nearest first."""
        query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
        if status:
            query = query.where(WebhookDelivery.status == status)
        if at is not None:
            query = query.where(WebhookDelivery.id > at if backward else WebhookDelivery.id < at)
        order = WebhookDelivery.id if backward else WebhookDelivery.id.desc()
        return (await self.session.scalars(query.order_by(order).limit(limit))).all()

    async def attempts_of(self, delivery_ids: Sequence[int]) -> dict[int, list[WebhookAttempt]]:
        """The attempt log of a whole page in one query."""
        found: dict[int, list[WebhookAttempt]] = {i: [] for i in delivery_ids}
        if delivery_ids:
            query = select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(list(delivery_ids)))
            for attempt in (
                await self.session.scalars(query.order_by(WebhookAttempt.delivery_id, WebhookAttempt.attempt))
            ).all():
                found[attempt.delivery_id].append(attempt)
        return found

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> Sequence[WebhookDelivery]:
        """Due deliveries of active webhooks, leased to this process and their attempt counted;
        the HTTP call happens outside any transaction (see `rr_notify.leases`). Deliveries of a
        disabled webhook wait."""
        candidates = (
            select(WebhookDelivery.id)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(Webhook.is_active.is_(True))
        )
        return await self.claim(candidates, now, limit, lease)

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
        return await self.session.scalar(
            statement, execution_options={"synchronize_session": False, "populate_existing": True}
        )
