"""Each service's JetStream stream, as the operator configured it.

A stream is created when missing. An existing one is changed only in what the operator set
(replicas, retention age and size, discard policy, duplicate window), and what differs is logged:
a start never resets a 3-replica, 7-day stream an operator made back to the defaults. Consumers
create a producer's stream only when it is missing, so they can bind before it has published,
and never change it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, StreamConfig
from nats.js.errors import NotFoundError

from rr_common.logs import get_logger
from rr_common.settings import ServiceSettings

log = get_logger("rr.streams")
# Long enough to cover a relay retrying a publish after a NATS stall: the re-publish of an event
# within it is dropped by the server (Nats-Msg-Id), so consumers see it once.
DEFAULT_DUPLICATE_WINDOW_SECONDS = 120.0
# A stream created without a configured max age keeps a week of events: enough for a consumer to
# ride out a long outage, bounded so the stream does not grow forever. Inboxes outlive it.
DEFAULT_MAX_AGE_SECONDS = 7 * 24 * 3600.0


def stream_name(service: str) -> str:
    return f"RR_{service.upper()}"


@dataclass(frozen=True)
class StreamPolicy:
    """What the operator set; None leaves the stream's own value alone."""

    replicas: int | None = None
    max_age_seconds: float | None = None
    max_bytes: int | None = None
    discard: DiscardPolicy | None = None
    duplicate_window_seconds: float | None = None

    @classmethod
    def of(cls, settings: ServiceSettings) -> StreamPolicy:
        return cls(
            replicas=settings.nats_stream_replicas,
            max_age_seconds=settings.nats_stream_max_age_seconds,
            max_bytes=settings.nats_stream_max_bytes,
            discard=DiscardPolicy(settings.nats_stream_discard) if settings.nats_stream_discard else None,
            duplicate_window_seconds=settings.nats_stream_duplicate_window_seconds,
        )

    def configured(self) -> dict[str, Any]:
        """The StreamConfig fields this policy sets."""
        fields = {
            "num_replicas": self.replicas,
            "max_age": self.max_age_seconds,
            "max_bytes": self.max_bytes,
            "discard": self.discard,
            "duplicate_window": self.duplicate_window_seconds,
        }
        return {name: value for name, value in fields.items() if value is not None}


async def ensure_stream(
    js: JetStreamContext, service: str, policy: StreamPolicy | None = None, *, owner: bool = True
) -> None:
    """Create the stream when missing; when `owner` (the producer's relay), bring the configured
    fields of an existing one to the policy and leave every other field as it is."""
    policy = policy or StreamPolicy()
    name = stream_name(service)
    try:
        info = await js.stream_info(name)
    except NotFoundError:
        config = StreamConfig(
            name=name,
            subjects=[f"rr.{service}.>"],
            duplicate_window=DEFAULT_DUPLICATE_WINDOW_SECONDS,
            max_age=DEFAULT_MAX_AGE_SECONDS,
        )
        await js.add_stream(replace(config, **policy.configured()))
        log.info("stream created", stream=name, **{k: str(v) for k, v in policy.configured().items()})
        return
    if not owner:
        return
    differs = {field: value for field, value in policy.configured().items() if getattr(info.config, field) != value}
    if differs:
        log.warning(
            "stream settings differ from the configuration; updating them",
            stream=name,
            **{field: f"{getattr(info.config, field)} -> {value}" for field, value in differs.items()},
        )
        await js.update_stream(replace(info.config, **differs))
