"""Every state change of reservations leaves a history row (who, when, why) and, usually, an
event; both are written together in one statement, however many reservations changed."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.events import Range, reservation_row
from rr_booking.models import Reservation
from rr_common.outbox import mark_pending

_HISTORY = (
    "INSERT INTO reservation_history (reservation_id, from_status, to_status, actor_user_id, reason)"
    " SELECT * FROM unnest(CAST(:rids AS bigint[]), CAST(:froms AS varchar[]), CAST(:tos AS varchar[]),"
    " CAST(:actors AS bigint[]), CAST(:reasons AS text[]))"
)
_OUTBOX = (
    "INSERT INTO outbox (event_id, subject, payload, headers)"
    " SELECT e, s, p, CAST(h AS jsonb) FROM unnest(CAST(:eids AS varchar[]), CAST(:subjects AS varchar[]),"
    " CAST(:payloads AS bytea[]), CAST(:headers AS text[])) AS t(e, s, p, h)"
)


async def record_changes(
    session: AsyncSession,
    reservations: Sequence[Reservation],
    previous: Sequence[str | None],
    actor: int,
    reason: str = "",
    subject: str | None = None,
    previous_ranges: Sequence[Range] | None = None,
) -> None:
    """History for each reservation (from `previous` to its current status) and, when `subject`
    is given, its event; `reason` goes to both. `previous_ranges` (a move) go to the events."""
    if not reservations:
        return
    # Changes still pending in the session are written first: the events must carry the version
    # each row has after them.
    await session.flush()
    params = {
        "rids": [r.id for r in reservations],
        "froms": list(previous),
        "tos": [r.status for r in reservations],
        "actors": [actor] * len(reservations),
        "reasons": [reason] * len(reservations),
    }
    if subject is None:
        await session.execute(text(_HISTORY), params)
        return
    ranges: Sequence[Range | None] = previous_ranges if previous_ranges is not None else [None] * len(reservations)
    rows = [
        reservation_row(subject, r, reason, before or "", was)
        for r, before, was in zip(reservations, previous, ranges, strict=True)
    ]
    params |= {
        "eids": [row["event_id"] for row in rows],
        "subjects": [subject] * len(rows),
        "payloads": [row["payload"] for row in rows],
        "headers": [json.dumps(row["headers"]) for row in rows],
    }
    await session.execute(text(f"WITH history AS ({_HISTORY}) {_OUTBOX}"), params)
    mark_pending(session)
