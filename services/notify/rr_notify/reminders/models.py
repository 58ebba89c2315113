"""Durable reminder schedule: one row per reservation, fired once by the sweep."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from rr_notify.base import Base


class Reminder(Base):
    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reservation_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    resource_id: Mapped[int] = mapped_column(BigInteger)
    resource_name: Mapped[str] = mapped_column(String(200), server_default=text("''"))
    timezone: Mapped[str] = mapped_column(String(64), server_default=text("''"))
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    fire_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # pending | sent | cancelled
    status: Mapped[str] = mapped_column(String(20), server_default=text("'pending'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    fired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# The sweep (due ones), a user's new lead time, and who is affected by a resource going down.
Index("ix_reminders_due", Reminder.fire_at, postgresql_where=text("status = 'pending'"))
Index("ix_reminders_user_pending", Reminder.user_id, postgresql_where=text("status = 'pending'"))
Index("ix_reminders_resource_pending", Reminder.resource_id, postgresql_where=text("status = 'pending'"))
