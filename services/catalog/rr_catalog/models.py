"""Catalog's tables. Resource names are unique case-insensitively among resources that are not
deleted (a partial index on lower(name)), so a deleted resource's name can be reused."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rr_common.db import service_metadata
from rr_common.legacy_import import define_import_records
from rr_common.outbox import define_outbox

NAME_UNIQUE_INDEX = "uq_resources_name_lower"
GROUP_NAME_UNIQUE_INDEX = "uq_resource_groups_sibling_name"
LABEL_NAME_UNIQUE_INDEX = "uq_labels_name_lower"
LIVE = text("deleted_at IS NULL")


class Base(DeclarativeBase):
    metadata = service_metadata()


class ResourceGroup(Base):
    """A node of the site -> building -> floor tree. `path` holds the ids from the root down
    ('/3/7/12/'), so a subtree is one indexed prefix match."""

    __tablename__ = "resource_groups"
    __table_args__ = (
        Index(GROUP_NAME_UNIQUE_INDEX, func.coalesce(text("parent_id"), 0), func.lower(text("name")), unique=True),
        Index("ix_resource_groups_path", "path", postgresql_ops={"path": "text_pattern_ops"}),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, server_default="")
    parent_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("resource_groups.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Resource(Base):
    __tablename__ = "resources"
    __table_args__ = (
        Index(NAME_UNIQUE_INDEX, func.lower(text("name")), unique=True, postgresql_where=LIVE),
        Index("ix_resources_tags", "tags", postgresql_using="gin"),
        # Keyset pagination for each sort order (id breaks ties).
        Index("ix_resources_sort_name", func.lower(text("name")), text("id"), postgresql_where=LIVE),
        Index("ix_resources_sort_capacity", func.coalesce(text("capacity"), -1), text("id"), postgresql_where=LIVE),
        Index("ix_resources_sort_created", "created_at", "id", postgresql_where=LIVE),
        # Autocomplete by name prefix (LIKE 'abc%' whatever the database collation).
        Index(
            "ix_resources_name_prefix",
            func.lower(text("name")).label("name_prefix"),
            postgresql_ops={"name_prefix": "text_pattern_ops"},
            postgresql_where=LIVE,
        ),
        # Substring search (ILIKE '%word%') over name, description, tags and location.
        Index(
            "ix_resources_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        Index("ix_resources_group", "group_id", postgresql_where=LIVE),
        Index("ix_resources_status", "status", postgresql_where=LIVE),
        # The sweeper's scan for statuses that end by themselves.
        Index("ix_resources_status_until", "status_until", postgresql_where=text("status_until IS NOT NULL")),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("status IN ('available', 'unavailable', 'maintenance')", name="status_known"),
    )
    # Fetch server-made values (id, timestamps) with RETURNING instead of a second query.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, server_default="")
    location: Mapped[str] = mapped_column(String(200), server_default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), server_default=text("'{}'::varchar[]"))
    timezone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    status: Mapped[str] = mapped_column(String(20), server_default="available")
    requires_approval: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    group_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("resource_groups.id"))
    # Booking rules ({"min_duration_minutes": 30, ...}; absent keys mean no limit).
    rules: Mapped[dict[str, int]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    attributes: Mapped[dict[str, str]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    status_reason: Mapped[str] = mapped_column(String(500), server_default="")
    status_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Lower-cased name, description, tags and location, kept by the service for search.
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    # The week of `business_hours` in one string ('0:540-1020,...'; '' = always open), written
    # with them, so the availability filter reads 10,000 calendars without touching that table.
    hours_key: Mapped[str] = mapped_column(Text, server_default="")
    # Grows with every change to what decides bookability (status, zone, hours, blackouts,
    # rules, deletion); carried by rr.catalog.resource.bookability_changed.
    bookability_version: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))


class OpeningHours(Base):
    """One open interval on a weekday in local minutes [open_minute, close_minute)."""

    __tablename__ = "business_hours"
    __table_args__ = (
        Index("ix_business_hours_resource", "resource_id", "day_of_week", "open_minute"),
        CheckConstraint("day_of_week BETWEEN 0 AND 6", name="day_known"),
        CheckConstraint(
            "open_minute >= 0 AND close_minute <= 1440 AND open_minute < close_minute", name="interval_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    resource_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("resources.id"))
    day_of_week: Mapped[int] = mapped_column(SmallInteger)
    open_minute: Mapped[int] = mapped_column(SmallInteger)
    close_minute: Mapped[int] = mapped_column(SmallInteger)


class SiteCalendar(Base):
    """The site-wide business hours: a single row (id 1). Every resource without hours of its own
    opens by them, in its own time zone. Site-wide blackouts are `blackout_dates` rows without a
    resource; changes lock this row so that they apply one at a time."""

    __tablename__ = "site_calendar"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    # The week as `hours_key` writes it ('' = open around the clock).
    hours_key: Mapped[str] = mapped_column(Text, server_default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BlackoutDate(Base):
    __tablename__ = "blackout_dates"
    __table_args__ = (
        Index("ix_blackout_dates_resource", "resource_id", "end_date"),
        CheckConstraint("start_date <= end_date", name="dates_ordered"),
    )
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # NULL: a site-wide blackout, closing every resource.
    resource_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("resources.id"), nullable=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500), server_default="")
    yearly: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Label(Base):
    __tablename__ = "labels"
    __table_args__ = (Index(LABEL_NAME_UNIQUE_INDEX, func.lower(text("name")), unique=True),)
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    color: Mapped[str] = mapped_column(String(7))
    description: Mapped[str] = mapped_column(String(500), server_default="")


class ResourceLabel(Base):
    __tablename__ = "resource_labels"
    __table_args__ = (Index("ix_resource_labels_label", "label_id", "resource_id"),)

    resource_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("resources.id"), primary_key=True)
    label_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("labels.id", ondelete="CASCADE"), primary_key=True)


class ImportSession(Base):
    """A CSV import in progress: its rows wait in `import_rows` until it is finished or aborted."""

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_created", "created_at"),)
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    mode: Mapped[str] = mapped_column(String(10))
    dry_run: Mapped[bool] = mapped_column(Boolean)
    partial: Mapped[bool] = mapped_column(Boolean)
    columns: Mapped[list[str]] = mapped_column(ARRAY(String(50)))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ImportRow(Base):
    """One validated row (or its error) of an import; filled with COPY, applied set-based."""

    __tablename__ = "import_rows"

    import_id: Mapped[str] = mapped_column(String(36), ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), server_default="")
    description: Mapped[str] = mapped_column(Text, server_default="")
    location: Mapped[str] = mapped_column(String(200), server_default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), server_default=text("'{}'::varchar[]"))
    status: Mapped[str] = mapped_column(String(20), server_default="available")
    group_id: Mapped[int | None] = mapped_column(BigInteger)
    timezone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    error: Mapped[str | None] = mapped_column(Text)


outbox = define_outbox(Base.metadata)
legacy_import_records = define_import_records(Base.metadata)
