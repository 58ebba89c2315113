"""Composition root: settings, database, outbox relay, one consumer per producer, the background
sweeps and the three gRPC services."""

from __future__ import annotations

from dataclasses import dataclass

from rr.auth.v1 import auth_pb2_grpc
from rr.notify.v1 import audit_pb2_grpc, legacy_import_pb2_grpc, notify_pb2_grpc, webhooks_pb2_grpc

from rr_common.db import Database
from rr_common.grpc_client import create_channel
from rr_common.grpc_server import ServiceBinding
from rr_common.jwks_client import grpc_jwks_fetcher
from rr_common.outbox import OutboxRelay
from rr_common.runtime import Infrastructure, ServiceParts
from rr_common.tokens import JwksCache, TokenVerifier
from rr_notify.audit.retention import AuditRetention
from rr_notify.audit.service import AuditService
from rr_notify.background import BackgroundSweeps, SweepLoop
from rr_notify.config import Settings
from rr_notify.consumers.auth import auth_reactions
from rr_notify.consumers.booking import BookingReactions
from rr_notify.consumers.catalog import CatalogReactions
from rr_notify.consumers.router import producer_consumer
from rr_notify.consumers.waitlist import WaitlistReactions
from rr_notify.delivery import Notifier
from rr_notify.directory.lookup import TokenSource, UserDirectory
from rr_notify.directory.token import ClientTokenSource
from rr_notify.email.sender import SmtpConfig, SmtpSender
from rr_notify.email.worker import EmailPolicy, EmailWorker
from rr_notify.inapp.announcements import Announcements
from rr_notify.inapp.preferences import Preferences
from rr_notify.inapp.service import NotificationService
from rr_notify.legacy_import.rpc import LegacyImportServicer
from rr_notify.models import consumer_tables, outbox
from rr_notify.reminders.service import Reminders, ReminderSweep
from rr_notify.rpc.audit import AuditServicer
from rr_notify.rpc.notifications import NotifyServicer
from rr_notify.rpc.webhooks import WebhookServicer
from rr_notify.webhooks.guard import TargetPolicy, parse_networks
from rr_notify.webhooks.sender import WebhookSender
from rr_notify.webhooks.service import WEBHOOK_DELIVERIES, WebhookService
from rr_notify.webhooks.worker import RetryPolicy, WebhookDispatcher

PRODUCERS = ("auth", "catalog", "booking", "waitlist")


@dataclass(frozen=True)
class Overrides:
    """For tests: a test key, durables of their own, a token for auth lookups."""

    verifier: TokenVerifier | None = None
    durable_suffix: str = ""
    auth_token_source: TokenSource | None = None


def _sweeps(
    db: Database, s: Settings, notifier: Notifier, directory: UserDirectory, dispatcher: WebhookDispatcher
) -> list[SweepLoop]:
    loops = [
        SweepLoop(ReminderSweep(db, notifier, s.sweep_batch_size), s.sweep_interval_seconds),
        SweepLoop(dispatcher, s.sweep_interval_seconds),
        SweepLoop(AuditRetention(db, s.audit_retention_days), s.audit_retention_interval_seconds),
    ]
    if s.email_enabled:
        sender = SmtpSender(
            SmtpConfig(
                s.smtp_host,
                s.smtp_port,
                s.smtp_username,
                s.smtp_password,
                s.smtp_security,
                s.smtp_timeout_seconds,
                s.email_from,
            )
        )
        policy = EmailPolicy(
            s.email_max_attempts,
            s.email_retry_base_seconds,
            batch_size=s.sweep_batch_size,
            app_url=s.app_url.rstrip("/"),
        )
        loops.append(SweepLoop(EmailWorker(db, directory, sender, policy), s.sweep_interval_seconds))
    return loops


def build(infra: Infrastructure, settings: Settings, overrides: Overrides | None = None) -> ServiceParts:
    o = overrides or Overrides()
    db, s = infra.db, settings
    verifier = o.verifier or TokenVerifier(JwksCache(grpc_jwks_fetcher(s.auth_target)), s.jwt_issuer, s.jwt_audience)
    auth = auth_pb2_grpc.AuthServiceStub(create_channel(s.auth_target))
    token_source = o.auth_token_source or (
        ClientTokenSource(auth, s.auth_client_id, s.auth_client_secret) if s.auth_client_id else None
    )
    directory = UserDirectory(db, auth, token_source)

    preferences = Preferences(s.reminder_default_minutes)
    notifier = Notifier(preferences, s.email_enabled)
    reminders = Reminders(notifier)
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

    loops = _sweeps(db, s, notifier, directory, dispatcher)
    webhook_loop = loops[1]
    # New deliveries are committed with the events that caused them: send them at once.
    db.on_commit(webhook_loop.wake, wrote=WEBHOOK_DELIVERIES)
    reactions = {
        "auth": auth_reactions(s.email_enabled),
        "catalog": CatalogReactions(notifier).reactions(),
        "booking": BookingReactions(notifier, reminders, preferences).reactions(),
        "waitlist": WaitlistReactions(notifier).reactions(),
    }
    consumers = [
        producer_consumer(db, consumer_tables, p, f"notify-{p}{o.durable_suffix}", webhooks, reactions[p])
        for p in PRODUCERS
    ]
    servicers = [
        ServiceBinding(
            notify_pb2_grpc.add_NotifyServiceServicer_to_server,
            NotifyServicer(db, NotificationService(), Announcements(s.email_enabled), preferences, reminders),
            "rr.notify.v1.NotifyService",
        ),
        ServiceBinding(
            webhooks_pb2_grpc.add_WebhookServiceServicer_to_server,
            WebhookServicer(db, webhooks, dispatcher, webhook_loop.wake),
            "rr.notify.v1.WebhookService",
        ),
        ServiceBinding(
            audit_pb2_grpc.add_AuditServiceServicer_to_server,
            AuditServicer(db, AuditService()),
            "rr.notify.v1.AuditService",
        ),
        ServiceBinding(
            legacy_import_pb2_grpc.add_LegacyImportServiceServicer_to_server,
            LegacyImportServicer(db, preferences, reminders),
            "rr.notify.v1.LegacyImportService",
        ),
    ]
    return ServiceParts(
        bindings=servicers,
        verifier=verifier,
        relay=OutboxRelay(db, outbox, "notify"),
        consumers=consumers,
        background=[BackgroundSweeps(loops, closers=[sender.close]).run],
    )
