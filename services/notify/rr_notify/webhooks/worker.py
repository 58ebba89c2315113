"""Delivering webhooks: the retry sweep, immediate test pings, endpoint health and auto-disable.

Each delivery is retried with exponential backoff and jitter until it succeeds or runs out of
attempts. Every attempt is logged with status code and latency. Consecutive failed attempts make
an endpoint unhealthy; past the threshold it is disabled and the admins are told."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

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
        self.lease = timedelta(seconds=timeout * 2 + 30)
        self._slots = asyncio.Semaphore(policy.concurrency)

    @property
    def batch_size(self) -> int:
        return self.policy.batch_size

    async def run_once(self) -> int:
        now = utcnow()
        async with self.db.session() as session:
            claimed = await DeliveryRepository(session).claim_due(now, self.policy.batch_size, self.lease)
            hooks = {w.id: (w.url, w.secret) for w in await self._webhooks(session, [d.webhook_id for d in claimed])}
        if not claimed:
            return 0
        results = await asyncio.gather(*(self._post(d, *hooks[d.webhook_id]) for d in claimed if d.webhook_id in hooks))
        await self._record([d for d in claimed if d.webhook_id in hooks], results, retry=True)
        return len(claimed)

    async def ping(self, webhook: Webhook, delivery: WebhookDelivery) -> tuple[WebhookDelivery, list[WebhookAttempt]]:
        delivery.attempts = 1
        result = await self._post(delivery, webhook.url, webhook.secret)
        await self._record([delivery], [result], retry=False)
        async with self.db.session() as session:
            repository = DeliveryRepository(session)
            fresh = await repository.get(webhook.id, delivery.id)
            attempts = await repository.attempts_of([delivery.id])
        assert fresh is not None
        return fresh, attempts[delivery.id]

    async def _post(self, delivery: WebhookDelivery, url: str, secret: str) -> AttemptResult:
        async with self._slots:
            return await self.sender.post(url, secret, delivery.body, delivery.id, delivery.event_type)

    @staticmethod
    async def _webhooks(session: AsyncSession, ids: Sequence[int]) -> Sequence[Webhook]:
        if not ids:
            return []
        return (await session.scalars(select(Webhook).where(Webhook.id.in_(list(set(ids)))))).all()

    async def _record(self, deliveries: Sequence[WebhookDelivery], results: Sequence[AttemptResult], retry: bool) -> None:
        now = utcnow()
        updates, attempts = [], []
        for d, r in zip(deliveries, results, strict=True):
            again = retry and not r.ok and d.attempts < self.policy.max_attempts
            status = "succeeded" if r.ok else ("pending" if again else "failed")
            when = next_attempt(now, d.attempts, self.policy.base_seconds, self.policy.max_seconds) if again else now
            updates.append({
                "id": d.id, "status": status, "attempts": d.attempts, "next_attempt_at": when, "last_status_code": r.status_code,
                "last_latency_ms": r.latency_ms, "last_error": r.error, "delivered_at": now if r.ok else None,
            })
            attempts.append({"delivery_id": d.id, "attempt": d.attempts, "status_code": r.status_code, "latency_ms": r.latency_ms, "error": r.error, "attempted_at": now})
            if not r.ok:
                log.info("webhook attempt failed", delivery_id=d.id, attempt=d.attempts, status_code=r.status_code, error=r.error, will_retry=again)
        async with self.db.session() as session:
            await DeliveryRepository(session).record(updates, attempts)
            await self._update_health(session, [(d.webhook_id, r.ok) for d, r in zip(deliveries, results, strict=True) if d.event_type != PING], now)

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
