"""Webhook rules without I/O: event filters, event type names, and the JSON body sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from rr_notify.errors import InvalidEventFilter

PING = "webhook.ping"
MAX_EVENTS = 50
_PATTERN = re.compile(r"^(\*|[a-z][a-z0-9_]*\.(\*|[a-z][a-z0-9_]*))$")


def event_type(subject: str) -> str:
    """rr.booking.reservation.created -> reservation.created (what subscribers filter on)."""
    parts = subject.split(".", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "rr" else subject


def normalize_filters(events: Iterable[str]) -> list[str]:
    """Validate and de-duplicate; `reservation.created`, `reservation.*` or `*`."""
    cleaned: list[str] = []
    for raw in events:
        value = raw.strip()
        if value.startswith("rr.") and value.count(".") >= 3:
            value = event_type(value)  # a full subject is accepted too
        if not _PATTERN.match(value):
            raise InvalidEventFilter(
                f"'{raw}' is not an event type; use a type such as 'reservation.created', 'reservation.*' or '*' (see /webhooks/events)."
            )
        if value not in cleaned:
            cleaned.append(value)
    if not cleaned:
        raise InvalidEventFilter("Choose at least one event type (or '*' for all).")
    if len(cleaned) > MAX_EVENTS:
        raise InvalidEventFilter(f"At most {MAX_EVENTS} event filters per webhook.")
    return cleaned


def matches(filters: Sequence[str], type_: str) -> bool:
    entity = type_.split(".", 1)[0]
    return any(f == "*" or f == type_ or f == f"{entity}.*" for f in filters)


def body(
    event_id: str,
    subject: str,
    occurred_at: datetime,
    actor_user_id: int,
    data: dict[str, Any] | None,
    raw_base64: str = "",
) -> str:
    """The document POSTed to receivers; serialized once, signed and stored exactly as sent."""
    document: dict[str, Any] = {
        "event_id": event_id,
        "type": event_type(subject),
        "subject": subject,
        "occurred_at": occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "actor_user_id": actor_user_id,
        "data": data if data is not None else {"payload_base64": raw_base64},
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True)
