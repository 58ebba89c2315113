"""Composition root: wire settings, keys, database, outbox and the servicers."""

from __future__ import annotations

from datetime import timedelta

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
from rr_auth.keys import load_signing_keys
from rr_auth.legacy_import.rpc import LegacyImportServicer
from rr_auth.legacy_import.service import UserImport
from rr_auth.models import outbox
from rr_auth.passwords import PasswordPolicy, Passwords
from rr_auth.rpc.admin import UserAdminServicer
from rr_auth.rpc.auth import AuthServicer
from rr_auth.rpc.clients import ClientServicer
from rr_auth.rpc.mfa import MfaServicer
from rr_auth.rpc.oauth import OAuthServicer
from rr_auth.rpc.roles import RoleServicer
from rr_auth.secret_box import load_secret_box
from rr_auth.service.accounts import AccountService
from rr_auth.service.admin_users import UserAdminService
from rr_auth.service.authorization import AuthorizationService
from rr_auth.service.clients import ClientService
from rr_auth.service.deletion import AccountDeletion
from rr_auth.service.introspection import IntrospectionService
from rr_auth.service.lockout import Lockout, LockoutPolicy
from rr_auth.service.mfa import MfaCodes, MfaService
from rr_auth.service.mfa_secrets import seal_stored_secrets
from rr_auth.service.password_reset import PasswordResetService
from rr_auth.service.roles import RoleService
from rr_auth.service.sessions import SessionService
from rr_auth.token_issuer import TokenIssuer
from rr_common.grpc_server import ServiceBinding
from rr_common.outbox import OutboxRelay
from rr_common.runtime import Infrastructure, ServiceParts
from rr_common.tokens import JwksCache, TokenVerifier

PACKAGE = "rr.auth.v1"


def build(infra: Infrastructure, settings: Settings) -> ServiceParts:
    keys = load_signing_keys(settings.jwt_private_key, settings.jwt_previous_public_keys)
    issuer = TokenIssuer(
        keys,
        settings.jwt_issuer,
        settings.jwt_audience,
        settings.access_token_ttl_seconds,
        settings.client_token_ttl_seconds,
    )
    passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
    policy = PasswordPolicy(
        settings.password_min_length,
        settings.password_require_upper,
        settings.password_require_lower,
        settings.password_require_digit,
        settings.password_require_special,
    )
    lockout = Lockout(
        LockoutPolicy(
            settings.lockout_max_failures,
            timedelta(seconds=settings.lockout_window_seconds),
            timedelta(seconds=settings.lockout_duration_seconds),
        )
    )
    box = load_secret_box(
        settings.mfa_secret_key.get_secret_value(), settings.mfa_previous_secret_keys.get_secret_value()
    )
    codes = MfaCodes(settings.mfa_valid_window, box)
    accounts = AccountService(passwords, policy, lockout)
    sessions = SessionService(issuer, passwords, lockout, codes, settings.refresh_token_ttl_seconds)
    clients = ClientService(issuer)
    mfa = MfaService(codes, lockout, settings.mfa_issuer, settings.mfa_backup_code_count)
    resets = PasswordResetService(accounts, timedelta(seconds=settings.password_reset_ttl_seconds))
    deletion = AccountDeletion(passwords, lockout, codes)
    db = infra.db
    bindings = [
        ServiceBinding(
            auth_pb2_grpc.add_AuthServiceServicer_to_server,
            AuthServicer(db, accounts, sessions, clients, keys, resets, deletion),
            f"{PACKAGE}.AuthService",
        ),
        ServiceBinding(mfa_pb2_grpc.add_MfaServiceServicer_to_server, MfaServicer(db, mfa), f"{PACKAGE}.MfaService"),
        ServiceBinding(
            roles_pb2_grpc.add_RoleServiceServicer_to_server, RoleServicer(db, RoleService()), f"{PACKAGE}.RoleService"
        ),
        ServiceBinding(
            admin_pb2_grpc.add_UserAdminServiceServicer_to_server,
            UserAdminServicer(db, UserAdminService(accounts)),
            f"{PACKAGE}.UserAdminService",
        ),
        ServiceBinding(
            clients_pb2_grpc.add_ClientServiceServicer_to_server,
            ClientServicer(db, clients),
            f"{PACKAGE}.ClientService",
        ),
        ServiceBinding(
            oauth_pb2_grpc.add_OAuthServiceServicer_to_server,
            OAuthServicer(db, AuthorizationService(sessions), IntrospectionService(clients, issuer)),
            f"{PACKAGE}.OAuthService",
        ),
        ServiceBinding(
            legacy_import_pb2_grpc.add_LegacyImportServiceServicer_to_server,
            LegacyImportServicer(db, UserImport(box)),
            f"{PACKAGE}.LegacyImportService",
        ),
    ]

    async def own_jwks() -> str:
        return keys.jwks_json

    async def declare_clients() -> None:
        async with db.session() as session:
            await clients.declare(session, settings.service_clients)

    async def seal_mfa_secrets() -> None:
        # Plaintext rows (from before sealing) and rows of a previous key: sealed with the current one.
        await seal_stored_secrets(db, box)

    jwks = JwksCache(own_jwks)
    jwks.load(keys.jwks_json)
    return ServiceParts(
        bindings=bindings,
        verifier=TokenVerifier(jwks, settings.jwt_issuer, settings.jwt_audience),
        relay=OutboxRelay(infra.db, outbox, "auth"),
        startup=[seal_mfa_secrets, *([declare_clients] if settings.service_clients else [])],
    )
