"""Composition root: wire settings, database, catalog client, servicers, outbox relay, the
lifecycle sweeper and the catalog event consumer."""

from __future__ import annotations

from rr.booking.v1 import (
    analytics_pb2_grpc,
    approvals_pb2_grpc,
    booking_pb2_grpc,
    bulk_pb2_grpc,
    calendars_pb2_grpc,
    legacy_import_pb2_grpc,
    quotas_pb2_grpc,
)

from rr_booking.analytics.rpc import AnalyticsServicer
from rr_booking.approvals.rpc import ApprovalServicer
from rr_booking.bulk.rpc import BulkServicer
from rr_booking.calendars.rpc import CalendarServicer
from rr_booking.clients.catalog import CatalogClient
from rr_booking.config import Settings
from rr_booking.consumers import auth_consumer, catalog_consumer
from rr_booking.legacy_import.rpc import LegacyImportServicer
from rr_booking.lifecycle.sweeper import Sweeper
from rr_booking.models import outbox
from rr_booking.projection.service import ProjectedCatalog
from rr_booking.quotas.rpc import QuotaServicer
from rr_booking.rpc import BookingServicer
from rr_booking.wiring import build_services
from rr_common.grpc_client import create_channel
from rr_common.grpc_server import ServiceBinding
from rr_common.jwks_client import grpc_jwks_fetcher
from rr_common.outbox import OutboxRelay
from rr_common.runtime import Infrastructure, ServiceParts
from rr_common.tokens import JwksCache, TokenVerifier


def build(infra: Infrastructure, settings: Settings, verifier: TokenVerifier | None = None) -> ServiceParts:
    remote = CatalogClient(create_channel(settings.catalog_target), settings.catalog_timeout_seconds)
    # Bookability is judged from booking's projection of catalog's events; catalog is asked
    # only about a resource the projection has not heard of yet.
    catalog = ProjectedCatalog(infra.db, remote)
    app = build_services(infra.db, settings, catalog)
    sweeper = Sweeper(app.lifecycle, settings.sweep_interval_seconds) if settings.sweep_interval_seconds > 0 else None
    return ServiceParts(
        bindings=[
            ServiceBinding(
                booking_pb2_grpc.add_BookingServiceServicer_to_server,
                BookingServicer(app),
                "rr.booking.v1.BookingService",
            ),
            ServiceBinding(
                approvals_pb2_grpc.add_ApprovalServiceServicer_to_server,
                ApprovalServicer(app),
                "rr.booking.v1.ApprovalService",
            ),
            ServiceBinding(
                quotas_pb2_grpc.add_QuotaServiceServicer_to_server, QuotaServicer(app), "rr.booking.v1.QuotaService"
            ),
            ServiceBinding(
                calendars_pb2_grpc.add_CalendarServiceServicer_to_server,
                CalendarServicer(app),
                "rr.booking.v1.CalendarService",
            ),
            ServiceBinding(
                analytics_pb2_grpc.add_AnalyticsServiceServicer_to_server,
                AnalyticsServicer(app),
                "rr.booking.v1.AnalyticsService",
            ),
            ServiceBinding(
                bulk_pb2_grpc.add_BulkServiceServicer_to_server, BulkServicer(app), "rr.booking.v1.BulkService"
            ),
            ServiceBinding(
                legacy_import_pb2_grpc.add_LegacyImportServiceServicer_to_server,
                LegacyImportServicer(app),
                "rr.booking.v1.LegacyImportService",
            ),
        ],
        verifier=verifier
        or TokenVerifier(
            JwksCache(grpc_jwks_fetcher(settings.auth_target)), settings.jwt_issuer, settings.jwt_audience
        ),
        relay=OutboxRelay(infra.db, outbox, "booking"),
        consumers=[catalog_consumer(infra.db), auth_consumer(infra.db)],
        background=[sweeper.run] if sweeper is not None else [],
    )
