"""One e-mail per notification, retried with backoff until sent or given up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rr_notify.base import Base


class EmailDelivery(Base):
    __tablename__ = "email_deliveries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # Unique: one e-mail per in-app notification (empty when the user muted the in-app channel).
    notification_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    template: Mapped[str] = mapped_column(String(50))
    context: Mapped[dict[str, Any]] = mapped_column(JSONB)
    to_address: Mapped[str] = mapped_column(String(320), server_default=text("''"))
    # pending | sent | failed | skipped
    status: Mapped[str] = mapped_column(String(20), server_default=text("'pending'"))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_error: Mapped[str] = mapped_column(Text, server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


Index("ix_email_deliveries_due", EmailDelivery.next_attempt_at, postgresql_where=text("status = 'pending'"))
