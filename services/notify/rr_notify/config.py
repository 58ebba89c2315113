"""Notify settings (env prefix RR_NOTIFY_)."""

from __future__ import annotations

from pydantic import Field

from rr_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("NOTIFY")

    service_name: str = "notify"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/rr_notify"
    grpc_port: int = 50055
    metrics_port: int = 9105

    # Background sweeps (reminders, e-mail and webhook retries, audit retention).
    sweep_interval_seconds: float = Field(default=1.0, gt=0)
    sweep_batch_size: int = Field(default=100, ge=1, le=1000)

    # E-mail over SMTP; off unless configured.
    email_enabled: bool = False
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_security: str = Field(default="none", pattern="^(none|starttls|tls)$")
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    email_from: str = "Resource Reserver <no-reply@localhost>"
    email_max_attempts: int = Field(default=5, ge=1, le=20)
    email_retry_base_seconds: float = Field(default=30.0, gt=0)
    app_url: str = "http://127.0.0.1:8000"

    # Reminders: minutes before the start, unless the user chose otherwise.
    reminder_default_minutes: int = Field(default=60, ge=0, le=10080)

    # Webhooks. Private, loopback and link-local targets are refused unless their network is
    # listed here (comma-separated CIDRs, e.g. "127.0.0.0/8").
    webhook_allowed_networks: str = ""
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    webhook_max_attempts: int = Field(default=8, ge=1, le=20)
    webhook_retry_base_seconds: float = Field(default=60.0, gt=0)
    webhook_retry_max_seconds: float = Field(default=3600.0, gt=0)
    webhook_failure_threshold: int = Field(default=20, ge=1)
    webhook_concurrency: int = Field(default=10, ge=1, le=100)

    # Audit log: entries older than this many days are deleted (0 keeps them forever).
    audit_retention_days: int = Field(default=365, ge=0)
    audit_retention_interval_seconds: float = Field(default=3600.0, gt=0)

    # OAuth2 client of notify in auth (client-credentials grant): lets it look up the address of a
    # user it has not heard of yet. Empty: only addresses from auth's events are used.
    auth_client_id: str = ""
    auth_client_secret: str = ""
