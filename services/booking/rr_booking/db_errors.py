"""PostgreSQL outcomes booking turns into answers rather than failures."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from rr_common.db import sqlstate

EXCLUSION_VIOLATION = "23P01"
UNIQUE_VIOLATION = "23505"
DEADLOCK = "40P01"


def is_slot_taken(exc: DBAPIError) -> bool:
    """The exclusion constraint refused an overlap, or colliding writers deadlocked."""
    return sqlstate(exc) in (EXCLUSION_VIOLATION, DEADLOCK)
