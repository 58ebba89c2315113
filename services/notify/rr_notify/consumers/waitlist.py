"""Waitlist's events: an offered slot is worth telling its person at once (in-app and e-mail)."""

from __future__ import annotations

from typing import Any

from rr_common import subjects
from rr_common.timeconv import from_timestamp
from rr_notify.consumers.effects import Effects
from rr_notify.consumers.facts import text_field
from rr_notify.consumers.router import Reaction
from rr_notify.decoding import DomainEvent
from rr_notify.inapp.domain import waitlist_offer

OFFER_CREATED = subjects.WAITLIST_OFFER_CREATED


class WaitlistReactions:
    def reactions(self) -> dict[str, Reaction]:
        return {OFFER_CREATED: self.offered}

    async def offered(self, effects: Effects, event: DomainEvent) -> None:
        message: Any = event.message
        if message is None or not hasattr(message, "entry") or message.entry.user_id <= 0:
            return
        entry = message.entry
        expires = from_timestamp(entry.offer_expires_at) if entry.HasField("offer_expires_at") else None
        name = text_field(message, "resource_name") or f"resource #{entry.resource_id}"
        effects.tell([waitlist_offer(entry.user_id, entry.id, name, expires)])
