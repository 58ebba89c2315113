"""The declarative base every table of notify is declared on (one metadata, one migration chain).

Each subdomain declares its tables in its own `models.py` on this `Base`; the top-level
`models.py` imports them all (plus the kernel's outbox, inbox and import-record tables) so that
Alembic sees the whole metadata. The base lives apart from `models.py` because that module
imports every subdomain's models: a subdomain importing `Base` from it would be a cycle."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from rr_common.db import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
