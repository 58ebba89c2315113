"""Composition root: wire settings, keys, database, outbox and the servicers."""

from __future__ import annotations

from rr.auth.v1 import (
    admin_pb2_grpc,
    auth_pb2_grpc,
    clients_pb2_grpc,
    legacy_import_pb2_grpc,
    mfa_pb2_grpc,
    oauth_pb2_grpc,
    roles_pb2_grpc,
)

from rr_auth.config import Settings
from rr_auth.legacy_import.rpc import LegacyImportServicer
from rr_auth.mfa.rpc import MfaServicer
from rr_auth.mfa.sealing import seal_stored_secrets
from rr_auth.models import outbox
from rr_auth.oauth.rpc import ClientServicer, OAuthServicer
from rr_auth.roles.rpc import RoleServicer
from rr_auth.rpc import AuthServicer
from rr_auth.user_admin.rpc import UserAdminServicer
from rr_auth.wiring import build_services
from rr_common.grpc_server import ServiceBinding
from rr_common.outbox import OutboxRelay
from rr_common.runtime import Infrastructure, ServiceParts
from rr_common.tokens import JwksCache, TokenVerifier

PACKAGE = "rr.auth.v1"


def build(infra: Infrastructure, settings: Settings) -> ServiceParts:
    app = build_services(infra.db, settings)
    bindings = [
        ServiceBinding(auth_pb2_grpc.add_AuthServiceServicer_to_server, AuthServicer(app), f"{PACKAGE}.AuthService"),
        ServiceBinding(mfa_pb2_grpc.add_MfaServiceServicer_to_server, MfaServicer(app), f"{PACKAGE}.MfaService"),
        ServiceBinding(roles_pb2_grpc.add_RoleServiceServicer_to_server, RoleServicer(app), f"{PACKAGE}.RoleService"),
        ServiceBinding(
            admin_pb2_grpc.add_UserAdminServiceServicer_to_server,
            UserAdminServicer(app),
            f"{PACKAGE}.UserAdminService",
        ),
        ServiceBinding(
            clients_pb2_grpc.add_ClientServiceServicer_to_server, ClientServicer(app), f"{PACKAGE}.ClientService"
        ),
        ServiceBinding(
            oauth_pb2_grpc.add_OAuthServiceServicer_to_server, OAuthServicer(app), f"{PACKAGE}.OAuthService"
        ),
        ServiceBinding(
            legacy_import_pb2_grpc.add_LegacyImportServiceServicer_to_server,
            LegacyImportServicer(app),
            f"{PACKAGE}.LegacyImportService",
        ),
    ]

    async def own_jwks() -> str:
        return app.keys.jwks_json

    async def declare_clients() -> None:
        async with app.db.session() as session:
            await app.clients.declare(session, settings.service_clients)

    async def seal_mfa_secrets() -> None:
        # Plaintext rows (from before sealing) and rows of a previous key: sealed with the current one.
        await seal_stored_secrets(app.db, app.box)

    jwks = JwksCache(own_jwks)
    jwks.load(app.keys.jwks_json)
    return ServiceParts(
        bindings=bindings,
        verifier=TokenVerifier(jwks, settings.jwt_issuer, settings.jwt_audience),
        relay=OutboxRelay(infra.db, outbox, "auth"),
        startup=[seal_mfa_secrets, *([declare_clients] if settings.service_clients else [])],
    )
