"""The e-mail sweep: claim due deliveries, resolve addresses in one batch, render, send with
bounded concurrency while the batch's leases are renewed (so another notify replica never sends
one twice, however long the batch takes), record outcomes unless a newer claim replaced ours;
failures retry with backoff up to a limit."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosmtplib

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.timeconv import utcnow
from rr_notify.backoff import next_attempt
from rr_notify.directory.service import Contact, UserDirectory
from rr_notify.email.models import EmailDelivery
from rr_notify.email.render import TemplateProblem, render
from rr_notify.email.repository import EmailRepository
from rr_notify.email.sender import DeliveryReference, SmtpSender
from rr_notify.webhooks.leases import LeasedBatch

log = get_logger("rr.notify.email")


@dataclass(frozen=True)
class EmailPolicy:
    max_attempts: int = 5
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    batch_size: int = 50
    concurrency: int = 5
    app_url: str = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Outcome:
    id: int
    status: str
    to_address: str = ""
    error: str = ""
    retry: bool = False


class EmailWorker:
    name = "email"

    def __init__(self, db: Database, directory: UserDirectory, sender: SmtpSender, policy: EmailPolicy) -> None:
        self.db = db
        self.directory = directory
        self.sender = sender
        self.policy = policy
        self._slots = asyncio.Semaphore(policy.concurrency)
        # Covers one SMTP exchange and its record, not a batch: run_once renews it every third
        # of it for what is not finished (see webhooks/leases.py).
        self.lease = timedelta(seconds=sender.config.timeout * 2 + 30)
        # Seconds between renewals; None is a third of the lease.
        self.renew_every: float | None = None

    @property
    def batch_size(self) -> int:
        return self.policy.batch_size

    async def run_once(self) -> int:
        async with self.db.session() as session:
            claimed = await EmailRepository(session).claim_due(utcnow(), self.policy.batch_size, self.lease)
        if not claimed:
            return 0
        contacts = await self.directory.contacts({d.user_id for d in claimed})

        async def attempt(d: EmailDelivery) -> tuple[Outcome, datetime]:
            # Recorded up to a renewal later: keep when it happened.
            return await self._attempt(d, contacts.get(d.user_id)), utcnow()

        batch: LeasedBatch[EmailDelivery, tuple[Outcome, datetime]] = LeasedBatch(
            attempt, self._checkpoint, self.renew_every or self.lease.total_seconds() / 3
        )
        await batch.run(claimed)
        return len(claimed)

    async def _attempt(self, delivery: EmailDelivery, contact: Contact | None) -> Outcome:
        if contact is not None and not contact.is_active:
            return Outcome(delivery.id, "skipped", contact.email, "The account is deactivated.")
        if contact is None or not contact.email:
            return Outcome(
                delivery.id, "failed", "", f"No e-mail address is known for user {delivery.user_id}.", retry=True
            )
        try:
            email = render(
                delivery.template, {**delivery.context, "username": contact.username, "app_url": self.policy.app_url}
            )
        except TemplateProblem as exc:
            return Outcome(delivery.id, "failed", contact.email, str(exc))
        try:
            async with self._slots:
                await self.sender.send(contact.email, email, delivery_reference(delivery))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return Outcome(delivery.id, "failed", contact.email, f"{type(exc).__name__}: {exc}", retry=True)
        return Outcome(delivery.id, "sent", contact.email)

    async def _checkpoint(
        self, done: Sequence[tuple[EmailDelivery, tuple[Outcome, datetime]]], sending: Sequence[EmailDelivery]
    ) -> None:
        """One transaction: record finished attempts unless a newer claim replaced ours, and renew
        the leases of those still waiting or in flight."""
        now = utcnow()
        rows = []
        async with self.db.session() as session:
            repository = EmailRepository(session)
            current = await repository.still_claimed([(d.id, d.attempts) for d, _ in done])
            for d, (o, at) in done:
                if d.id not in current:
                    # Our lease ran out and another replica claimed it again: its outcome stands.
                    log.warning("late e-mail outcome dropped", delivery_id=d.id, attempt=d.attempts, status=o.status)
                    continue
                again = o.retry and d.attempts < self.policy.max_attempts
                if o.status != "sent":
                    log.warning("e-mail not sent", delivery_id=o.id, error=o.error, will_retry=again)
                rows.append(
                    {
                        "id": o.id,
                        "status": "pending" if again else o.status,
                        "to_address": o.to_address,
                        "last_error": o.error[:2000],
                        "sent_at": at if o.status == "sent" else None,
                        "next_attempt_at": next_attempt(
                            at, d.attempts, self.policy.retry_base_seconds, self.policy.retry_max_seconds
                        )
                        if again
                        else at,
                    }
                )
            await repository.record(rows)
            await repository.renew([(d.id, d.attempts) for d in sending], now + self.lease)


def delivery_reference(delivery: EmailDelivery) -> DeliveryReference:
    return DeliveryReference(delivery.id, delivery.created_at)
