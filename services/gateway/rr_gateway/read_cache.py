"""Resources and resource lists read from caches that catalog's events keep true, in the gateway.

Why the gateway: a hit then costs no gRPC hop, no catalog work and no token re-check in catalog,
which is most of a read's CPU; and each replica follows catalog's events anyway (live pushes).

What is cached is the same for every caller, so no answer crosses from one user to another, and
keys hold no caller part (never a token): `GetResource` and `ListResources` answer every verified
principal alike (catalog has no per-user visibility, no field that depends on who asks; only the
right to read is checked), and an anonymous reader of a public catalog gets the same. The caller
is still authorised on every request before a lookup. Should catalog ever answer by role, the
class of caller that makes answers differ belongs in `page_key`. Two caches:
* one resource (`GET /resources/{id}`), keyed by id;
* one page of the list (`GET /resources`, and `GET /resources/search` without a window, which
  asks catalog the same), keyed by the normalised query (`page_key`), so equal queries share it.
What also depends on booking (a search with `available_from`/`available_until`, available-slots)
is never cached here: booking's changes do not empty these caches.

Correctness rests on three rules:
* any event of catalog's stream empties the cache (writes are rare next to reads, and one rule
  cannot miss a field: hours, labels, groups and status all show in a resource, and any of them
  can move a resource into or out of a page or reorder it);
* an answer fetched while an event arrived is not stored (a generation counter), so a read that
  raced a change cannot put the old value back;
* while this replica is not subscribed to catalog's events (NATS away) nothing is served from
  the cache nor stored in it.
A catalog write answered through a replica also empties that replica's caches as its answer
starts (`ClearOnCatalogWrites`): the writer's next read through it sees the change without
waiting for the event. Entries expire after `TTL_SECONDS`, a bound on any staleness the rules
above cannot see (an event lost to this replica). Each cache is bounded in entries and in bytes,
least recently used first out.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request, Response
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from prometheus_client import Counter
from rr.catalog.v1 import catalog_pb2
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rr_common.logs import get_logger
from rr_common.nats_conn import NatsConnection
from rr_gateway.deprecation import API_PREFIX, deprecation_headers

log = get_logger("rr.gateway.read_cache")
LOOKUPS = Counter("rr_read_cache_lookups_total", "Resource reads by cache and outcome", ["cache", "outcome"])
SUBJECTS = "rr.catalog.>"
TTL_SECONDS = 60.0
MAX_ENTRIES = 10_000
MAX_BYTES = 16 * 1024 * 1024
# Pages are larger (up to 100 resources) and fewer queries are popular than resources.
PAGE_ENTRIES = 2_000
PAGE_BYTES = 32 * 1024 * 1024
# The API families whose writes change what catalog answers (resources, their hours, blackouts,
# status, labels, groups, site calendar); a write elsewhere (a booking) leaves the caches alone.
CATALOG_WRITES = tuple(
    API_PREFIX + family for family in ("/resources", "/labels", "/resource-groups", "/site", "/blackout-dates")
)
READS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Cached:
    body: bytes
    etag: str
    stored_at: float


def etag_of(body: bytes) -> str:
    """Strong: the same bytes, the same tag, on every replica."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def page_key(filters: catalog_pb2.ListResourcesRequest) -> str:
    """One key per distinct list query: the request as the filters dependency normalised it
    (defaults filled in, deprecated values mapped), with the order-free lists sorted."""
    query = catalog_pb2.ListResourcesRequest()
    query.CopyFrom(filters)
    for words in (query.tags, query.tags_any):
        words[:] = sorted(words)
    for ids in (query.label_ids, query.only_ids):
        ids[:] = sorted(ids)
    return hashlib.blake2b(query.SerializeToString(deterministic=True), digest_size=16).hexdigest()


class ResourceCache:
    def __init__(
        self,
        nats: NatsConnection,
        ttl: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        enabled: bool = True,
        *,
        name: str = "resource",
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self._nats = nats
        self._enabled = enabled
        self._ttl = ttl
        self._max = max_entries
        self._max_bytes = max_bytes
        self._name = name
        self._bytes = 0
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
        log.info("resource cache follows catalog's events", cache=self._name, subjects=SUBJECTS)

    async def _on_event(self, _: Msg) -> None:
        self.clear()

    def clear(self) -> None:
        self._generation += 1
        self._entries.clear()
        self._bytes = 0

    def get(self, key: str) -> Cached | None:
        if not self.active:
            self.clear()  # events may have been missed while away: start over when back
            LOOKUPS.labels(self._name, "bypassed").inc()
            return None
        found = self._entries.get(key)
        if found is None or time.monotonic() - found.stored_at > self._ttl:
            LOOKUPS.labels(self._name, "miss").inc()
            return None
        self._entries.move_to_end(key)
        LOOKUPS.labels(self._name, "hit").inc()
        return found

    def put(self, key: str, body: bytes, fetched_at_generation: int) -> Cached:
        cached = Cached(body, etag_of(body), time.monotonic())
        if self.active and fetched_at_generation == self._generation and len(body) <= self._max_bytes:
            self._drop(key)
            self._entries[key] = cached
            self._bytes += len(body)
            while len(self._entries) > self._max or self._bytes > self._max_bytes:
                self._drop(next(iter(self._entries)))
        return cached

    def _drop(self, key: str) -> None:
        gone = self._entries.pop(key, None)
        if gone is not None:
            self._bytes -= len(gone.body)

    async def served(self, request: Request, key: str, fetch: Callable[[], Awaitable[bytes]]) -> Response:
        """The answer under `key`, fetched and stored on a miss, as `conditional` renders it."""
        cached = self.get(key)
        if cached is None:
            generation = self._generation
            cached = self.put(key, await fetch(), generation)
        return conditional(request, cached)

    async def stop(self) -> None:
        if self._sub is not None:
            with contextlib.suppress(Exception):
                await self._sub.unsubscribe()


def conditional(request: Request, cached: Cached) -> Response:
    """The cached answer, or 304 when the caller already holds it (If-None-Match)."""
    # no-cache: clients may keep it but must ask again; the 304 makes asking cheap.
    # A deprecated query value (status=all, ...) still says so on a cached answer.
    headers = {"ETag": cached.etag, "Cache-Control": "no-cache", **deprecation_headers()}
    wanted = request.headers.get("if-none-match", "")
    if wanted and (wanted.strip() == "*" or cached.etag in (tag.strip() for tag in wanted.split(","))):
        return Response(status_code=304, headers=headers)
    return Response(content=cached.body, media_type="application/json", headers=headers)


class ClearOnCatalogWrites:
    """Empties this replica's caches when a catalog write's answer starts, success or not (a
    refused write costs a refill, a write that timed out may still have happened)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READS or not scope["path"].startswith(CATALOG_WRITES):
            await self.app(scope, receive, send)
            return
        state = scope["app"].state

        async def clear_then_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                for name in ("resource_cache", "resource_page_cache"):
                    cache: ResourceCache | None = getattr(state, name, None)
                    if cache is not None:
                        cache.clear()
            await send(message)

        await self.app(scope, receive, clear_then_send)
