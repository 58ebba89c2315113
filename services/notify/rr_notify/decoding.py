"""Read any domain event: its type when we know it (protobuf, then JSON), and its header
(actor, time) even when we do not — every event message starts with `EventHeader header = 1`.

Other services add events all the time; an event whose type this build does not know is still
recorded (payload kept as base64) and acknowledged, never an error."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.protobuf import descriptor_pool, json_format, message_factory
from google.protobuf.message import DecodeError, Message
from rr.auth.v1 import events_pb2 as _auth_events  # noqa: F401 - registers the types
from rr.booking.v1 import events_pb2 as _booking_events  # noqa: F401
from rr.catalog.v1 import events_pb2 as _catalog_events  # noqa: F401
from rr.notify.v1 import events_pb2 as notify_events
from rr.waitlist.v1 import events_pb2 as _waitlist_events  # noqa: F401

from rr_common import subjects
from rr_common.consumer import Event
from rr_common.timeconv import utcnow

# Subjects whose message is not named <Entity><Event> (several share one message).
KNOWN_SUBJECTS: dict[str, str] = {
    **{
        f"rr.booking.reservation.{e}": "rr.booking.v1.ReservationChanged"
        for e in (
            "confirmed",
            "rejected",
            "completed",
            "no_show",
            "checked_in",
            "held",
            "hold_released",
            "moved",
            "resource_unavailable",
        )
    },
    subjects.BOOKING_SERIES_CREATED: "rr.booking.v1.SeriesChanged",
    subjects.BOOKING_SERIES_CANCELLED: "rr.booking.v1.SeriesChanged",
    subjects.CATALOG_HOURS_CHANGED: "rr.catalog.v1.BusinessHoursChanged",
    subjects.CATALOG_IMPORT_COMPLETED: "rr.catalog.v1.ResourcesImported",
    **{f"rr.waitlist.offer.{e}": "rr.waitlist.v1.OfferChanged" for e in ("created", "accepted", "declined", "expired")},
}

# Events carrying a secret meant only for notify (the field named): audited without it, never
# sent to webhooks (nor offered as a webhook event type); the gateway's live socket forwards only
# notify's own events.
SECRET_FIELDS: dict[str, str] = {subjects.AUTH_PASSWORD_RESET_REQUESTED: "token"}
PRIVATE_TYPES = frozenset({"rr.auth.v1.PasswordResetRequested"})


@dataclass(frozen=True)
class DomainEvent:
    subject: str
    event_id: str
    service: str
    entity: str
    action: str  # "<entity>.<event>", e.g. reservation.cancelled
    payload: bytes
    message: Message | None
    actor_user_id: int
    occurred_at: datetime
    trace_id: str

    @property
    def type_name(self) -> str:
        return self.message.DESCRIPTOR.full_name if self.message is not None else ""

    def data(self) -> dict[str, Any] | None:
        """The payload as proto3 JSON (field names as in the .proto), None when the type is unknown."""
        if self.message is None:
            return None
        return json_format.MessageToDict(self.message, preserving_proto_field_name=True)

    def payload_base64(self) -> str:
        return base64.b64encode(self.payload).decode()

    def entity_id(self, data: dict[str, Any] | None) -> str:
        if not data:
            return ""
        nested = data.get(self.entity)
        for candidate in (
            nested.get("id") if isinstance(nested, dict) else None,
            data.get(f"{self.entity}_id"),
            data.get("id"),
        ):
            if candidate not in (None, ""):
                return str(candidate)[:64]
        return ""


def _camel(word: str) -> str:
    return "".join(part.capitalize() for part in word.split("_"))


def message_class(subject: str) -> type[Message] | None:
    parts = subject.split(".")
    if len(parts) != 4 or parts[0] != "rr":
        return None
    _, service, entity, event = parts
    names = [KNOWN_SUBJECTS[subject]] if subject in KNOWN_SUBJECTS else []
    names += [f"rr.{service}.v1.{_camel(entity)}{_camel(event)}", f"rr.{service}.v1.{_camel(entity)}Changed"]
    pool = descriptor_pool.Default()
    for name in names:
        try:
            return message_factory.GetMessageClass(pool.FindMessageTypeByName(name))
        except KeyError:
            continue
    return None


def trace_id(headers: dict[str, str] | Any) -> str:
    """The trace id of a W3C `traceparent` header (version-traceid-spanid-flags)."""
    parts = str(headers.get("traceparent", "")).split("-")
    return parts[1] if len(parts) == 4 and len(parts[1]) == 32 else ""


def decode(event: Event) -> DomainEvent:
    """Raises DecodeError only when a known type fails to parse (a retry may be a fixed producer)."""
    parts = event.subject.split(".")
    service = parts[1] if len(parts) > 1 else ""
    entity = parts[2] if len(parts) > 2 else ""
    action = ".".join(parts[2:]) or event.subject
    cls = message_class(event.subject)
    message = cls.FromString(event.payload) if cls is not None else None
    header = getattr(message, "header", None) if message is not None else _envelope_header(event.payload)
    actor = int(header.actor_user_id) if header is not None else 0
    occurred = (
        header.occurred_at.ToDatetime(tzinfo=UTC)
        if header is not None and header.HasField("occurred_at")
        else _header_time(event.headers.get("rr-occurred-at", ""))
    )
    return DomainEvent(
        subject=event.subject,
        event_id=event.event_id,
        service=service,
        entity=entity,
        action=action,
        payload=event.payload,
        message=message,
        actor_user_id=actor,
        occurred_at=occurred,
        trace_id=trace_id(event.headers),
    )


def _envelope_header(payload: bytes) -> Any:
    try:
        envelope = notify_events.EventEnvelope.FromString(payload)
    except DecodeError:
        return None
    return envelope.header if envelope.HasField("header") else None


def _header_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return utcnow()
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
