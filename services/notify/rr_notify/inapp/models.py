"""In-app notifications, announcements and each user's delivery preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rr_notify.base import Base


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    # The reservation, entry, resource, announcement or webhook it is about (0: none).
    subject_id: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    is_read: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The facts the message was written from (resource, start, end, time zone, ...), so that a
    # client can say it again in its reader's language.
    details: Mapped[dict[str, str]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


# A user's newest first (the list, and `since_id` catch-up), and their unread ones (the badge).
Index("ix_notifications_user_recent", Notification.user_id, Notification.id.desc())
Index("ix_notifications_user_unread", Notification.user_id, postgresql_where=text("NOT is_read"))


class Announcement(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    # Empty: everyone.
    role: Mapped[str] = mapped_column(String(50), server_default=text("''"))
    sent_by: Mapped[int] = mapped_column(BigInteger)
    recipients: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Preference(Base):
    """One override of the default for (user, notification type, channel)."""

    __tablename__ = "preferences"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    type: Mapped[str] = mapped_column(String(50), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)


class UserSettings(Base):
    __tablename__ = "user_settings"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reminder_minutes: Mapped[int] = mapped_column(Integer)
