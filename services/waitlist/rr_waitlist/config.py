"""Waitlist settings (env prefix RR_WAITLIST_)."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator

from rr_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("WAITLIST")

    service_name: str = "waitlist"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/rr_waitlist"
    grpc_port: int = 50054
    metrics_port: int = 9104
    booking_target: str = "127.0.0.1:50053"
    catalog_target: str = "127.0.0.1:50052"
    peer_timeout_seconds: float = Field(default=3.0, gt=0)
    # OAuth2 client of the waitlist itself: offers are placed, confirmed and released with its
    # client-credentials token. Without it no offer can be made (joining still works).
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    # Space-separated scopes to ask for; empty asks for everything the client was granted.
    client_scopes: str = ""
    # How long an offered slot is held for the user.
    offer_ttl_seconds: float = Field(default=900.0, gt=0, le=7 * 86400)
    # A flexible entry accepts a slot of the same length starting up to this many hours earlier or
    # later than desired, on the same day (the resource's time zone).
    flexible_hours: float = Field(default=2.0, ge=0, le=24)
    # How often due offers are expired and past entries closed.
    sweep_interval_seconds: float = Field(default=1.0, gt=0)
    sweep_batch_size: int = Field(default=100, ge=1, le=10_000)
    # How often every queue is compared with booking's schedule, to offer free ranges no event
    # announced (0 turns it off).
    recheck_interval_seconds: float = Field(default=60.0, ge=0)
    # Waiting entries tried (in queue order) for one freed slot.
    max_candidates_per_slot: int = Field(default=25, ge=1, le=1000)

    @model_validator(mode="after")
    def _production_needs_client_credentials(self) -> Settings:
        if self.is_production and not (self.client_id and self.client_secret.get_secret_value()):
            raise ValueError("RR_WAITLIST_CLIENT_ID and RR_WAITLIST_CLIENT_SECRET are required in production")
        return self
