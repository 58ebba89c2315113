"""The declarative base every table of notify is declared on (one metadata, one migration chain)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from rr_common.db import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
