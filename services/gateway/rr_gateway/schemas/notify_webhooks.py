"""Webhook shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from rr.notify.v1 import webhooks_pb2

from rr_gateway.schemas.common import ts


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(max_length=4096, description="http(s) endpoint; private and loopback addresses are refused.")
    events: list[str] = Field(
        min_length=1, max_length=50, description="Event types such as reservation.created, reservation.* or *."
    )
    description: str = Field(default="", max_length=500)
    secret: str | None = Field(default=None, max_length=200, description="Omit to get a generated one.")


class WebhookPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(default=None, max_length=4096)
    events: list[str] | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=500)
    is_active: bool | None = Field(
        default=None, description="true re-enables a disabled endpoint and resets its failure count."
    )

    def to_pb(self, webhook_id: int) -> webhooks_pb2.UpdateWebhookRequest:
        request = webhooks_pb2.UpdateWebhookRequest(
            id=webhook_id, url=self.url, description=self.description, is_active=self.is_active
        )
        if self.events is not None:
            request.events.events.extend(self.events)
        return request


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    description: str
    is_active: bool
    consecutive_failures: int
    disabled_reason: str | None
    disabled_at: datetime | None
    last_success_at: datetime | None
    last_failure_at: datetime | None
    created_by: int
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, w: webhooks_pb2.Webhook) -> WebhookOut:
        return cls(
            id=w.id,
            url=w.url,
            events=list(w.events),
            description=w.description,
            is_active=w.is_active,
            consecutive_failures=w.consecutive_failures,
            disabled_reason=w.disabled_reason or None,
            disabled_at=ts(w.disabled_at),
            last_success_at=ts(w.last_success_at),
            last_failure_at=ts(w.last_failure_at),
            created_by=w.created_by,
            created_at=ts(w.created_at),
            updated_at=ts(w.updated_at),
        )


class WebhookWithSecretOut(WebhookOut):
    secret: str = Field(description="Shown only now: store it to verify X-RR-Signature.")


class EventTypeOut(BaseModel):
    type: str
    description: str


class AttemptOut(BaseModel):
    attempt: int
    status_code: int | None
    latency_ms: int
    error: str | None
    attempted_at: datetime | None


class DeliveryOut(BaseModel):
    id: int
    webhook_id: int
    event_id: str
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    last_latency_ms: int
    last_error: str | None
    created_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    attempt_log: list[AttemptOut]

    @classmethod
    def of(cls, d: webhooks_pb2.WebhookDelivery) -> DeliveryOut:
        return cls(
            id=d.id,
            webhook_id=d.webhook_id,
            event_id=d.event_id,
            event_type=d.event_type,
            status=d.status,
            attempts=d.attempts,
            last_status_code=d.last_status_code or None,
            last_latency_ms=d.last_latency_ms,
            last_error=d.last_error or None,
            created_at=ts(d.created_at),
            next_attempt_at=ts(d.next_attempt_at),
            delivered_at=ts(d.delivered_at),
            attempt_log=[
                AttemptOut(
                    attempt=a.attempt,
                    status_code=a.status_code or None,
                    latency_ms=a.latency_ms,
                    error=a.error or None,
                    attempted_at=ts(a.attempted_at),
                )
                for a in d.attempt_log
            ],
        )
