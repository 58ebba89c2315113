"""Rows to protobuf messages, for the servicers and for the events notify publishes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp
from rr.notify.v1 import audit_pb2, notify_pb2, webhooks_pb2

from rr_common.timeconv import to_timestamp
from rr_notify.audit.models import AuditEntry
from rr_notify.inapp.models import Notification
from rr_notify.inapp.preferences import UserPreferences
from rr_notify.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery


def _ts(value: datetime | None) -> Timestamp | None:
    return to_timestamp(value) if value is not None else None


def notification_pb(row: Notification) -> notify_pb2.Notification:
    return notify_pb2.Notification(
        id=row.id,
        user_id=row.user_id,
        type=row.type,
        title=row.title,
        message=row.message,
        is_read=row.is_read,
        created_at=to_timestamp(row.created_at),
        subject_id=row.subject_id,
        details=row.details or {},
    )


def preferences_pb(p: UserPreferences) -> notify_pb2.Preferences:
    return notify_pb2.Preferences(
        reminder_minutes=p.reminder_minutes,
        channels=[notify_pb2.ChannelPreference(type=c.type, in_app=c.in_app, email=c.email) for c in p.channels],
    )


def webhook_pb(w: Webhook) -> webhooks_pb2.Webhook:
    return webhooks_pb2.Webhook(
        id=w.id,
        url=w.url,
        events=list(w.events),
        description=w.description,
        is_active=w.is_active,
        consecutive_failures=w.consecutive_failures,
        created_at=_ts(w.created_at),
        updated_at=_ts(w.updated_at),
        disabled_at=_ts(w.disabled_at),
        disabled_reason=w.disabled_reason,
        last_success_at=_ts(w.last_success_at),
        last_failure_at=_ts(w.last_failure_at),
        created_by=w.created_by,
    )


def delivery_pb(d: WebhookDelivery, attempts: Sequence[WebhookAttempt]) -> webhooks_pb2.WebhookDelivery:
    return webhooks_pb2.WebhookDelivery(
        id=d.id,
        webhook_id=d.webhook_id,
        event_id=d.event_id,
        event_type=d.event_type,
        status=d.status,
        attempts=d.attempts,
        last_status_code=d.last_status_code,
        last_latency_ms=d.last_latency_ms,
        last_error=d.last_error,
        created_at=_ts(d.created_at),
        next_attempt_at=_ts(d.next_attempt_at if d.status == "pending" else None),
        delivered_at=_ts(d.delivered_at),
        attempt_log=[
            webhooks_pb2.DeliveryAttempt(
                attempt=a.attempt,
                status_code=a.status_code,
                latency_ms=a.latency_ms,
                error=a.error,
                attempted_at=_ts(a.attempted_at),
            )
            for a in attempts
        ],
    )


def audit_pb(e: AuditEntry) -> audit_pb2.AuditEntry:
    return audit_pb2.AuditEntry(
        id=e.id,
        event_id=e.event_id,
        subject=e.subject,
        source_service=e.source_service,
        action=e.action,
        entity_type=e.entity_type,
        entity_id=e.entity_id,
        actor_user_id=e.actor_user_id,
        occurred_at=_ts(e.occurred_at),
        recorded_at=_ts(e.recorded_at),
        trace_id=e.trace_id,
        payload_json=json.dumps(e.payload_json, separators=(",", ":"), sort_keys=True)
        if e.payload_json is not None
        else "",
        payload_base64=e.payload_base64,
        payload_type=e.payload_type,
    )
