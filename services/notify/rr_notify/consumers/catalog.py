"""Catalog's events: a resource back in service is news to those who hold upcoming bookings of it."""

from __future__ import annotations

from typing import Any

from rr_common import subjects
from rr_common.timeconv import utcnow
from rr_notify.consumers.effects import Effects
from rr_notify.consumers.facts import text_field
from rr_notify.consumers.router import Reaction
from rr_notify.decoding import DomainEvent
from rr_notify.inapp.domain import RESOURCE_AVAILABLE, NewNotification
from rr_notify.reminders.repository import ReminderRepository

STATUS_CHANGED = subjects.CATALOG_RESOURCE_STATUS_CHANGED


class CatalogReactions:
    def reactions(self) -> dict[str, Reaction]:
        return {STATUS_CHANGED: self.status_changed}

    async def status_changed(self, effects: Effects, event: DomainEvent) -> None:
        message: Any = event.message
        if (
            message is None
            or text_field(message, "status") != "available"
            or text_field(message, "previous_status") in ("", "available")
        ):
            return
        resource_id = int(getattr(message, "resource_id", 0))
        holders = await ReminderRepository(await effects.session()).pending_users_of_resource(resource_id, utcnow())
        effects.tell(
            [
                NewNotification(
                    user_id=user_id,
                    type=RESOURCE_AVAILABLE,
                    title="Resource available again",
                    message=f"{name or f'Resource #{resource_id}'}, which you have booked, is available again.",
                    subject_id=resource_id,
                    details={"resource": name},
                )
                for user_id, name in holders
            ],
        )
