"""Booking's tables. The exclusion constraint makes a double booking impossible in the database
itself: no two reservations that occupy a slot may overlap on one resource, buffers included."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Double,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, ExcludeConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rr_common.consumer import define_consumer_tables
from rr_common.db import service_metadata
from rr_common.legacy_import import define_import_records
from rr_common.outbox import define_outbox
from rr_common.timeconv import utcnow

# States in which a reservation occupies its slot.
OCCUPYING = ("pending_approval", "confirmed", "held", "checked_in")
STATES = (*OCCUPYING, "cancelled", "completed", "rejected", "no_show", "expired")
OCCUPYING_SQL = ", ".join(f"'{s}'" for s in OCCUPYING)


class Base(DeclarativeBase):
    metadata = service_metadata()


class Series(Base):
    """A recurring booking: the rule as given, and what it was expanded against."""

    __tablename__ = "series"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled')", name="known_status"),
        Index(
            "uq_series_idempotency",
            "user_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    resource_id: Mapped[int] = mapped_column(BigInteger)
    rrule: Mapped[str] = mapped_column(Text)
    exdates: Mapped[list[datetime]] = mapped_column(ARRAY(DateTime(timezone=True)), server_default="{}")
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), server_default="active")
    resource_name: Mapped[str] = mapped_column(String(200), server_default="")
    notes: Mapped[str] = mapped_column(Text, server_default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # Occurrences not created (conflicts, rule violations) as first reported, for retried requests.
    skipped: Mapped[list[dict[str, str]]] = mapped_column(JSONB, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class Reservation(Base):
    __tablename__ = "reservations"
    __table_args__ = (
        CheckConstraint("end_time > start_time", name="positive_duration"),
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATES)})", name="known_status"),
        # occupied_* = the range widened by the resource's buffers; stored because
        # `timestamptz - interval` is not immutable and cannot appear in the constraint itself.
        ExcludeConstraint(
            (text("resource_id"), "="),
            (text("tstzrange(occupied_start, occupied_end, '[)')"), "&&"),
            name="no_double_booking",
            using="gist",
            where=text(f"status IN ({OCCUPYING_SQL})"),
        ),
        # Keyset pages: mine by start or by creation, everyone's by start, per resource by start.
        Index("ix_reservations_user_start", "user_id", "start_time", "id"),
        Index("ix_reservations_user_id", "user_id", "id"),
        # Covers the analytics columns too, so reports over a period are index-only scans.
        Index(
            "ix_reservations_start",
            "start_time",
            "id",
            postgresql_include=["end_time", "resource_id", "user_id", "status", "created_at", "timezone"],
        ),
        Index("ix_reservations_resource_start", "resource_id", "start_time", "id"),
        Index("ix_reservations_series", "series_id", "recurrence_id", postgresql_where=text("series_id IS NOT NULL")),
        Index("ix_reservations_pending", "start_time", "id", postgresql_where=text("status = 'pending_approval'")),
        # What the lifecycle sweep looks for; partial, so each stays small.
        Index("ix_reservations_expiry", "expires_at", postgresql_where=text("status IN ('pending_approval', 'held')")),
        Index(
            "ix_reservations_check_in_due",
            "check_in_deadline",
            postgresql_where=text("status = 'confirmed' AND check_in_deadline IS NOT NULL"),
        ),
        Index("ix_reservations_running", "end_time", postgresql_where=text("status IN ('confirmed', 'checked_in')")),
        Index(
            "uq_reservations_idempotency",
            "user_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    resource_id: Mapped[int] = mapped_column(BigInteger)
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    occupied_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    occupied_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, server_default="")
    timezone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    resource_name: Mapped[str] = mapped_column(String(200), server_default="")
    username: Mapped[str] = mapped_column(String(150), server_default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    cancellation_reason: Mapped[str] = mapped_column(Text, server_default="")
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"))
    # The occurrence's original start (iCalendar RECURRENCE-ID), kept when it is moved.
    recurrence_id: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    needs_approval: Mapped[bool] = mapped_column(Boolean, server_default="false")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    check_in_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decision_comment: Mapped[str] = mapped_column(Text, server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    # Bumped by a trigger on every UPDATE (migration 0004), fetched back with RETURNING so the
    # events built after a change carry the version the row has now.
    version: Mapped[int] = mapped_column(BigInteger, server_default=text("1"), server_onupdate=FetchedValue())

    __mapper_args__ = {"eager_defaults": True}  # SQLAlchemy's declarative hook


class ReservationHistory(Base):
    """Every state change with who made it, when and why."""

    __tablename__ = "reservation_history"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reservation_id: Mapped[int] = mapped_column(ForeignKey("reservations.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text, server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ResourceSettings(Base):
    """Booking's own settings of a resource: check-in, approval expiry and who approves (catalog owns the rest)."""

    __tablename__ = "resource_settings"
    __table_args__ = (Index("ix_resource_settings_approver_users", "approver_user_ids", postgresql_using="gin"),)

    resource_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    requires_check_in: Mapped[bool] = mapped_column(Boolean, server_default="false")
    check_in_window_minutes: Mapped[int] = mapped_column(Integer, server_default="15")
    approval_expiry_minutes: Mapped[int] = mapped_column(Integer, server_default="0")
    # Named approvers: these users, and everyone holding this role (empty: managers approve).
    approver_user_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), server_default="{}")
    approver_role: Mapped[str] = mapped_column(String(64), server_default="")
    updated_by: Mapped[int] = mapped_column(BigInteger, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class RoleQuota(Base):
    """Default limits per role; NULL inherits the built-in default, 0 means unlimited."""

    __tablename__ = "role_quotas"

    role: Mapped[str] = mapped_column(String(50), primary_key=True)
    max_active_reservations: Mapped[int | None] = mapped_column(Integer)
    max_hours_per_week: Mapped[float | None] = mapped_column(Double)
    max_advance_days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class UserQuota(Base):
    """One user's override of their role's limits; NULL inherits."""

    __tablename__ = "user_quotas"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    max_active_reservations: Mapped[int | None] = mapped_column(Integer)
    max_hours_per_week: Mapped[float | None] = mapped_column(Double)
    max_advance_days: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[int] = mapped_column(BigInteger, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class CalendarToken(Base):
    """The secret in a user's calendar feed address; regenerating replaces it."""

    __tablename__ = "calendar_tokens"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(String(150), server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class CatalogProjection(Base):
    """Catalog's latest bookability snapshot of each resource (rr.catalog.resource.bookability_changed),
    so a booking is judged without asking catalog; only a newer version replaces it."""

    __tablename__ = "catalog_projection"

    resource_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
    # The rr.catalog.v1.BookabilitySnapshot message as catalog sent it.
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


outbox = define_outbox(Base.metadata)
consumer_tables = define_consumer_tables(Base.metadata)
legacy_import_records = define_import_records(Base.metadata)
