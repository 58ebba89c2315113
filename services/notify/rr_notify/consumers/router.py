"""One durable consumer per producing service; every event it reads is audited and fanned out to
webhooks, and the events we react to also become notifications, reminders or directory updates —
all in the inbox transaction, so a redelivered event changes nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator, Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.consumer import ConsumerTables, Event, EventConsumer, Handler
from rr_common.db import Database
from rr_notify.audit.recorder import record_event
from rr_notify.consumers.versions import is_current
from rr_notify.decoding import SECRET_FIELDS, DomainEvent, decode
from rr_notify.webhooks.service import WebhookService

Reaction = Callable[[AsyncSession, DomainEvent], Awaitable[None]]
BATCH = 100


def without_secret(event: DomainEvent, field: str) -> DomainEvent:
    if event.message is None:
        return dataclasses.replace(event, payload=b"")
    message = type(event.message)()
    message.CopyFrom(event.message)
    message.ClearField(field)
    return dataclasses.replace(event, message=message, payload=message.SerializeToString())


class SubjectRouter(Mapping[str, Handler]):
    """A handler for every subject (the kernel's consumer acknowledges subjects without one
    unrecorded; the audit log needs them all)."""

    def __init__(self, webhooks: WebhookService, reactions: Mapping[str, Reaction]) -> None:
        self.webhooks = webhooks
        self.reactions = dict(reactions)

    def __getitem__(self, subject: str) -> Handler:
        reaction = self.reactions.get(subject)

        async def handle(session: AsyncSession, event: Event) -> None:
            domain_event = decode(event)
            if secret := SECRET_FIELDS.get(subject):
                await record_event(session, without_secret(domain_event, secret))
            else:
                await record_event(session, domain_event)
                await self.webhooks.fan_out(session, domain_event)
            if reaction is not None and await is_current(session, domain_event):
                await reaction(session, domain_event)

        return handle

    def __iter__(self) -> Iterator[str]:
        return iter(self.reactions)

    def __len__(self) -> int:
        return len(self.reactions)


def producer_consumer(
    db: Database,
    tables: ConsumerTables,
    producer: str,
    durable: str,
    webhooks: WebhookService,
    reactions: Mapping[str, Reaction],
) -> EventConsumer:
    # Batches: notify's reactions write only its own database (audit, notifications, reminders,
    # deliveries), so a batch rolled back and handled again one by one does nothing twice.
    return EventConsumer(db, tables, durable, producer, SubjectRouter(webhooks, reactions), batch=BATCH)
