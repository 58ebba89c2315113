"""The read caches' own rules, without a stack: equal list queries share a key and different ones
never do, an event empties the cache, a read that raced an event is not stored, nothing is served
while unsubscribed, and the bounds on entries and bytes hold."""

from __future__ import annotations

from typing import Any

from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_gateway.read_cache import ResourceCache, page_key


class FakeSubscription:
    async def unsubscribe(self) -> None:
        return None


class FakeNats:
    """What the cache uses of a NatsConnection: connect, subscribe, deliver an event."""

    def __init__(self) -> None:
        self.connected = True
        self.client = self
        self.deliver: Any = None

    async def jetstream(self) -> None:
        return None

    async def subscribe(self, subject: str, cb: Any) -> FakeSubscription:
        assert subject == "rr.catalog.>"
        self.deliver = cb
        return FakeSubscription()


async def following(**options: Any) -> tuple[ResourceCache, FakeNats]:
    nats = FakeNats()
    cache = ResourceCache(nats, **options)  # type: ignore[arg-type]
    await cache.start()
    return cache, nats


def query(**fields: Any) -> catalog_pb2.ListResourcesRequest:
    return catalog_pb2.ListResourcesRequest(
        **{"page": common_pb2.PageRequest(limit=20), "sort_by": "created", **fields}
    )


class TestPageKey:
    def test_order_free_lists_share_a_key(self) -> None:
        a = query(tags=["lab", "quiet"], tags_any=["b", "a"], label_ids=[7, 3])
        b = query(tags=["quiet", "lab"], tags_any=["a", "b"], label_ids=[3, 7])
        assert page_key(a) == page_key(b)
        assert list(a.tags) == ["lab", "quiet"], "the request itself is left as it was"

    def test_every_parameter_that_changes_the_answer_changes_the_key(self) -> None:
        base = query()
        variants = [
            query(query="projector"),
            query(status="available"),
            query(tags=["lab"]),
            query(tags_any=["lab"]),
            query(capacity_min=0),
            query(group_id=2),
            query(location="building 1"),
            query(label_ids=[1]),
            query(sort_by="name"),
            query(sort_order="desc"),
            query(include_total=True),
            catalog_pb2.ListResourcesRequest(page=common_pb2.PageRequest(limit=21), sort_by="created"),
            catalog_pb2.ListResourcesRequest(page=common_pb2.PageRequest(limit=20, cursor="abc"), sort_by="created"),
        ]
        keys = {page_key(v) for v in variants}
        assert len(keys) == len(variants) and page_key(base) not in keys


class TestResourceCache:
    async def test_an_event_empties_it_and_a_raced_read_is_not_stored(self) -> None:
        cache, nats = await following()
        cache.put("1", b"old", cache.generation)
        assert cache.get("1") is not None
        before = cache.generation
        await nats.deliver(None)
        assert cache.get("1") is None
        cache.put("1", b"old", before)  # fetched before the event, answered after
        assert cache.get("1") is None
        cache.put("1", b"new", cache.generation)
        found = cache.get("1")
        assert found is not None and found.body == b"new"

    async def test_nothing_is_served_or_stored_while_unsubscribed(self) -> None:
        cache, nats = await following()
        cache.put("1", b"body", cache.generation)
        nats.connected = False
        assert cache.get("1") is None
        cache.put("2", b"body", cache.generation)
        nats.connected = True
        assert cache.get("1") is None and cache.get("2") is None, "events may have been missed meanwhile"

    async def test_bounded_in_entries_least_recently_used_out(self) -> None:
        cache, _ = await following(max_entries=2)
        for key in ("a", "b"):
            cache.put(key, b"x", cache.generation)
        assert cache.get("a") is not None  # a is now the most recently used
        cache.put("c", b"x", cache.generation)
        assert [cache.get(k) is not None for k in "abc"] == [True, False, True]

    async def test_bounded_in_bytes(self) -> None:
        cache, _ = await following(max_bytes=10)
        cache.put("a", b"12345", cache.generation)
        cache.put("b", b"12345", cache.generation)
        cache.put("b", b"1234", cache.generation)  # replacing an entry counts its new size only
        assert cache.get("a") is not None and cache.get("b") is not None
        cache.put("c", b"123", cache.generation)
        assert [cache.get(k) is not None for k in "abc"] == [False, True, True]
        cache.put("huge", b"x" * 11, cache.generation)
        assert cache.get("huge") is None and cache.get("b") is not None, "too big to keep, and evicts nothing"
        assert cache.put("huge", b"x" * 11, cache.generation).etag.startswith('"'), "still answered"
