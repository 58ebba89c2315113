"""Waitlist's client of auth: the client-credentials grant its offer saga calls booking with
(verifying users' tokens goes through the kernel's JWKS cache, see `app.build`)."""

from __future__ import annotations

from rr_common.logs import get_logger
from rr_common.service_tokens import ServiceTokenProvider
from rr_waitlist.config import Settings

log = get_logger("rr.waitlist")


def service_tokens(settings: Settings) -> ServiceTokenProvider | None:
    """The waitlist's own tokens, or None (with a warning) when it has no client credentials."""
    secret = settings.client_secret.get_secret_value()
    if not (settings.client_id and secret):
        log.warning(
            "no client credentials: waitlist offers cannot be made",
            hint="set RR_WAITLIST_CLIENT_ID and RR_WAITLIST_CLIENT_SECRET",
        )
        return None
    return ServiceTokenProvider.from_grpc(
        settings.auth_target, settings.client_id, secret, settings.client_scopes.split()
    )
