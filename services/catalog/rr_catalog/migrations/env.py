"""Alembic environment: catalog's metadata, async engine (shared body in rr_common)."""

from rr_catalog.models import Base
from rr_common.migrations import run_env

run_env(Base.metadata)
