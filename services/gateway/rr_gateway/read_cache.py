"""Resources read from a cache that catalog's events keep true, in the gateway.

Why the gateway: a hit then costs no gRPC hop, no catalog work and no token re-check in catalog,
which is most of a read's CPU; and each replica follows catalog's events anyway (live pushes).
What it holds is the same for every caller (a resource's public fields), so no answer crosses
from one user to another; the caller is still authorised on every request before a lookup.

Correctness rests on three rules:
* any event of catalog's stream empties the cache (writes are rare next to reads, and one rule
  cannot miss a field: hours, labels, groups and status all show in a resource);
* an answer fetched while an event arrived is not stored (a generation counter), so a read that
  raced a change cannot put the old value back;
* while this replica is not subscribed to catalog's events (NATS away) nothing is served from
  the cache nor stored in it.
Entries also expire after `TTL_SECONDS`, a bound on any staleness the rules above cannot see.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import Request, Response
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from prometheus_client import Counter

from rr_common.logs import get_logger
from rr_common.nats_conn import NatsConnection

log = get_logger("rr.gateway.read_cache")
LOOKUPS = Counter("rr_read_cache_lookups_total", "Resource reads by cache outcome", ["outcome"])
SUBJECTS = "rr.catalog.>"
TTL_SECONDS = 60.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Cached:
    body: bytes
    etag: str
    stored_at: float


def etag_of(body: bytes) -> str:
    """Strong: the same bytes, the same tag, on every replica."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class ResourceCache:
    def __init__(
        self, nats: NatsConnection, ttl: float = TTL_SECONDS, max_entries: int = MAX_ENTRIES, enabled: bool = True
    ) -> None:
        self._nats = nats
        self._enabled = enabled
        self._ttl = ttl
        self._max = max_entries
        self._entries: OrderedDict[str, Cached] = OrderedDict()
        self._generation = 0
        self._sub: Subscription | None = None

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def active(self) -> bool:
        return self._enabled and self._sub is not None and self._nats.connected

    async def start(self) -> None:
        """Subscribe once NATS is connected; the client restores the subscription on reconnect."""
        await self._nats.jetstream()
        client = self._nats.client
        assert client is not None
        self._sub = await client.subscribe(SUBJECTS, cb=self._on_event)
        log.info("resource cache follows catalog's events", subjects=SUBJECTS)

    async def _on_event(self, _: Msg) -> None:
        self.clear()

    def clear(self) -> None:
        self._generation += 1
        self._entries.clear()

    def get(self, key: str) -> Cached | None:
        if not self.active:
            self.clear()  # events may have been missed while away: start over when back
            LOOKUPS.labels("bypassed").inc()
            return None
        found = self._entries.get(key)
        if found is None or time.monotonic() - found.stored_at > self._ttl:
            LOOKUPS.labels("miss").inc()
            return None
        LOOKUPS.labels("hit").inc()
        return found

    def put(self, key: str, body: bytes, fetched_at_generation: int) -> Cached:
        cached = Cached(body, etag_of(body), time.monotonic())
        if self.active and fetched_at_generation == self._generation:
            self._entries[key] = cached
            self._entries.move_to_end(key)
            if len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return cached

    async def stop(self) -> None:
        if self._sub is not None:
            with contextlib.suppress(Exception):
                await self._sub.unsubscribe()


def conditional(request: Request, cached: Cached) -> Response:
    """The cached answer, or 304 when the caller already holds it (If-None-Match)."""
    # no-cache: clients may keep it but must ask again; the 304 makes asking cheap.
    headers = {"ETag": cached.etag, "Cache-Control": "no-cache"}
    wanted = request.headers.get("if-none-match", "")
    if wanted and (wanted.strip() == "*" or cached.etag in (tag.strip() for tag in wanted.split(","))):
        return Response(status_code=304, headers=headers)
    return Response(content=cached.body, media_type="application/json", headers=headers)
