"""Every table of notify, gathered on one metadata for Alembic: the outbox, the consumer inbox and
dead letters, and the tables each subdomain declares in its own `models` module."""

from __future__ import annotations

from rr_common.consumer import define_consumer_tables
from rr_common.legacy_import import define_import_records
from rr_common.outbox import define_outbox
from rr_notify.audit.models import AuditEntry
from rr_notify.base import Base
from rr_notify.consumers.models import AggregateVersion
from rr_notify.directory.models import DirectoryUser
from rr_notify.email.models import EmailDelivery
from rr_notify.inapp.models import Announcement, Notification, Preference, UserSettings
from rr_notify.reminders.models import Reminder
from rr_notify.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery

outbox = define_outbox(Base.metadata)
consumer_tables = define_consumer_tables(Base.metadata)
legacy_import_records = define_import_records(Base.metadata)

__all__ = [
    "AggregateVersion",
    "Announcement",
    "AuditEntry",
    "Base",
    "DirectoryUser",
    "EmailDelivery",
    "Notification",
    "Preference",
    "Reminder",
    "UserSettings",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "consumer_tables",
    "legacy_import_records",
    "outbox",
]
