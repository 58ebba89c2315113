"""The services auth is made of, built once by the composition root and shared by servicers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rr_auth.accounts.deletion import AccountDeletion
from rr_auth.accounts.passwords import PasswordPolicy, Passwords
from rr_auth.accounts.service import AccountService
from rr_auth.config import Settings
from rr_auth.legacy_import.service import UserImport
from rr_auth.lockout.service import Lockout, LockoutPolicy
from rr_auth.mfa.secret_box import SecretBox, load_secret_box
from rr_auth.mfa.service import MfaCodes, MfaService
from rr_auth.oauth.authorization import AuthorizationService
from rr_auth.oauth.clients import ClientService
from rr_auth.oauth.introspection import IntrospectionService
from rr_auth.password_reset.service import PasswordResetService
from rr_auth.roles.service import RoleService
from rr_auth.sessions.service import SessionService
from rr_auth.tokens.issuer import TokenIssuer
from rr_auth.tokens.keys import SigningKeys, load_signing_keys
from rr_auth.user_admin.service import UserAdminService
from rr_common.db import Database


@dataclass(frozen=True)
class Services:
    db: Database
    settings: Settings
    keys: SigningKeys
    box: SecretBox
    accounts: AccountService
    deletion: AccountDeletion
    user_admin: UserAdminService
    sessions: SessionService
    resets: PasswordResetService
    mfa: MfaService
    roles: RoleService
    clients: ClientService
    authorization: AuthorizationService
    introspection: IntrospectionService
    user_import: UserImport


def build_services(db: Database, settings: Settings) -> Services:
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
    return Services(
        db=db,
        settings=settings,
        keys=keys,
        box=box,
        accounts=accounts,
        deletion=AccountDeletion(passwords, lockout, codes),
        user_admin=UserAdminService(accounts),
        sessions=sessions,
        resets=PasswordResetService(accounts, timedelta(seconds=settings.password_reset_ttl_seconds)),
        mfa=MfaService(codes, lockout, settings.mfa_issuer, settings.mfa_backup_code_count),
        roles=RoleService(),
        clients=clients,
        authorization=AuthorizationService(sessions),
        introspection=IntrospectionService(clients, issuer),
        user_import=UserImport(box),
    )
