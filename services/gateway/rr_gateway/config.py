"""Gateway settings (env prefix RR_GATEWAY_)."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator

from rr_common.settings import CommonSettings, service_config


class Settings(CommonSettings):
    model_config = service_config("GATEWAY")

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=0, le=65535)
    redis_url: str = ""
    rate_limit_fail_open: bool = True
    rate_limit_anonymous: str = "120/minute"
    rate_limit_user: str = "600/minute"
    rate_limit_admin: str = "3000/minute"
    # Sign-in (POST /token) is limited per account name, and separately per client address with
    # a cap generous enough for an office behind one address; sign-up and first-run setup are
    # limited per address at the login rate, in a bucket of their own.
    rate_limit_login: str = "20/minute"
    rate_limit_login_per_address: str = "300/minute"
    # Password-reset requests: per account name or address asked about (each may send a mail),
    # and per client address at the login rate.
    rate_limit_password_reset: str = "5/hour"
    auth_target: str = "127.0.0.1:50051"
    catalog_target: str = "127.0.0.1:50052"
    booking_target: str = "127.0.0.1:50053"
    waitlist_target: str = "127.0.0.1:50054"
    notify_target: str = "127.0.0.1:50055"
    upstream_timeout_seconds: float = Field(default=5.0, gt=0)
    # One resource, resource lists and searches without a window are read from caches that
    # catalog's events keep true (rr_gateway.read_cache).
    read_cache: bool = True
    # Admission: API requests handled at once, how many more may wait, and for how long, before
    # the rest are refused with 503 + Retry-After (see rr_gateway.admission).
    max_in_flight: int = Field(default=64, ge=1)
    max_queued: int = Field(default=256, ge=0)
    queue_timeout_seconds: float = Field(default=1.0, gt=0)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_upload_bytes: int = Field(default=20 * 1_048_576, ge=1024)
    body_read_timeout_seconds: float = Field(default=15.0, gt=0)
    max_header_bytes: int = Field(default=16_384, ge=1024)
    static_dir: str = ""
    cors_origins: str = ""
    trusted_proxies: str = ""
    # Catalog reads (list, search, one resource, its status and free/busy time) are open to
    # anonymous callers under the anonymous rate limit, as in the system this one replaced;
    # false requires sign-in for them too.
    public_catalog: bool = True
    # The gateway's own OAuth2 client, granted no scope: anonymous catalog reads are made with
    # its client-credentials token (see rr_gateway.readers for why).
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")

    @model_validator(mode="after")
    def _public_catalog_needs_a_client(self) -> Settings:
        if (
            self.is_production
            and self.public_catalog
            and not (self.client_id and self.client_secret.get_secret_value())
        ):
            raise ValueError(
                "RR_GATEWAY_CLIENT_ID and RR_GATEWAY_CLIENT_SECRET are required in production while "
                "RR_GATEWAY_PUBLIC_CATALOG is true (set it to false to require sign-in for the catalog)"
            )
        return self
