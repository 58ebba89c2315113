"""The e-mail sweep: find due deliveries, resolve addresses in one batch, then claim, render, send
and record each one with bounded concurrency; failures retry with backoff up to a limit. Each
claim is made when its send can start, so several notify replicas never send one e-mail twice."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

import aiosmtplib

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.timeconv import utcnow
from rr_notify.backoff import next_attempt
from rr_notify.directory.lookup import Contact, UserDirectory
from rr_notify.email.models import EmailDelivery
from rr_notify.email.render import TemplateProblem, render
from rr_notify.email.repository import EmailRepository
from rr_notify.email.sender import DeliveryReference, SmtpSender

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
        # Covers one SMTP exchange and its record, not a batch: each delivery is claimed only
        # when a sending slot is free for it.
        self.lease = timedelta(seconds=sender.config.timeout * 2 + 30)

    @property
    def batch_size(self) -> int:
        return self.policy.batch_size

    async def run_once(self) -> int:
        async with self.db.session() as session:
            due = await EmailRepository(session).due(utcnow(), self.policy.batch_size)
        if not due:
            return 0
        # Addresses of the whole batch in one look-up, before anything is claimed.
        contacts = await self.directory.contacts({user_id for _, user_id in due})
        await asyncio.gather(*(self._deliver(delivery_id, contacts.get(user_id)) for delivery_id, user_id in due))
        return len(due)

    async def _deliver(self, delivery_id: int, contact: Contact | None) -> None:
        async with self._slots:
            async with self.db.session() as session:
                delivery = await EmailRepository(session).claim(delivery_id, utcnow(), self.lease)
            if delivery is None:
                return  # another replica has it
            outcome = await self._attempt(delivery, contact)
            await self._record(outcome, delivery.attempts)

    async def _attempt(self, delivery: EmailDelivery, contact: Contact | None) -> Outcome:
        if contact is not None and not contact.is_active:
            return Outcome(delivery.id, "skipped", contact.email, "The account is deactivated.")
        if contact is None or not contact.email:
            return Outcome(delivery.id, "failed", "", f"No e-mail address is known for user {delivery.user_id}.", retry=True)
        try:
            email = render(delivery.template, {**delivery.context, "username": contact.username, "app_url": self.policy.app_url})
        except TemplateProblem as exc:
            return Outcome(delivery.id, "failed", contact.email, str(exc))
        try:
            await self.sender.send(contact.email, email, delivery_reference(delivery))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return Outcome(delivery.id, "failed", contact.email, f"{type(exc).__name__}: {exc}", retry=True)
        return Outcome(delivery.id, "sent", contact.email)

    async def _record(self, o: Outcome, attempt: int) -> None:
        now = utcnow()
        again = o.retry and attempt < self.policy.max_attempts
        if o.status != "sent":
            log.warning("e-mail not sent", delivery_id=o.id, error=o.error, will_retry=again)
        row = {
            "id": o.id,
            "status": "pending" if again else o.status,
            "to_address": o.to_address,
            "last_error": o.error[:2000],
            "sent_at": now if o.status == "sent" else None,
            "next_attempt_at": next_attempt(now, attempt, self.policy.retry_base_seconds, self.policy.retry_max_seconds) if again else now,
        }
        async with self.db.session() as session:
            if not await EmailRepository(session).record_claimed(attempt, row):
                # Our lease ran out and another replica claimed it again: its outcome stands.
                log.warning("late e-mail outcome dropped", delivery_id=o.id, attempt=attempt, status=o.status)


def delivery_reference(delivery: EmailDelivery) -> DeliveryReference:
    return DeliveryReference(delivery.id, delivery.created_at)
