"""Waitlist's tables: the entries (a queue per resource), their history, the outbox and the
consumer's inbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rr_common.consumer import define_consumer_tables
from rr_common.db import service_metadata
from rr_common.legacy_import import define_import_records
from rr_common.outbox import define_outbox

WAITING, OFFERED, FULFILLED, EXPIRED, CANCELLED = "waiting", "offered", "fulfilled", "expired", "cancelled"
STATUSES = (WAITING, OFFERED, FULFILLED, EXPIRED, CANCELLED)
LIVE = (WAITING, OFFERED)
# Predicates of partial indexes; ON CONFLICT must name a predicate literally to infer its index.
IS_LIVE = text("status IN ('waiting', 'offered')")
IS_WAITING = text("status = 'waiting'")
IS_OFFERED = text("status = 'offered'")


class Base(DeclarativeBase):
    metadata = service_metadata()


class WaitlistEntry(Base):
    __tablename__ = "waitlist_entries"
    __table_args__ = (
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})", name="status_valid"),
        CheckConstraint("desired_end > desired_start", name="range_valid"),
        # Candidates for a freed slot and positions: one resource's waiting entries in arrival order.
        Index("ix_waitlist_entries_queue", "resource_id", "status", "id"),
        Index("ix_waitlist_entries_user", "user_id", "id"),
        # The live queue of a resource for managers, in arrival order.
        Index("ix_waitlist_entries_live", "resource_id", "id", postgresql_where=IS_LIVE),
        # One live entry per user, resource and exact range: a second join is a conflict.
        Index(
            "uq_waitlist_entries_live",
            "user_id",
            "resource_id",
            "desired_start",
            "desired_end",
            unique=True,
            postgresql_where=IS_LIVE,
        ),
        # The expiry sweep: offers due first.
        Index("ix_waitlist_entries_offer_due", "offer_expires_at", postgresql_where=IS_OFFERED),
        # The housekeeping sweep: waiting entries whose time has passed.
        Index("ix_waitlist_entries_waiting_until", "desired_end", postgresql_where=IS_WAITING),
        # A booking hold belongs to at most one entry; its events find the entry by it.
        Index(
            "uq_waitlist_entries_reservation",
            "reservation_id",
            unique=True,
            postgresql_where=text("reservation_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    resource_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    desired_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    desired_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    flexible_time: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    status: Mapped[str] = mapped_column(String(20), server_default=text(f"'{WAITING}'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offer_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offered_start: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offered_end: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # booking's held reservation while offered; the user's reservation once fulfilled.
    reservation_id: Mapped[int | None] = mapped_column(BigInteger)
    resource_name: Mapped[str] = mapped_column(String(200), server_default=text("''"))


class EntryHistory(Base):
    __tablename__ = "waitlist_history"
    __table_args__ = (Index("ix_waitlist_history_entry", "entry_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    entry_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("waitlist_entries.id", ondelete="CASCADE"))
    from_status: Mapped[str] = mapped_column(String(20), server_default=text("''"))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    reason: Mapped[str] = mapped_column(String(500), server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


outbox = define_outbox(Base.metadata)
consumer_tables = define_consumer_tables(Base.metadata)
legacy_import_records = define_import_records(Base.metadata)
