"""Composition root: settings, database, the auth client, the services (`wiring.py`), the four
gRPC services (`rpc.py`), outbox relay, one consumer per producer and the background sweeps."""

from __future__ import annotations

from dataclasses import dataclass

from rr.auth.v1 import auth_pb2_grpc

from rr_common.grpc_client import create_channel
from rr_common.jwks_client import grpc_jwks_fetcher
from rr_common.outbox import OutboxRelay
from rr_common.runtime import Infrastructure, ServiceParts
from rr_common.tokens import JwksCache, TokenVerifier
from rr_notify.audit.retention import AuditRetention
from rr_notify.background import BackgroundSweeps, SweepLoop
from rr_notify.clients.auth import AuthClient, ClientTokenSource, TokenSource
from rr_notify.config import Settings
from rr_notify.consumers.auth import auth_reactions
from rr_notify.consumers.booking import BookingReactions
from rr_notify.consumers.catalog import CatalogReactions
from rr_notify.consumers.router import SubjectRouter, producer_consumer
from rr_notify.consumers.waitlist import WaitlistReactions
from rr_notify.directory.service import UserDirectory
from rr_notify.email.sender import SmtpConfig, SmtpSender
from rr_notify.email.worker import EmailPolicy, EmailWorker
from rr_notify.models import consumer_tables, outbox
from rr_notify.reminders.service import ReminderSweep
from rr_notify.rpc import bindings
from rr_notify.webhooks.service import WEBHOOK_DELIVERIES
from rr_notify.wiring import Services, build_services

PRODUCERS = ("auth", "catalog", "booking", "waitlist")


@dataclass(frozen=True)
class Overrides:
    """For tests: a test key, durables of their own, a token for auth lookups."""

    verifier: TokenVerifier | None = None
    durable_suffix: str = ""
    auth_token_source: TokenSource | None = None


def _sweeps(app: Services, directory: UserDirectory) -> list[SweepLoop]:
    db, s = app.db, app.settings
    loops = [
        SweepLoop(ReminderSweep(db, app.notifier, s.sweep_batch_size), s.sweep_interval_seconds),
        app.webhook_sweep,
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
    directory = UserDirectory(db, AuthClient(auth, token_source) if token_source is not None else None)
    app = build_services(db, s)

    # New deliveries are committed with the events that caused them: send them at once.
    db.on_commit(app.webhook_sweep.wake, wrote=WEBHOOK_DELIVERIES)
    reactions = {
        "auth": auth_reactions(s.email_enabled),
        "catalog": CatalogReactions().reactions(),
        "booking": BookingReactions().reactions(),
        "waitlist": WaitlistReactions().reactions(),
    }
    consumers = [
        producer_consumer(
            db,
            consumer_tables,
            p,
            f"notify-{p}{o.durable_suffix}",
            SubjectRouter(app.webhooks, app.notifier, app.reminders, reactions[p]),
        )
        for p in PRODUCERS
    ]
    return ServiceParts(
        bindings=bindings(app),
        verifier=verifier,
        relay=OutboxRelay(db, outbox, "notify"),
        consumers=consumers,
        background=[BackgroundSweeps(_sweeps(app, directory), closers=[app.webhook_sender.close]).run],
    )
