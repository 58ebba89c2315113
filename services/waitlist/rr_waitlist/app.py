"""Composition root: wire settings, database, peers, the services, the servicers, the outbox
relay, booking's and auth's event consumers and the expiry sweeper."""

from __future__ import annotations

from rr.booking.v1 import booking_pb2_grpc
from rr.catalog.v1 import catalog_pb2_grpc
from rr.waitlist.v1 import legacy_import_pb2_grpc, waitlist_pb2_grpc

from rr_common.grpc_client import create_channel
from rr_common.grpc_server import ServiceBinding
from rr_common.jwks_client import grpc_jwks_fetcher
from rr_common.outbox import OutboxRelay
from rr_common.runtime import Infrastructure, ServiceParts
from rr_common.service_tokens import ServiceTokenProvider
from rr_common.tokens import JwksCache, TokenVerifier
from rr_waitlist.clients.auth import service_tokens
from rr_waitlist.clients.booking import BookingClient
from rr_waitlist.clients.catalog import CatalogClient
from rr_waitlist.config import Settings
from rr_waitlist.consumers import auth_consumer, booking_consumer
from rr_waitlist.legacy_import.rpc import LegacyImportServicer
from rr_waitlist.models import outbox
from rr_waitlist.offers.sweeper import Sweeper
from rr_waitlist.rpc import WaitlistServicer
from rr_waitlist.wiring import build_services


def build(
    infra: Infrastructure,
    settings: Settings,
    verifier: TokenVerifier | None = None,
    tokens: ServiceTokenProvider | None = None,
) -> ServiceParts:
    """`verifier` and `tokens` are for tests (a test key instead of auth's JWKS and client grant)."""
    if verifier is None:
        verifier = TokenVerifier(
            JwksCache(grpc_jwks_fetcher(settings.auth_target)), settings.jwt_issuer, settings.jwt_audience
        )
    booking = BookingClient(
        booking_pb2_grpc.BookingServiceStub(create_channel(settings.booking_target)),
        tokens or service_tokens(settings),
        settings.peer_timeout_seconds,
    )
    catalog = CatalogClient(
        catalog_pb2_grpc.CatalogServiceStub(create_channel(settings.catalog_target)), settings.peer_timeout_seconds
    )
    app = build_services(infra.db, settings, catalog, booking)
    sweeper = Sweeper(
        app, settings.sweep_interval_seconds, settings.sweep_batch_size, settings.recheck_interval_seconds
    )
    return ServiceParts(
        bindings=[
            ServiceBinding(
                waitlist_pb2_grpc.add_WaitlistServiceServicer_to_server,
                WaitlistServicer(app),
                "rr.waitlist.v1.WaitlistService",
            ),
            ServiceBinding(
                legacy_import_pb2_grpc.add_LegacyImportServiceServicer_to_server,
                LegacyImportServicer(app),
                "rr.waitlist.v1.LegacyImportService",
            ),
        ],
        verifier=verifier,
        relay=OutboxRelay(infra.db, outbox, "waitlist"),
        consumers=[booking_consumer(infra.db, app.offers), auth_consumer(infra.db, app.entries)],
        background=[sweeper.run, sweeper.run_recheck],
    )
