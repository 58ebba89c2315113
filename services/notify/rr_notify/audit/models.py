"""The audit log: one row per domain event, written once and never updated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rr_notify.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    source_service: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(150))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(64), server_default=text("''"))
    actor_user_id: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    trace_id: Mapped[str] = mapped_column(String(32), server_default=text("''"))
    payload_type: Mapped[str] = mapped_column(String(200), server_default=text("''"))
    payload_json: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    payload_base64: Mapped[str] = mapped_column(Text, server_default=text("''"))


# Newest first overall and by each filter a query can lead with; keyset on (occurred_at, id).
Index("ix_audit_log_recent", AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
Index("ix_audit_log_actor", AuditEntry.actor_user_id, AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
Index(
    "ix_audit_log_entity",
    AuditEntry.entity_type,
    AuditEntry.entity_id,
    AuditEntry.occurred_at.desc(),
    AuditEntry.id.desc(),
)
Index("ix_audit_log_action", AuditEntry.action, AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
Index("ix_audit_log_source", AuditEntry.source_service, AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
