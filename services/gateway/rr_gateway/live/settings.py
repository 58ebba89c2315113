"""Settings of the live socket."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from rr_common.settings import service_config


class LiveSettings(BaseSettings):
    """RR_GATEWAY_WS_*: heartbeats, limits and the catch-up size of the live socket."""

    model_config = service_config("GATEWAY_WS")

    heartbeat_seconds: float = Field(default=25.0, gt=0)
    auth_timeout_seconds: float = Field(default=5.0, gt=0)
    max_message_bytes: int = Field(default=4096, ge=256)
    max_subscriptions: int = Field(default=100, ge=1)
    max_sockets_per_user: int = Field(default=20, ge=1)
    send_queue: int = Field(default=256, ge=8)
    catch_up_limit: int = Field(default=100, ge=1, le=100)
