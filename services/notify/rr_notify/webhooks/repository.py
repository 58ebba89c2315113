"""Queries on webhooks, their deliveries and attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

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


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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
        the HTTP call happens outside any transaction. Deliveries of a disabled webhook wait.
        The lease covers one attempt; the sweep renews it (`renew`) until the outcome is
        recorded. The new attempt number is the claim's fencing token (see `still_claimed`)."""
        due = (
            select(WebhookDelivery.id)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(
                WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now, Webhook.is_active.is_(True)
            )
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(limit)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        )
        statement = (
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(due.scalar_subquery()))
            .values(attempts=WebhookDelivery.attempts + 1, next_attempt_at=now + lease)
            .returning(WebhookDelivery)
        )
        return (await self.session.scalars(statement, execution_options={"synchronize_session": False})).all()

    async def still_claimed(self, claims: Sequence[tuple[int, int]]) -> set[int]:
        """Of (delivery id, attempt number) claims, the ids no newer claim has replaced, locked
        until the transaction ends so none can be claimed again before the outcome is written."""
        if not claims:
            return set()
        query = (
            select(WebhookDelivery.id, WebhookDelivery.attempts)
            .where(WebhookDelivery.id.in_([i for i, _ in claims]))
            .order_by(WebhookDelivery.id)
            .with_for_update()
        )
        current = {row.id: row.attempts for row in (await self.session.execute(query)).all()}
        return {i for i, attempt in claims if current.get(i) == attempt}

    async def renew(self, claims: Sequence[tuple[int, int]], until: datetime) -> None:
        """Extend the leases of (delivery id, attempt number) claims still held (none newer)."""
        if claims:
            statement = (
                update(WebhookDelivery)
                .where(
                    tuple_(WebhookDelivery.id, WebhookDelivery.attempts).in_(list(claims)),
                    WebhookDelivery.status == "pending",
                )
                .values(next_attempt_at=until)
            )
            await self.session.execute(statement, execution_options={"synchronize_session": False})

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
