"""Notify's own copy of who users are (address, roles), kept from auth's events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Index, String, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from rr_notify.base import Base


class DirectoryUser(Base):
    __tablename__ = "directory_users"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), server_default=text("''"))
    email: Mapped[str] = mapped_column(String(320), server_default=text("''"))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(50)), server_default=text("'{}'"))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# Announcements to one role, and the admins told about a disabled webhook.
Index("ix_directory_users_roles", DirectoryUser.roles, postgresql_using="gin")
