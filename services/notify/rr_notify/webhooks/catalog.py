"""The event types a webhook can subscribe to, read from the event messages this build knows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from google.protobuf.descriptor import FileDescriptor

from rr_notify import decoding
from rr_notify.webhooks.domain import PING

_SERVICES = ("auth", "catalog", "booking", "waitlist")
_WORDS = re.compile(r"[A-Z][a-z0-9]*")


@dataclass(frozen=True)
class EventTypeInfo:
    type: str
    description: str


def _types_of(service: str, file: FileDescriptor) -> list[EventTypeInfo]:
    known = {s.split(".", 2)[2]: s for s in decoding.KNOWN_SUBJECTS if s.startswith(f"rr.{service}.")}
    found = []
    for name in file.message_types_by_name:
        if f"rr.{service}.v1.{name}" in decoding.PRIVATE_TYPES:
            continue  # never forwarded to webhooks
        words = [w.lower() for w in _WORDS.findall(name)]
        if len(words) >= 2:
            type_ = f"{words[0]}.{'_'.join(words[1:])}"
            if not any(v.endswith(f".v1.{name}") for v in decoding.KNOWN_SUBJECTS.values()):
                found.append(EventTypeInfo(type_, f"Published by {service} as rr.{service}.{type_}."))
    found += [EventTypeInfo(t, f"Published by {service} as {s}.") for t, s in known.items()]
    return found


@cache
def event_types() -> tuple[EventTypeInfo, ...]:
    types: list[EventTypeInfo] = []
    for service in _SERVICES:
        module = __import__(f"rr.{service}.v1.events_pb2", fromlist=["DESCRIPTOR"])
        types += _types_of(service, module.DESCRIPTOR)
    types.append(EventTypeInfo(PING, "A test ping sent by POST /webhooks/{id}/test."))
    return tuple(sorted({t.type: t for t in types}.values(), key=lambda t: t.type))
