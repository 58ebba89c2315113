"""The lifecycle sweep's statements: each moves one batch of due reservations to their next state
and writes their history in one statement; SKIP LOCKED lets several replicas sweep side by side
without applying anything twice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class Transition:
    name: str
    # Which rows are due (served by a partial index) and in which order.
    due: str
    order: str
    to_status: str
    reason: str
    # Extra assignments, e.g. the cancellation reason.
    also: str = ""


NO_SHOW = Transition(
    "no_show",
    "status = 'confirmed' AND check_in_deadline IS NOT NULL AND check_in_deadline <= now()",
    "check_in_deadline",
    "no_show",
    "not checked in by the deadline",
)
EXPIRED_APPROVAL = Transition(
    "expired_approval",
    "status = 'pending_approval' AND expires_at <= now()",
    "expires_at",
    "expired",
    "approval not given in time",
    "cancellation_reason = 'approval not given in time', ",
)
EXPIRED_HOLD = Transition(
    "expired_hold",
    "status = 'held' AND expires_at <= now()",
    "expires_at",
    "expired",
    "hold expired",
    "cancellation_reason = 'hold expired', ",
)
COMPLETED = Transition(
    "completed",
    "status IN ('confirmed', 'checked_in') AND end_time <= now()",
    "end_time",
    "completed",
    "ended",
)


async def apply(session: AsyncSession, step: Transition, batch: int) -> list[tuple[int, str]]:
    """Move up to `batch` due rows; returns (id, previous status) of each moved row."""
    rows = await session.execute(
        text(
            "WITH due AS ("
            f" SELECT id, status AS before FROM reservations WHERE {step.due}"
            f" ORDER BY {step.order} LIMIT :batch FOR UPDATE SKIP LOCKED"
            "), changed AS ("
            f" UPDATE reservations r SET {step.also}status = :to, updated_at = now() FROM due WHERE r.id = due.id"
            " RETURNING r.id, due.before"
            "), logged AS ("
            " INSERT INTO reservation_history (reservation_id, from_status, to_status, actor_user_id, reason)"
            " SELECT id, before, :to, 0, :reason FROM changed"
            ") SELECT id, before FROM changed ORDER BY id"
        ),
        {"batch": batch, "to": step.to_status, "reason": step.reason},
    )
    return [(row[0], row[1]) for row in rows]
