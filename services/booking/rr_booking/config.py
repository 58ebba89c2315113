"""Booking settings (env prefix RR_BOOKING_)."""

from __future__ import annotations

from pydantic import Field

from rr_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("BOOKING")

    service_name: str = "booking"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/rr_booking"
    grpc_port: int = 50053
    metrics_port: int = 9103
    catalog_target: str = "127.0.0.1:50052"
    catalog_timeout_seconds: float = Field(default=3.0, gt=0)
    max_reservation_days: int = Field(default=31, ge=1)
    # Most occurrences one recurring series may expand to.
    max_series_occurrences: int = Field(default=365, ge=1, le=1000)
    # Pending approvals lapse after this long unless the resource says otherwise.
    approval_expiry_hours: float = Field(default=48.0, gt=0)
    # Default limit of a hold when the caller gives no expiry.
    hold_default_minutes: int = Field(default=15, ge=1)
    # How often the lifecycle sweep runs (completion, no-shows, expiries); 0 disables it.
    sweep_interval_seconds: float = Field(default=15.0, ge=0)
    sweep_batch_size: int = Field(default=500, ge=1, le=10_000)
    # How early before the start a check-in is accepted.
    check_in_opens_minutes: int = Field(default=15, ge=0)
