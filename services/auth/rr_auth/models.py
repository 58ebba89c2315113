"""Auth's tables. Usernames, e-mails and role names are unique case-insensitively (indexes on
lower()). Relationships are `lazy="raise"`: repositories load what callers need, in one query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from rr_common.db import service_metadata
from rr_common.legacy_import import define_import_records
from rr_common.outbox import define_outbox


class Base(DeclarativeBase):
    metadata = service_metadata()


# Server-side defaults (ids, timestamps) come back with the INSERT/UPDATE (RETURNING), so mapping
# a row right after a flush never triggers a lazy load.
EAGER_DEFAULTS = {"eager_defaults": True}


class Role(Base):
    """A named set of permissions. Built-in roles take their permissions from the code
    (rr_auth.roles.domain); custom roles from `role_permissions`."""

    __tablename__ = "roles"
    __mapper_args__ = EAGER_DEFAULTS
    __table_args__ = (Index("uq_roles_name_lower", func.lower(text("name")), unique=True),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(500), server_default="")
    is_builtin: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    grants: Mapped[list[RolePermission]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="RolePermission.permission"
    )


class RolePermission(Base):
    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(64), primary_key=True)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # Index: "who has role X" (is there an admin? list users by role).
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="RESTRICT"), primary_key=True, index=True)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    assigned_by: Mapped[int | None] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "users"
    __mapper_args__ = EAGER_DEFAULTS
    __table_args__ = (
        Index("uq_users_username_lower", func.lower(text("username")), unique=True),
        Index(
            "uq_users_email_lower", func.lower(text("email")), unique=True, postgresql_where=text("email IS NOT NULL")
        ),
        # Admin search matches anywhere in username or e-mail (ILIKE '%q%').
        Index(
            "ix_users_username_trgm",
            func.lower(text("username")).label("u"),
            postgresql_using="gin",
            postgresql_ops={"u": "gin_trgm_ops"},
        ),
        Index(
            "ix_users_email_trgm",
            func.lower(text("email")).label("e"),
            postgresql_using="gin",
            postgresql_ops={"e": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    username: Mapped[str] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    mfa_enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # The TOTP secret sealed with RR_AUTH_MFA_SECRET_KEY (rr_auth.mfa.secret_box), never plaintext;
    # set by setup, in force once verified (mfa_enabled).
    mfa_secret: Mapped[str | None] = mapped_column(Text)
    # Last TOTP time step accepted: a code is good once (replay protection).
    mfa_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    roles: Mapped[list[Role]] = relationship(secondary="user_roles", lazy="raise", order_by=Role.name)

    @property
    def role_names(self) -> list[str]:
        return [role.name for role in self.roles]


class RefreshToken(Base):
    """Opaque refresh tokens, stored only as SHA-256 hashes, grouped in rotation families."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Set for sessions a third-party app holds (authorization-code grant): the app and the
    # scopes the user granted it. NULL: the user's own session with all their permissions.
    client_id: Mapped[str | None] = mapped_column(String(64))
    scopes: Mapped[list[str] | None] = mapped_column(ARRAY(String(64)))


class PasswordResetToken(Base):
    """A password-reset link's secret, stored only as its SHA-256 hash; good once, until it expires."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LoginFailure(Base):
    """Failed sign-ins per lower-cased username, whether or not such a user exists, so a lockout
    looks the same for unknown names (no account enumeration)."""

    __tablename__ = "login_failures"

    username_key: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MfaBackupCode(Base):
    """Single-use MFA backup codes, stored as salted SHA-256 (they carry 60 random bits)."""

    __tablename__ = "mfa_backup_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OAuthClient(Base):
    """A service or integration (client-credentials grant) or a third-party app acting for users
    (authorization-code grant with PKCE); the secret is stored hashed, public clients have none."""

    __tablename__ = "oauth_clients"
    __mapper_args__ = EAGER_DEFAULTS

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), server_default=text("'{}'::varchar[]"))
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    redirect_uris: Mapped[list[str]] = mapped_column(ARRAY(String(500)), server_default=text("'{}'::varchar[]"))
    is_public: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class AuthorizationCode(Base):
    """A single-use authorization code, stored as its SHA-256 hash, bound to the client, the
    redirect URI, the user, the granted scopes and the PKCE challenge. `family_id` names the
    session its tokens belong to, so a replayed code can end that session."""

    __tablename__ = "oauth_authorization_codes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    redirect_uri: Mapped[str] = mapped_column(String(500))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    code_challenge: Mapped[str] = mapped_column(String(128))
    family_id: Mapped[str] = mapped_column(String(36))
    # Index: the sweep of expired codes.
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


outbox = define_outbox(Base.metadata)
legacy_import_records = define_import_records(Base.metadata)
