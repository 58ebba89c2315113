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
from rr_notify.webhooks.leases import LeasedBatch
from rr_notify.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from rr_notify.webhooks.repository import DeliveryRepository, WebhookRepository
from rr_notify.webhooks.sender import AttemptResult, WebhookSender

log = get_logger("rr.notify.webhooks")

# An attempt's result and when it ended.
Finished = tuple[AttemptResult, datetime]


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

    def __init__(
        self, db: Database, sender: WebhookSender, notifier: Notifier, policy: RetryPolicy, timeout: float
    ) -> None:
        self.db = db
        self.sender = sender
        self.notifier = notifier
        self.policy = policy
        # Covers one attempt (connect, send, answer, record), not a batch: run_once renews it
        # every third of it for what is not finished (see leases.py), so a replica that dies
        # leaves its deliveries due again this soon.
        self.lease = timedelta(seconds=timeout * 2 + 30)
        # Seconds between renewals; None is a third of the lease.
        self.renew_every: float | None = None
        self._slots = asyncio.Semaphore(policy.concurrency)

    @property
    def batch_size(self) -> int:
        return self.policy.batch_size

    async def run_once(self) -> int:
        async with self.db.session() as session:
            claimed = await DeliveryRepository(session).claim_due(utcnow(), self.policy.batch_size, self.lease)
            hooks = {
                w.id: (w.url, w.secret)
                for w in (await WebhookRepository(session).by_ids([d.webhook_id for d in claimed])).values()
            }
        if not claimed:
            return 0

        async def attempt(d: WebhookDelivery) -> Finished:
            async with self._slots:
                result = await self.sender.post(*hooks[d.webhook_id], d.body, d.id, d.event_type)
            return result, utcnow()  # recorded up to a renewal later: keep when it happened

        # Webhooks deleted since the claim have taken their deliveries with them.
        batch: LeasedBatch[WebhookDelivery, Finished] = LeasedBatch(
            attempt, self._checkpoint, self.renew_every or self.lease.total_seconds() / 3
        )
        await batch.run([d for d in claimed if d.webhook_id in hooks])
        return len(claimed)

    async def ping(self, webhook: Webhook, delivery: WebhookDelivery) -> tuple[WebhookDelivery, list[WebhookAttempt]]:
        delivery.attempts = 1
        async with self._slots:
            result = await self.sender.post(
                webhook.url, webhook.secret, delivery.body, delivery.id, delivery.event_type
            )
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

    def _outcome(
        self, d: WebhookDelivery, r: AttemptResult, now: datetime, retry: bool
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        again = retry and not r.ok and d.attempts < self.policy.max_attempts
        status = "succeeded" if r.ok else ("pending" if again else "failed")
        when = next_attempt(now, d.attempts, self.policy.base_seconds, self.policy.max_seconds) if again else now
        changes = {
            "id": d.id,
            "status": status,
            "attempts": d.attempts,
            "next_attempt_at": when,
            "last_status_code": r.status_code,
            "last_latency_ms": r.latency_ms,
            "last_error": r.error,
            "delivered_at": now if r.ok else None,
        }
        attempt = {
            "delivery_id": d.id,
            "attempt": d.attempts,
            "status_code": r.status_code,
            "latency_ms": r.latency_ms,
            "error": r.error,
            "attempted_at": now,
        }
        if not r.ok:
            log.info(
                "webhook attempt failed",
                delivery_id=d.id,
                attempt=d.attempts,
                status_code=r.status_code,
                error=r.error,
                will_retry=again,
            )
        return changes, attempt

    async def _checkpoint(
        self, done: Sequence[tuple[WebhookDelivery, Finished]], sending: Sequence[WebhookDelivery]
    ) -> None:
        """One transaction: record finished attempts unless a newer claim replaced ours, and renew
        the leases of those still waiting or in flight."""
        now = utcnow()
        async with self.db.session() as session:
            # Lock order webhook -> delivery, as deleting a webhook takes it (its row, then the
            # cascade to its deliveries); the other order deadlocks with a delete.
            await WebhookRepository(session).locked([d.webhook_id for d in (*(d for d, _ in done), *sending)])
            repository = DeliveryRepository(session)
            current = await repository.still_claimed([(d.id, d.attempts) for d, _ in done])
            for d, (r, _) in done:
                if d.id not in current:
                    # Our lease ran out and another replica claimed it again: its outcome stands.
                    log.warning(
                        "late webhook outcome dropped", delivery_id=d.id, attempt=d.attempts, status_code=r.status_code
                    )
            kept = [(d, r, at) for d, (r, at) in done if d.id in current]
            outcomes = [self._outcome(d, r, at, retry=True) for d, r, at in kept]
            await repository.record([u for u, _ in outcomes], [a for _, a in outcomes])
            await repository.renew([(d.id, d.attempts) for d in sending], now + self.lease)
            await self._update_health(session, [(d.webhook_id, r.ok) for d, r, _ in kept if d.event_type != PING], now)

    async def _update_health(self, session: AsyncSession, outcomes: Sequence[tuple[int, bool]], now: datetime) -> None:
        """Fresh, locked values: several notify replicas may record outcomes of one endpoint."""
        if not outcomes:
            return
        for hook in await WebhookRepository(session).locked([wid for wid, _ in outcomes]):
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
        await self.notifier.deliver(
            session, [webhook_disabled(uid, hook.id, hook.url, hook.consecutive_failures) for uid in sorted(admins)]
        )
        await record_action(
            session, "webhook.disabled", hook.id, {"url": hook.url, "consecutive_failures": hook.consecutive_failures}
        )
        log.warning("webhook disabled", webhook_id=hook.id, failures=hook.consecutive_failures)
