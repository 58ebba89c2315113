"""Auth settings (env prefix RR_AUTH_)."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

from rr_auth.mfa.secret_box import CURRENT_KEY_ENV, PREVIOUS_KEYS_ENV, check_key, check_keys
from rr_auth.roles.domain import PERMISSIONS
from rr_common.settings import ServiceSettings, service_config


class DeclaredClient(BaseModel):
    """An OAuth2 client the deployment declares (e.g. the waitlist's own), so the service that
    uses it can start with its credentials without anyone registering it by hand first."""

    client_id: str = Field(pattern=r"^[A-Za-z0-9_.-]{3,64}$")
    # Chosen by the operator, so it must be long enough to resist guessing (like generated ones).
    secret: SecretStr
    scopes: list[str] = Field(default_factory=list)
    name: str = Field(default="", max_length=100)

    @field_validator("secret")
    @classmethod
    def _long_secret(cls, secret: SecretStr) -> SecretStr:
        if len(secret.get_secret_value()) < 32:
            raise ValueError("the secret must be at least 32 characters (e.g. `openssl rand -base64 32`)")
        return secret

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, scopes: list[str]) -> list[str]:
        if unknown := sorted(set(scopes) - set(PERMISSIONS)):
            raise ValueError(f"unknown scopes {', '.join(unknown)}; known: {', '.join(PERMISSIONS)}")
        return sorted(set(scopes))


class Settings(ServiceSettings):
    model_config = service_config("AUTH")

    service_name: str = "auth"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/rr_auth"
    grpc_port: int = 50051
    metrics_port: int = 9101
    jwt_private_key: str = ""
    jwt_previous_public_keys: str = ""
    access_token_ttl_seconds: int = Field(default=900, ge=30, le=86400)
    refresh_token_ttl_seconds: int = Field(default=14 * 86400, ge=60)
    client_token_ttl_seconds: int = Field(default=900, ge=30, le=86400)
    # Password policy: every failing rule is listed in the refusal.
    password_min_length: int = Field(default=10, ge=8, le=128)
    password_require_upper: bool = True
    password_require_lower: bool = True
    password_require_digit: bool = True
    password_require_special: bool = True
    # argon2id cost: ~50-100 ms per hash here (see bench); existing hashes are upgraded at sign-in.
    argon2_time_cost: int = Field(default=2, ge=1, le=20)
    argon2_memory_kib: int = Field(default=32 * 1024, ge=8 * 1024, le=1024 * 1024)
    argon2_parallelism: int = Field(default=2, ge=1, le=16)
    # Lockout: this many failures within the window lock sign-in for the duration.
    lockout_max_failures: int = Field(default=5, ge=1, le=1000)
    lockout_window_seconds: int = Field(default=15 * 60, ge=1)
    lockout_duration_seconds: int = Field(default=15 * 60, ge=1)
    # How long a password-reset link stays good (it is good once).
    password_reset_ttl_seconds: int = Field(default=30 * 60, ge=60, le=86400)
    mfa_issuer: str = Field(default="Resource Reserver", min_length=1, max_length=60)
    # TOTP steps of 30 s accepted on either side of now (clock drift).
    mfa_valid_window: int = Field(default=1, ge=0, le=3)
    mfa_backup_code_count: int = Field(default=10, ge=1, le=50)
    # Fernet key sealing TOTP secrets in the database; previous keys (comma-separated) still open
    # what they sealed, and auth re-seals those rows with the current key at start.
    mfa_secret_key: SecretStr = SecretStr("")
    mfa_previous_secret_keys: SecretStr = SecretStr("")
    # OAuth2 clients created or updated (secret, scopes) at start, as a JSON list of
    # {"client_id", "secret", "scopes", "name"}; a client an admin revoked stays revoked.
    service_clients: list[DeclaredClient] = Field(default_factory=list)

    @field_validator("mfa_secret_key")
    @classmethod
    def _fernet_key(cls, key: SecretStr) -> SecretStr:
        check_key(key.get_secret_value(), CURRENT_KEY_ENV)
        return key

    @field_validator("mfa_previous_secret_keys")
    @classmethod
    def _fernet_keys(cls, keys: SecretStr) -> SecretStr:
        check_keys(keys.get_secret_value(), PREVIOUS_KEYS_ENV)
        return keys

    @model_validator(mode="after")
    def _production_needs_a_key(self) -> Settings:
        if not self.is_production:
            return self
        required = {
            "RR_AUTH_JWT_PRIVATE_KEY": self.jwt_private_key,
            CURRENT_KEY_ENV: self.mfa_secret_key.get_secret_value(),
        }
        if missing := [name for name, value in required.items() if not value.strip()]:
            raise ValueError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} required in production")
        return self
