"""Composition root: wire settings, database, the services, outbox relay, sweeper, token
verification and the servicers."""

from __future__ import annotations

from rr.catalog.v1 import catalog_pb2_grpc, legacy_import_pb2_grpc

from rr_catalog.config import Settings
from rr_catalog.legacy_import.rpc import LegacyImportServicer
from rr_catalog.models import outbox
from rr_catalog.rpc import CatalogServicer
from rr_catalog.sweeper import Sweeper
from rr_catalog.wiring import build_services
from rr_common.grpc_server import ServiceBinding
from rr_common.jwks_client import grpc_jwks_fetcher
from rr_common.outbox import OutboxRelay
from rr_common.runtime import Infrastructure, ServiceParts
from rr_common.tokens import JwksCache, TokenVerifier


def build(infra: Infrastructure, settings: Settings, verifier: TokenVerifier | None = None) -> ServiceParts:
    """`verifier` replaces the one backed by auth's JWKS (tests pass `TestTokens().verifier()`)."""
    if verifier is None:
        verifier = TokenVerifier(
            JwksCache(grpc_jwks_fetcher(settings.auth_target)), settings.jwt_issuer, settings.jwt_audience
        )
    app = build_services(infra.db)
    sweeper = Sweeper(infra.db, app.status)
    return ServiceParts(
        bindings=[
            ServiceBinding(
                catalog_pb2_grpc.add_CatalogServiceServicer_to_server,
                CatalogServicer(app),
                "rr.catalog.v1.CatalogService",
            ),
            ServiceBinding(
                legacy_import_pb2_grpc.add_LegacyImportServiceServicer_to_server,
                LegacyImportServicer(app),
                "rr.catalog.v1.LegacyImportService",
            ),
        ],
        verifier=verifier,
        relay=OutboxRelay(infra.db, outbox, "catalog"),
        background=[sweeper.run],
    )
