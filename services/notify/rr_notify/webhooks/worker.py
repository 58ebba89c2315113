"""Delivering webhooks: the retry sweep, immediate test pings, endpoint health and auto-disable.

Each delivery is retried with exponential backoff and jitter until it succeeds or runs out of
attempts. Every attempt is logged with status code and latency. Consecutive failed attempts make
an endpoint unhealthy; past the threshold it is disabled and the admins are told."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.timeconv import utcnow
from rr_notify.audit.recorder import record_action
from rr_notify.backoff import next_attempt
from rr_notify.delivery import Notifier
from rr_notify.directory.repository import DirectoryRepository
from rr_notify.inapp.domain import webhook_disabled
from rr_notify.webhooks.domain import PING
from rr_notify.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from rr_notify.webhooks.repository import DeliveryRepository
from rr_notify.webhooks.sender import AttemptResult, WebhookSender

log = get_logger("rr.notify.webhooks")


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_seconds: float = 60.0
    max_seconds: float = 3600.0
    failure_threshold: int = 20
    batch_size: int = 100
    concurrency: int = 10


class WebhookDispatcher:
    """The retry sweep (`run_once`) and the immediate attempt of a test ping (`ping`)."""

    name = "webhooks"

    def __init__(self, db: Database, sender: WebhookSender, notifier: Notifier, policy: RetryPolicy, timeout: float) -> None:
        self.db = db
        self.sender = sender
        self.notifier = notifier
        self.policy = policy
        # Covers one attempt (connect, send, answer, record), not a batch: each delivery is
        # claimed only when a sending slot is free for it.
        self.lease = timedelta(seconds=timeout * 2 + 30)
        self._slots = asyncio.Semaphore(policy.concurrency)

    @property
    def batch_size(self) -> int:
        return self.policy.batch_size

    async def run_once(self) -> int:
        async with self.db.session() as session:
            repository = DeliveryRepository(session)
            due = await repository.due(utcnow(), self.policy.batch_size)
            hooks = {w.id: (w.url, w.secret) for w in await self._webhooks(session, [wid for _, wid in due])}
        await asyncio.gather(*(self._deliver(did, *hooks[wid]) for did, wid in due if wid in hooks))
        return len(due)

    async def _deliver(self, delivery_id: int, url: str, secret: str) -> None:
        """Claim, send and record one delivery. The claim is made once a slot is free, so its lease
        only has to outlive this one attempt, however long the rest of the batch takes."""
        async with self._slots:
            async with self.db.session() as session:
                delivery = await DeliveryRepository(session).claim(delivery_id, utcnow(), self.lease)
            if delivery is None:
                return  # another replica has it, or its endpoint was disabled meanwhile
            result = await self.sender.post(url, secret, delivery.body, delivery.id, delivery.event_type)
            await self._record_claimed(delivery, result)

    async def ping(self, webhook: Webhook, delivery: WebhookDelivery) -> tuple[WebhookDelivery, list[WebhookAttempt]]:
        delivery.attempts = 1
        async with self._slots:
            result = await self.sender.post(webhook.url, webhook.secret, delivery.body, delivery.id, delivery.event_type)
        # A ping is never claimed by the sweep (it is created as failed): nothing to fence.
        changes, attempt = self._outcome(delivery, result, utcnow(), retry=False)
        async with self.db.session() as session:
            repository = DeliveryRepository(session)
            await repository.record([changes], [attempt])
        async with self.db.session() as session:
            repository = DeliveryRepository(session)
            fresh = await repository.get(webhook.id, delivery.id)
            attempts = await repository.attempts_of([delivery.id])
        assert fresh is not None
        return fresh, attempts[delivery.id]

    @staticmethod
    async def _webhooks(session: AsyncSession, ids: Sequence[int]) -> Sequence[Webhook]:
        if not ids:
            return []
        return (await session.scalars(select(Webhook).where(Webhook.id.in_(list(set(ids)))))).all()

    def _outcome(self, d: WebhookDelivery, r: AttemptResult, now: datetime, retry: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        again = retry and not r.ok and d.attempts < self.policy.max_attempts
        status = "succeeded" if r.ok else ("pending" if again else "failed")
        when = next_attempt(now, d.attempts, self.policy.base_seconds, self.policy.max_seconds) if again else now
        changes = {
            "id": d.id, "status": status, "attempts": d.attempts, "next_attempt_at": when, "last_status_code": r.status_code,
            "last_latency_ms": r.latency_ms, "last_error": r.error, "delivered_at": now if r.ok else None,
        }
        attempt = {"delivery_id": d.id, "attempt": d.attempts, "status_code": r.status_code, "latency_ms": r.latency_ms, "error": r.error, "attempted_at": now}
        if not r.ok:
            log.info("webhook attempt failed", delivery_id=d.id, attempt=d.attempts, status_code=r.status_code, error=r.error, will_retry=again)
        return changes, attempt

    async def _record_claimed(self, d: WebhookDelivery, r: AttemptResult) -> None:
        now = utcnow()
        changes, attempt = self._outcome(d, r, now, retry=True)
        async with self.db.session() as session:
            if not await DeliveryRepository(session).record_claimed(d.attempts, changes, attempt):
                # Our lease ran out and another replica claimed it again: its outcome stands.
                log.warning("late webhook outcome dropped", delivery_id=d.id, attempt=d.attempts, status_code=r.status_code)
                return
            if d.event_type != PING:
                await self._update_health(session, [(d.webhook_id, r.ok)], now)

    async def _update_health(self, session: AsyncSession, outcomes: Sequence[tuple[int, bool]], now: datetime) -> None:
        """Fresh, locked values: several notify replicas may record outcomes of one endpoint."""
        if not outcomes:
            return
        ids = sorted({wid for wid, _ in outcomes})
        hooks = (await session.scalars(select(Webhook).where(Webhook.id.in_(ids)).order_by(Webhook.id).with_for_update())).all()
        for hook in hooks:
            for wid, ok in outcomes:
                if wid != hook.id:
                    continue
                if ok:
                    hook.consecutive_failures, hook.last_success_at = 0, now
                else:
                    hook.consecutive_failures, hook.last_failure_at = hook.consecutive_failures + 1, now
            if hook.is_active and hook.consecutive_failures >= self.policy.failure_threshold:
                await self._disable(session, hook, now)

    async def _disable(self, session: AsyncSession, hook: Webhook, now: datetime) -> None:
        hook.is_active, hook.disabled_at = False, now
        hook.disabled_reason = f"Disabled after {hook.consecutive_failures} failed deliveries in a row."
        admins = set(await DirectoryRepository(session).ids_with_role("admin")) | {hook.created_by}
        await self.notifier.deliver(session, [webhook_disabled(uid, hook.id, hook.url, hook.consecutive_failures) for uid in sorted(admins)])
        await record_action(session, "webhook.disabled", hook.id, {"url": hook.url, "consecutive_failures": hook.consecutive_failures})
        log.warning("webhook disabled", webhook_id=hook.id, failures=hook.consecutive_failures)
