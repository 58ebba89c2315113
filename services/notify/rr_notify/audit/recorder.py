"""Write audit entries: every consumed domain event, and notify's own admin actions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.context import principal_var
from rr_common.telemetry import inject_headers
from rr_common.timeconv import utcnow
from rr_notify.audit.models import AuditEntry
from rr_notify.decoding import DomainEvent, trace_id


async def record_events(session: AsyncSession, events: Sequence[DomainEvent]) -> None:
    """One INSERT for all of them."""
    if events:
        await _insert(session, [_entry(e) for e in events])


def _entry(event: DomainEvent) -> dict[str, Any]:
    data = event.data()
    return {
        "event_id": event.event_id,
        "subject": event.subject,
        "source_service": event.service[:50],
        "action": event.action[:150],
        "entity_type": event.entity[:50],
        "entity_id": event.entity_id(data),
        "actor_user_id": event.actor_user_id,
        "occurred_at": event.occurred_at,
        "trace_id": event.trace_id,
        "payload_type": event.type_name,
        "payload_json": data,
        "payload_base64": "" if data is not None else event.payload_base64(),
    }


async def record_action(session: AsyncSession, action: str, entity_id: int | str, data: dict[str, Any]) -> None:
    """An admin action notify performs itself (webhook changes, announcements), by the caller."""
    principal = principal_var.get()
    entity = action.split(".", 1)[0]
    await _insert(
        session,
        [
            {
                "event_id": str(uuid.uuid4()),
                "subject": f"rr.notify.{action}",
                "source_service": "notify",
                "action": action,
                "entity_type": entity,
                "entity_id": str(entity_id),
                "actor_user_id": principal.user_id if principal else 0,
                "occurred_at": utcnow(),
                "trace_id": trace_id(inject_headers({})),
                "payload_type": "",
                "payload_json": data,
                "payload_base64": "",
            }
        ],
    )


async def _insert(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    # Append-only and idempotent: the same event id is recorded once.
    # The rows as parameters (not `.values(rows)`), so the statement is compiled once and cached.
    table = cast(Table, AuditEntry.__table__)
    await session.execute(insert(table).on_conflict_do_nothing(index_elements=["event_id"]), rows)
