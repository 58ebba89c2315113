"""The services notify is made of, built once by the composition root (`app.py`) and shared by
the servicers, the consumers' reactions and the background sweeps."""

from __future__ import annotations

from dataclasses import dataclass

from rr_common.db import Database
from rr_notify.audit.service import AuditService
from rr_notify.background import SweepLoop
from rr_notify.config import Settings
from rr_notify.delivery import Notifier
from rr_notify.inapp.announcements import Announcements
from rr_notify.inapp.preferences import Preferences
from rr_notify.inapp.service import NotificationService
from rr_notify.legacy_import.reminders import ReminderImport
from rr_notify.legacy_import.service import NotifyImport
from rr_notify.reminders.service import Reminders
from rr_notify.webhooks.guard import TargetPolicy, parse_networks
from rr_notify.webhooks.sender import WebhookSender
from rr_notify.webhooks.service import WebhookService
from rr_notify.webhooks.worker import RetryPolicy, WebhookDispatcher


@dataclass(frozen=True)
class Services:
    db: Database
    settings: Settings
    preferences: Preferences
    notifier: Notifier
    notifications: NotificationService
    announcements: Announcements
    reminders: Reminders
    webhooks: WebhookService
    webhook_sender: WebhookSender
    dispatcher: WebhookDispatcher
    # The delivery sweep's loop: woken when new deliveries commit, when an endpoint is re-enabled
    # and when a delivery is retried, so they go out at once instead of at the next interval.
    webhook_sweep: SweepLoop
    audit: AuditService
    notify_import: NotifyImport
    reminder_import: ReminderImport


def build_services(db: Database, s: Settings) -> Services:
    preferences = Preferences(s.reminder_default_minutes)
    notifier = Notifier(preferences, s.email_enabled)
    webhooks = WebhookService(TargetPolicy(parse_networks(s.webhook_allowed_networks)))
    sender = WebhookSender(webhooks.policy, s.webhook_timeout_seconds)
    retry = RetryPolicy(
        s.webhook_max_attempts,
        s.webhook_retry_base_seconds,
        s.webhook_retry_max_seconds,
        s.webhook_failure_threshold,
        s.sweep_batch_size,
        s.webhook_concurrency,
    )
    dispatcher = WebhookDispatcher(db, sender, notifier, retry, s.webhook_timeout_seconds)
    reminders = Reminders(notifier)
    return Services(
        db=db,
        settings=s,
        preferences=preferences,
        notifier=notifier,
        notifications=NotificationService(),
        announcements=Announcements(s.email_enabled),
        reminders=reminders,
        webhooks=webhooks,
        webhook_sender=sender,
        dispatcher=dispatcher,
        webhook_sweep=SweepLoop(dispatcher, s.sweep_interval_seconds),
        audit=AuditService(),
        notify_import=NotifyImport(),
        reminder_import=ReminderImport(preferences, reminders),
    )
