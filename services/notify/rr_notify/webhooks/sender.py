"""One signed POST to a webhook target: short timeouts, no redirects, connected to the address
the guard checked, and an outcome with status code and latency (never an exception)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from rr_notify.webhooks.guard import BlockedTarget, TargetPolicy
from rr_notify.webhooks.signing import HEADER, signature_header

USER_AGENT = "ResourceReserver-Webhooks/1"


@dataclass(frozen=True)
class AttemptResult:
    status_code: int
    latency_ms: int
    error: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300


class WebhookSender:
    def __init__(self, policy: TargetPolicy, timeout: float) -> None:
        self.policy = policy
        # Connection reuse across deliveries; redirects could lead anywhere, so none are followed.
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    async def post(self, url: str, secret: str, body: str, delivery_id: int, event_type: str) -> AttemptResult:
        started = time.perf_counter()
        try:
            target = await self.policy.check(url)
        except BlockedTarget as exc:
            return AttemptResult(0, 0, str(exc))
        except Exception as exc:  # noqa: BLE001 - a malformed stored URL is a failed attempt, not a crash
            return AttemptResult(0, 0, f"The webhook URL cannot be used: {exc}")
        raw = body.encode()
        headers = {
            "Host": target.host,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            HEADER: signature_header(secret, raw),
            "X-RR-Delivery": str(delivery_id),
            # The same key on every attempt of a delivery: a receiver that sees it twice (a retry
            # after a lost answer) can answer 2xx and do nothing.
            "Idempotency-Key": str(delivery_id),
            "X-RR-Event": event_type,
        }
        extensions = {"sni_hostname": target.server_name} if target.connect_url.startswith("https") else {}
        try:
            # Streamed and never read: only the status matters, and a huge answer costs nothing.
            async with self.client.stream(
                "POST", target.connect_url, content=raw, headers=headers, extensions=extensions
            ) as response:
                status = response.status_code
        except httpx.TimeoutException:
            return AttemptResult(0, _ms(started), "The receiver did not answer in time.")
        except httpx.HTTPError as exc:
            return AttemptResult(0, _ms(started), f"{type(exc).__name__}: {exc}"[:500])
        error = "" if 200 <= status < 300 else f"The receiver answered HTTP {status}."
        return AttemptResult(status, _ms(started), error)

    async def close(self) -> None:
        await self.client.aclose()


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
