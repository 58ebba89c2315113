"""PostgreSQL outcomes booking turns into answers rather than failures."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

EXCLUSION_VIOLATION = "23P01"
UNIQUE_VIOLATION = "23505"
DEADLOCK = "40P01"


def sqlstate(exc: DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", "") or getattr(getattr(exc.orig, "__cause__", None), "sqlstate", ""))


def is_slot_taken(exc: DBAPIError) -> bool:
    """The exclusion constraint refused an overlap, or colliding writers deadlocked."""
    return sqlstate(exc) in (EXCLUSION_VIOLATION, DEADLOCK)
