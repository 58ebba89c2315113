"""Gateway composition root: the FastAPI app factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from redis.asyncio import Redis

from rr_common.jwks_client import grpc_jwks_fetcher
from rr_common.nats_conn import NatsConnection
from rr_common.tokens import ACCOUNT_INACTIVE, JwksCache, TokenVerifier
from rr_gateway import live
from rr_gateway.admission import AdmissionLimit
from rr_gateway.config import Settings
from rr_gateway.errors import install_error_handlers
from rr_gateway.middleware import RequestContextMiddleware, RequestGuard
from rr_gateway.ratelimit import RateLimitMiddleware, RateLimitView, Tiers
from rr_gateway.read_cache import PAGE_BYTES, PAGE_ENTRIES, ClearOnCatalogWrites, ResourceCache
from rr_gateway.revocations import AccountGuard, RevocationFeed, Revocations, auth_vouches
from rr_gateway.routers import (
    admin_booking,
    analytics,
    announcements,
    api_usage,
    approvals,
    audit,
    auth,
    auth_admin,
    blackout_dates,
    bulk,
    calendar,
    labels,
    mfa,
    notifications,
    oauth,
    ops,
    quotas,
    reservations,
    resource_groups,
    resource_hours,
    resource_imports,
    resource_schedule,
    resource_search,
    resource_status,
    resources,
    roles,
    search,
    site_calendar,
    waitlist,
    webhooks,
)
from rr_gateway.routing import include_families
from rr_gateway.static import static_app
from rr_gateway.upstreams import Upstreams
from rr_gateway.windows import make_windows

API_PREFIX = "/api/v1"
# In matching order: a family whose paths another's could shadow comes first (the fixed paths
# under /resources before `/resources/{resource_id}`). Each is searched only for its own paths.
API_FAMILIES = (
    auth,
    resource_search,
    resource_imports,
    resource_status,
    resources,
    resource_hours,
    resource_groups,
    labels,
    search,
    blackout_dates,
    site_calendar,
    reservations,
    notifications,
    waitlist,
    mfa,
    roles,
    auth_admin,
    oauth,
    api_usage,
    approvals,
    quotas,
    admin_booking,
    resource_schedule,
    calendar,
    analytics,
    bulk,
    announcements,
    webhooks,
    audit,  # notify's
)
DESCRIPTION = "Book shared rooms, equipment and labs without double-booking. Every list is cursor-paginated; errors carry `detail` and `code`."


def create_app(settings: Settings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or Settings()
    holder: dict[str, TokenVerifier] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.upstreams = Upstreams.connect(settings)
        app.state.nats = NatsConnection(settings.nats_url, "rr-gateway")
        app.state.revocations = Revocations()
        app.state.revocation_feed = RevocationFeed(app.state.revocations, app.state.nats)
        guard = AccountGuard(app.state.revocations, app.state.revocation_feed, auth_vouches(app.state.upstreams.auth))
        app.state.verifier = verifier or TokenVerifier(
            JwksCache(grpc_jwks_fetcher(settings.auth_target)),
            settings.jwt_issuer,
            settings.jwt_audience,
            revoked=guard.denies,
        )
        holder["verifier"] = app.state.verifier
        app.state.redis = Redis.from_url(settings.redis_url, socket_timeout=1) if settings.redis_url else None
        app.state.nats.start()
        await live.start_live(app)
        app.state.revocations.on_deactivation(lambda who: app.state.live_hub.close_user(*who, ACCOUNT_INACTIVE))
        app.state.revocation_feed.start()
        app.state.resource_cache = ResourceCache(app.state.nats, enabled=settings.read_cache)
        app.state.resource_page_cache = ResourceCache(
            app.state.nats, enabled=settings.read_cache, name="page", max_entries=PAGE_ENTRIES, max_bytes=PAGE_BYTES
        )
        caches = (app.state.resource_cache, app.state.resource_page_cache)
        cache_follow = [asyncio.create_task(cache.start()) for cache in caches]
        yield
        for task in cache_follow:
            task.cancel()
        for cache in caches:
            await cache.stop()
        await app.state.revocation_feed.stop()
        await live.stop_live(app)
        await app.state.nats.close()
        if app.state.redis is not None:
            await app.state.redis.aclose()
        await app.state.upstreams.close()

    app = FastAPI(title="Resource Reserver API", version="1.0.0", description=DESCRIPTION, lifespan=lifespan)
    install_error_handlers(app)
    # Operations and the live socket first: probes and /metrics then search no API family.
    app.include_router(ops.router)
    live.install(app)
    include_families(app, [family.router for family in API_FAMILIES], prefix=API_PREFIX)
    if spa := static_app(settings.static_dir):
        app.mount("/", spa, name="web")
    # Added innermost first: the request passes context -> admission -> size limit -> rate limit -> CORS -> gzip
    # -> the read caches' clearing on catalog writes.
    app.add_middleware(ClearOnCatalogWrites)
    # Level 5 compresses nearly as well as 9 at a fraction of the CPU per response.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_methods=["*"], allow_headers=["*"], allow_credentials=True
        )
    windows = make_windows(settings.redis_url)
    app.state.rate_limits = RateLimitView(windows, Tiers.from_settings(settings))
    app.add_middleware(RateLimitMiddleware, settings=settings, verifier_holder=holder, windows=windows)
    app.add_middleware(
        RequestGuard,
        max_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        read_timeout=settings.body_read_timeout_seconds,
        max_header_bytes=settings.max_header_bytes,
    )
    # Outside the rate limit and token checks: a refusal at capacity costs next to nothing.
    app.add_middleware(
        AdmissionLimit,
        max_in_flight=settings.max_in_flight,
        max_queued=settings.max_queued,
        queue_timeout=settings.queue_timeout_seconds,
    )
    app.add_middleware(RequestContextMiddleware)
    return app
