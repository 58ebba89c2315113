"""Rate limits: a moving window on Redis (shared by every gateway replica, one round trip per
request, see `windows`) or in process. Tiers: anonymous by client IP, signed-in by user, admin, and a stricter
limit on sign-in: per account name, plus a generous cap per client address (many people sign in
from one office address). Every answer carries X-RateLimit-* (of the budget closest to running
out); a 429 carries Retry-After. If Redis is down the gateway keeps serving (fail open, counted)
unless configured to fail closed."""

from __future__ import annotations

import ipaddress
import json
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from limits import RateLimitItem, parse
from prometheus_client import Counter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rr_common.errors import DomainError
from rr_common.logs import get_logger
from rr_common.tokens import TokenVerifier
from rr_gateway.config import Settings
from rr_gateway.error_codes import RateLimitUnavailable
from rr_gateway.signin import BodyGone, read_reset_request, read_sign_in
from rr_gateway.windows import WindowCounter

log = get_logger("rr.gateway.ratelimit")
REJECTED = Counter("rr_rate_limit_rejected_total", "Requests refused by rate limiting", ["tier"])
BACKEND_ERRORS = Counter("rr_rate_limit_backend_errors_total", "Rate-limit checks that could not reach storage")
SIGN_IN_PATH = "/api/v1/token"
# Sign-up and first-run setup: per address at the login rate, in a bucket apart from sign-in's.
SIGN_UP_PATHS = ("/api/v1/register", "/api/v1/setup/initialize")
# A password-reset request may send a mail: per address at the login rate, and per name asked about.
PASSWORD_RESET_PATH = "/api/v1/auth/password-reset"
# Only the API is limited: the web app's files, probes and metrics are cheap to serve, and
# one page load fetches a dozen assets that must not eat a user's API budget.
LIMITED_PREFIX = "/api/"


@dataclass(frozen=True)
class Tiers:
    anonymous: RateLimitItem
    user: RateLimitItem
    admin: RateLimitItem
    login: RateLimitItem
    login_per_address: RateLimitItem
    password_reset: RateLimitItem

    @classmethod
    def from_settings(cls, s: Settings) -> Tiers:
        return cls(
            parse(s.rate_limit_anonymous),
            parse(s.rate_limit_user),
            parse(s.rate_limit_admin),
            parse(s.rate_limit_login),
            parse(s.rate_limit_login_per_address),
            parse(s.rate_limit_password_reset),
        )


@dataclass(frozen=True)
class Budget:
    """One limit a request counts against: tier (metrics label and storage namespace), item, key."""

    tier: str
    item: RateLimitItem
    key: str


@dataclass(frozen=True)
class Refusal:
    detail: str
    budget: Budget


@dataclass(frozen=True)
class Usage:
    tier: str
    limit: int
    remaining: int
    reset_at: int
    window_seconds: int


class RateLimitView:
    """Read-only look at a caller's budget, for the API-usage endpoint (same storage, no hit)."""

    def __init__(self, storage: WindowCounter, tiers: Tiers) -> None:
        self._windows = storage
        self._tiers = tiers

    async def usage_of(self, user_id: int, is_admin: bool) -> Usage:
        tier, item = ("admin", self._tiers.admin) if is_admin else ("user", self._tiers.user)
        window = await self._windows.peek(item, tier, f"user:{user_id}")
        return Usage(tier, item.amount, window.remaining, int(window.reset_at), item.get_expiry())


class RateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, settings: Settings, verifier_holder: dict[str, TokenVerifier], windows: WindowCounter
    ) -> None:
        self.app = app
        self.tiers = Tiers.from_settings(settings)
        self.windows = windows
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

    async def identify(self, scope: Scope) -> Budget:
        """The budget of a request other than a sign-in: by signed-in user or client, else by address."""
        if scope["path"] in SIGN_UP_PATHS:
            return Budget("signup", self.tiers.login, f"ip:{self.client_ip(scope)}")
        auth = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer ") and (verifier := self.verifier_holder.get("verifier")):
            try:
                principal = await verifier.verify(auth[7:].strip())
            except DomainError:
                principal = None
            if principal is not None:
                scope.setdefault("state", {})["principal"] = principal
                # Service tokens have no user: each OAuth2 client gets a budget of its own.
                key = (
                    f"user:{principal.user_id}"
                    if principal.user_id
                    else f"client:{getattr(principal, 'client_id', '')}"
                )
                if principal.is_admin:
                    return Budget("admin", self.tiers.admin, key)
                return Budget("user", self.tiers.user, key)
        return Budget("anonymous", self.tiers.anonymous, f"ip:{self.client_ip(scope)}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIX):
            await self.app(scope, receive, send)
            return
        try:
            if scope["path"] == SIGN_IN_PATH:
                refused, headers, receive = await self._sign_in(scope, receive)
            elif scope["path"] == PASSWORD_RESET_PATH:
                refused, headers, receive = await self._password_reset(scope, receive)
            else:
                budget = await self.identify(scope)
                refused, headers = await self._hit(budget, "Too many requests")
        except BodyGone:
            return  # the client left, or RequestGuard has answered already
        except Exception as exc:  # noqa: BLE001 - storage down: degrade as configured
            BACKEND_ERRORS.inc()
            log.warning(
                "rate-limit storage unavailable", error=str(exc) or type(exc).__name__, fail_open=self.fail_open
            )
            if not self.fail_open:
                await _send_json(
                    send,
                    503,
                    {
                        "detail": "Rate limiting is unavailable; try again shortly.",
                        "code": RateLimitUnavailable.default_code,
                    },
                    [(b"retry-after", b"5")],
                )
                return
            await self.app(scope, receive, send)
            return
        if refused is not None:
            await self._refuse(send, refused, headers)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_limits)

    async def _sign_in(
        self, scope: Scope, receive: Receive
    ) -> tuple[Refusal | None, list[tuple[bytes, bytes]], Receive]:
        by_address = Budget("login_address", self.tiers.login_per_address, f"ip:{self.client_ip(scope)}")
        return await self._address_then_account(
            scope, receive, by_address, read_sign_in, ("login", self.tiers.login), "sign-in attempts"
        )

    async def _password_reset(
        self, scope: Scope, receive: Receive
    ) -> tuple[Refusal | None, list[tuple[bytes, bytes]], Receive]:
        """Like sign-in; the name asked about is counted whether or not such an account exists
        (the refusal must not tell them apart)."""
        by_address = Budget("reset_address", self.tiers.login, f"ip:{self.client_ip(scope)}")
        return await self._address_then_account(
            scope,
            receive,
            by_address,
            read_reset_request,
            ("reset", self.tiers.password_reset),
            "password-reset requests",
        )

    async def _address_then_account(
        self,
        scope: Scope,
        receive: Receive,
        by_address: Budget,
        read_account: Callable[[Scope, Receive], Awaitable[tuple[str, Receive]]],
        per_account: tuple[str, RateLimitItem],
        what: str,
    ) -> tuple[Refusal | None, list[tuple[bytes, bytes]], Receive]:
        """The address cap first (so a flood from one address is refused before its body is
        read), then the budget (tier, item) of the account the body names, the one that usually
        decides; `what` is counted ("sign-in attempts")."""
        refused, headers = await self._hit(by_address, f"Too many {what} from this address")
        if refused is not None or scope["method"] != "POST":
            return refused, headers, receive
        account, receive = await read_account(scope, receive)
        if not account:
            return None, headers, receive  # the route refuses a body without a name
        tier, item = per_account
        refused, account_headers = await self._hit(Budget(tier, item, account), f"Too many {what} for this account")
        # Report the budget closer to running out: that is the one the caller must mind.
        if refused is not None or _remaining(account_headers) <= _remaining(headers):
            headers = account_headers
        return refused, headers, receive

    async def _hit(self, budget: Budget, what: str) -> tuple[Refusal | None, list[tuple[bytes, bytes]]]:
        window = await self.windows.hit(budget.item, budget.tier, budget.key)
        headers = [
            (b"x-ratelimit-limit", str(budget.item.amount).encode()),
            (b"x-ratelimit-remaining", str(window.remaining).encode()),
            (b"x-ratelimit-reset", str(math.ceil(window.reset_at)).encode()),
        ]
        return (None if window.allowed else Refusal(what, budget)), headers

    async def _refuse(self, send: Send, refused: Refusal, headers: list[tuple[bytes, bytes]]) -> None:
        REJECTED.labels(refused.budget.tier).inc()
        reset = int(dict(headers)[b"x-ratelimit-reset"])
        retry_after = max(1, math.ceil(reset - time.time()))
        body = {
            "detail": f"{refused.detail}; try again in {seconds(retry_after)}.",
            "code": "rate_limited",
            "retry_after": retry_after,
        }
        await _send_json(send, 429, body, [*headers, (b"retry-after", str(retry_after).encode())])


def seconds(n: int) -> str:
    return "1 second" if n == 1 else f"{n} seconds"


def _remaining(headers: list[tuple[bytes, bytes]]) -> int:
    return int(dict(headers)[b"x-ratelimit-remaining"])


async def _send_json(send: Send, status: int, body: dict[str, object], headers: list[tuple[bytes, bytes]]) -> None:
    raw = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": raw})
