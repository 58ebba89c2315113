"""Audit log shapes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from rr.notify.v1 import audit_pb2

from rr_gateway.schemas.common import ts

CSV_COLUMNS = (
    "id",
    "occurred_at",
    "actor_user_id",
    "action",
    "entity_type",
    "entity_id",
    "source_service",
    "subject",
    "event_id",
    "trace_id",
)


class AuditEntryOut(BaseModel):
    id: int
    event_id: str
    subject: str
    source_service: str
    action: str
    entity_type: str
    entity_id: str | None
    user_id: int | None
    occurred_at: datetime | None
    recorded_at: datetime | None
    trace_id: str | None
    payload_type: str | None
    payload: dict[str, Any] | None
    payload_base64: str | None

    @classmethod
    def of(cls, e: audit_pb2.AuditEntry) -> AuditEntryOut:
        return cls(
            id=e.id,
            event_id=e.event_id,
            subject=e.subject,
            source_service=e.source_service,
            action=e.action,
            entity_type=e.entity_type,
            entity_id=e.entity_id or None,
            user_id=e.actor_user_id or None,
            occurred_at=ts(e.occurred_at),
            recorded_at=ts(e.recorded_at),
            trace_id=e.trace_id or None,
            payload_type=e.payload_type or None,
            payload=json.loads(e.payload_json) if e.payload_json else None,
            payload_base64=e.payload_base64 or None,
        )

    def csv_row(self) -> list[str]:
        values = {**self.model_dump(), "actor_user_id": self.user_id}
        return [
            "" if values[c] is None else (values[c].isoformat() if isinstance(values[c], datetime) else str(values[c]))
            for c in CSV_COLUMNS
        ]
