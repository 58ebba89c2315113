"""Settings base shared by every backend service; each service adds its own fields and prefix."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class CommonSettings(BaseSettings):
    """Fields every process has. Subclasses set `model_config = service_config("BOOKING")`."""

    model_config = SettingsConfigDict(extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    log_level: str = "INFO"
    log_format: str = Field(default="console", pattern="^(console|json)$")
    nats_url: str = "nats://127.0.0.1:4222"
    otel_exporter_otlp_endpoint: str = ""
    jwt_issuer: str = "resource-reserver"
    jwt_audience: str = "rr-api"

    @property
    def is_production(self) -> bool:
        return self.environment == Environment.PRODUCTION


class ServiceSettings(CommonSettings):
    """A gRPC backend service with its own database."""

    service_name: str = "service"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    database_pool_size: int = Field(default=10, ge=1, le=200)
    grpc_host: str = "127.0.0.1"
    grpc_port: int = Field(default=0, ge=0, le=65535)
    metrics_port: int = Field(default=0, ge=0, le=65535)
    grpc_grace_seconds: float = 10.0
    # Calls handled at once; more are refused at once (overload), not queued past their deadline.
    grpc_max_concurrent_rpcs: int = Field(default=256, ge=1)
    auth_target: str = "127.0.0.1:50051"
    # This service's JetStream stream; unset leaves an existing stream's own value alone.
    nats_stream_replicas: int | None = Field(default=None, ge=1, le=5)
    nats_stream_max_age_seconds: float | None = Field(default=None, gt=0)
    nats_stream_max_bytes: int | None = Field(default=None, gt=0)
    nats_stream_discard: str | None = Field(default=None, pattern="^(old|new)$")
    nats_stream_duplicate_window_seconds: float | None = Field(default=None, gt=0)
    # Published outbox rows are kept this long (for inspection), then pruned.
    outbox_retention_seconds: float = Field(default=24 * 3600, gt=0)
    # Processed event ids: must outlive the producers' streams' max age (7 days by default), or a
    # consumer replaying a stream would handle old events again.
    inbox_retention_seconds: float = Field(default=8 * 24 * 3600, gt=0)

    @field_validator(
        "nats_stream_replicas",
        "nats_stream_max_age_seconds",
        "nats_stream_max_bytes",
        "nats_stream_discard",
        "nats_stream_duplicate_window_seconds",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if value == "" else value  # as written in .env.example: leave the stream's value

    @model_validator(mode="after")
    def _production_needs_real_urls(self) -> ServiceSettings:
        if self.is_production and "@127.0.0.1" in self.database_url:
            raise ValueError("DATABASE_URL must point at the service's own database in production")
        return self


def service_config(name: str) -> SettingsConfigDict:
    """Environment prefix `RR_<NAME>_`, e.g. RR_BOOKING_DATABASE_URL."""
    return SettingsConfigDict(env_prefix=f"RR_{name.upper()}_", extra="ignore")
