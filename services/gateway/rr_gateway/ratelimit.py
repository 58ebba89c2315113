"""Rate limits with the `limits` library: moving window on Redis (shared by every gateway
replica) or in process. Tiers: anonymous by client IP, signed-in by user, admin, and a stricter
limit on sign-in. Every answer carries X-RateLimit-*; a 429 carries Retry-After. If Redis is
down the gateway keeps serving (fail open, counted) unless configured to fail closed."""

from __future__ import annotations

import ipaddress
import json
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from prometheus_client import Counter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rr_common.errors import DomainError
from rr_common.logs import get_logger
from rr_common.tokens import TokenVerifier
from rr_gateway.config import Settings

log = get_logger("rr.gateway.ratelimit")
REJECTED = Counter("rr_rate_limit_rejected_total", "Requests refused by rate limiting", ["tier"])
BACKEND_ERRORS = Counter("rr_rate_limit_backend_errors_total", "Rate-limit checks that could not reach storage")
LOGIN_PATHS = ("/api/v1/token", "/api/v1/register", "/api/v1/setup/initialize")
# Only the API is limited: the web app's files, probes and metrics are cheap to serve, and
# one page load fetches a dozen assets that must not eat a user's API budget.
LIMITED_PREFIX = "/api/"


def make_storage(redis_url: str) -> Storage:
    if redis_url:
        uri = redis_url.replace("redis://", "async+redis://", 1)
        return RedisStorage(uri, implementation="redispy", socket_timeout=0.5, socket_connect_timeout=0.5)
    return MemoryStorage()


@dataclass(frozen=True)
class Tiers:
    anonymous: RateLimitItem
    user: RateLimitItem
    admin: RateLimitItem
    login: RateLimitItem

    @classmethod
    def from_settings(cls, s: Settings) -> Tiers:
        return cls(parse(s.rate_limit_anonymous), parse(s.rate_limit_user), parse(s.rate_limit_admin), parse(s.rate_limit_login))


@dataclass(frozen=True)
class Usage:
    tier: str
    limit: int
    remaining: int
    reset_at: int
    window_seconds: int


class RateLimitView:
    """Read-only look at a caller's budget, for the API-usage endpoint (same storage, no hit)."""

    def __init__(self, storage: Storage, tiers: Tiers) -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._tiers = tiers

    async def usage_of(self, user_id: int, is_admin: bool) -> Usage:
        tier, item = ("admin", self._tiers.admin) if is_admin else ("user", self._tiers.user)
        stats = await self._limiter.get_window_stats(item, tier, f"user:{user_id}")
        return Usage(tier, item.amount, max(stats.remaining, 0), int(stats.reset_time), item.get_expiry())


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings, verifier_holder: dict[str, TokenVerifier], storage: Storage) -> None:
        self.app = app
        self.tiers = Tiers.from_settings(settings)
        self.limiter = MovingWindowRateLimiter(storage)
        self.fail_open = settings.rate_limit_fail_open
        self.trusted = [ipaddress.ip_network(n.strip()) for n in settings.trusted_proxies.split(",") if n.strip()]
        self.verifier_holder = verifier_holder

    def client_ip(self, scope: Scope) -> str:
        peer = str((scope.get("client") or ("unknown", 0))[0])
        forwarded = dict(scope["headers"]).get(b"x-forwarded-for")
        if forwarded and self._is_trusted(peer):
            # Walk from the right past our own proxies: the first untrusted hop is the client.
            for hop in reversed([h.strip() for h in forwarded.decode("latin-1").split(",") if h.strip()]):
                if not self._is_trusted(hop):
                    return str(hop)
        return str(peer)

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.trusted)

    async def identify(self, scope: Scope) -> tuple[str, RateLimitItem, str]:
        if scope["path"] in LOGIN_PATHS:
            return "login", self.tiers.login, f"ip:{self.client_ip(scope)}"
        auth = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer ") and (verifier := self.verifier_holder.get("verifier")):
            try:
                principal = await verifier.verify(auth[7:].strip())
            except DomainError:
                principal = None
            if principal is not None:
                scope.setdefault("state", {})["principal"] = principal
                # Service tokens have no user: each OAuth2 client gets a budget of its own.
                key = f"user:{principal.user_id}" if principal.user_id else f"client:{getattr(principal, 'client_id', '')}"
                if principal.is_admin:
                    return "admin", self.tiers.admin, key
                return "user", self.tiers.user, key
        return "anonymous", self.tiers.anonymous, f"ip:{self.client_ip(scope)}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIX):
            await self.app(scope, receive, send)
            return
        tier, item, key = await self.identify(scope)
        try:
            allowed = await self.limiter.hit(item, tier, key)
            stats = await self.limiter.get_window_stats(item, tier, key)
            remaining, reset = stats.remaining, int(stats.reset_time)
        except Exception as exc:  # noqa: BLE001 - storage down: degrade as configured
            BACKEND_ERRORS.inc()
            log.warning("rate-limit storage unavailable", error=str(exc) or type(exc).__name__, fail_open=self.fail_open)
            if not self.fail_open:
                await _send_json(send, 503, {"detail": "Rate limiting is unavailable; try again shortly.", "code": "rate_limit_unavailable"}, [(b"retry-after", b"5")])
                return
            await self.app(scope, receive, send)
            return
        limit_headers = [
            (b"x-ratelimit-limit", str(item.amount).encode()),
            (b"x-ratelimit-remaining", str(max(remaining, 0)).encode()),
            (b"x-ratelimit-reset", str(reset).encode()),
        ]
        if not allowed:
            REJECTED.labels(tier).inc()
            retry_after = max(1, math.ceil(reset - time.time()))
            await _send_json(
                send, 429,
                {"detail": f"Too many requests; try again in {retry_after} seconds.", "code": "rate_limited", "retry_after": retry_after},
                [*limit_headers, (b"retry-after", str(retry_after).encode())],
            )
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *limit_headers]
            await send(message)

        await self.app(scope, receive, send_with_limits)


async def _send_json(send: Send, status: int, body: dict[str, object], headers: list[tuple[bytes, bytes]]) -> None:
    raw = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode()), *headers]})
    await send({"type": "http.response.body", "body": raw})
