"""Alembic environment: waitlist's metadata, async engine (shared body in rr_common)."""

from rr_common.migrations import run_env
from rr_waitlist.models import Base

run_env(Base.metadata)
