"""Event messages to the facts notifications are written from."""

from __future__ import annotations

from typing import Any

from rr_common.timeconv import from_timestamp
from rr_notify.inapp.domain import ReservationFacts


def reservation_facts(reservation: Any, resource_name: str) -> ReservationFacts:
    return ReservationFacts(
        reservation_id=reservation.id,
        user_id=reservation.user_id,
        resource_id=reservation.resource_id,
        resource_name=resource_name,
        start=from_timestamp(reservation.start_time) if reservation.HasField("start_time") else None,
        end=from_timestamp(reservation.end_time) if reservation.HasField("end_time") else None,
        timezone=reservation.timezone,
        cancellation_reason=reservation.cancellation_reason,
    )


def text_field(message: Any, name: str) -> str:
    """A string field the message may not have in this build (events grow)."""
    return str(getattr(message, name, "") or "")
