"""One durable consumer per producing service; every event it reads is audited and fanned out to
webhooks, and the events we react to also become notifications, reminders or directory updates —
all in the inbox transaction, so a redelivered event changes nothing.

A batch is handled as a whole (the kernel's `BatchHandler`): one audit INSERT, one read of the
webhook subscriptions and one INSERT of the deliveries, the versions of its reservations judged
at once, and what the reactions lead to written together (`Effects`), a few statements in all
however many events."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.consumer import ConsumerTables, Event, EventConsumer
from rr_common.db import Database
from rr_notify.audit.recorder import record_events
from rr_notify.consumers.effects import Effects
from rr_notify.consumers.versions import current
from rr_notify.decoding import SECRET_FIELDS, DomainEvent, decode
from rr_notify.delivery import Notifier
from rr_notify.reminders.service import Reminders
from rr_notify.webhooks.service import WebhookService

Reaction = Callable[[Effects, DomainEvent], Awaitable[None]]
BATCH = 100


def without_secret(event: DomainEvent, field: str) -> DomainEvent:
    if event.message is None:
        return dataclasses.replace(event, payload=b"")
    message = type(event.message)()
    message.CopyFrom(event.message)
    message.ClearField(field)
    return dataclasses.replace(event, message=message, payload=message.SerializeToString())


class SubjectRouter:
    """Handles every subject (the kernel's consumer acknowledges subjects without a handler
    unrecorded; the audit log needs them all)."""

    def __init__(
        self, webhooks: WebhookService, notifier: Notifier, reminders: Reminders, reactions: Mapping[str, Reaction]
    ) -> None:
        self.webhooks = webhooks
        self.notifier = notifier
        self.reminders = reminders
        self.reactions = dict(reactions)

    def handles(self, subject: str) -> bool:
        return True

    async def handle_many(self, session: AsyncSession, events: Sequence[Event]) -> None:
        decoded = [decode(e) for e in events]
        # Secrets stay out of the audit log and never reach a webhook.
        await record_events(
            session, [without_secret(e, secret) if (secret := SECRET_FIELDS.get(e.subject)) else e for e in decoded]
        )
        await self.webhooks.fan_out(session, [e for e in decoded if e.subject not in SECRET_FIELDS])
        reacting = [e for e in decoded if e.subject in self.reactions]
        effects = Effects(session, self.notifier, self.reminders)
        for event, fresh in zip(reacting, await current(session, reacting), strict=True):
            if fresh:
                await self.reactions[event.subject](effects, event)
        await effects.flush()


def producer_consumer(
    db: Database,
    tables: ConsumerTables,
    producer: str,
    durable: str,
    router: SubjectRouter,
) -> EventConsumer:
    # Batches: notify's reactions write only its own database (audit, notifications, reminders,
    # deliveries), so a batch rolled back and handled again one by one does nothing twice.
    return EventConsumer(db, tables, durable, producer, router, batch=BATCH)
