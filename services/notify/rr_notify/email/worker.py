"""The e-mail sweep: claim due deliveries, resolve addresses in one batch, render, send with
bounded concurrency, record every outcome; failures retry with backoff up to a limit."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

import aiosmtplib
from sqlalchemy import update

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.timeconv import utcnow
from rr_notify.backoff import next_attempt
from rr_notify.directory.lookup import Contact, UserDirectory
from rr_notify.email.models import EmailDelivery
from rr_notify.email.render import TemplateProblem, render
from rr_notify.email.repository import EmailRepository
from rr_notify.email.sender import SmtpSender

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

    @property
    def batch_size(self) -> int:
        return self.policy.batch_size

    async def run_once(self) -> int:
        lease = timedelta(seconds=self.sender.config.timeout * 2 + 30)
        async with self.db.session() as session:
            batch = await EmailRepository(session).claim_due(self.policy.batch_size, lease)
        if not batch:
            return 0
        contacts = await self.directory.contacts({d.user_id for d in batch})
        outcomes = await asyncio.gather(*(self._attempt(d, contacts.get(d.user_id)) for d in batch))
        await self._record(outcomes, {d.id: d.attempts for d in batch})
        return len(batch)

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
            async with self._slots:
                await self.sender.send(contact.email, email, f"email-{delivery.id}")
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return Outcome(delivery.id, "failed", contact.email, f"{type(exc).__name__}: {exc}", retry=True)
        return Outcome(delivery.id, "sent", contact.email)

    async def _record(self, outcomes: list[Outcome], attempts: dict[int, int]) -> None:
        now = utcnow()
        rows = []
        for o in outcomes:
            again = o.retry and attempts[o.id] < self.policy.max_attempts
            if o.status != "sent":
                log.warning("e-mail not sent", delivery_id=o.id, error=o.error, will_retry=again)
            rows.append({
                "id": o.id,
                "status": "pending" if again else o.status,
                "to_address": o.to_address,
                "last_error": o.error[:2000],
                "sent_at": now if o.status == "sent" else None,
                "next_attempt_at": next_attempt(now, attempts[o.id], self.policy.retry_base_seconds, self.policy.retry_max_seconds) if again else now,
            })
        async with self.db.session() as session:
            # One executemany by primary key for the whole batch.
            await session.execute(update(EmailDelivery), rows)
