"""Resource lists and window-less searches are read from each gateway's page cache, which catalog's
events keep true: a repeated query is answered without catalog, a strong ETag and 304, every
kind of change visible in the next page within a second (on every gateway replica), one page per
query and never a page of another query, whoever asks."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import Session
from tests.e2e.support_catalog import cache_hits, new_resource, served_from_cache, unique
from tests.e2e.support_notify import gateway_replica

LIST = "/api/v1/resources"
SEARCH = "/api/v1/resources/search"


def new_tag() -> str:
    return "t" + uuid.uuid4().hex[:10]


async def page_hits(gateway: httpx.AsyncClient) -> float:
    return await cache_hits(gateway, "page")


async def until_cached(gateway: httpx.AsyncClient, who: Session, params: dict[str, str]) -> httpx.Response:
    return await served_from_cache(gateway, who, LIST, params)


async def within_a_second(
    gateway: httpx.AsyncClient, who: Session, params: dict[str, str], etag: str, shows: Callable[[Any], bool]
) -> httpx.Response:
    """Asks with the old ETag until the page shows the change: a 200 with a new tag within 1 s."""
    began = time.monotonic()
    while True:
        seen = await gateway.get(LIST, params=params, headers={**who.auth, "If-None-Match": etag})
        if seen.status_code == 200 and shows(seen.json()):
            assert seen.headers["etag"] != etag
            return seen
        assert seen.status_code in (200, 304), seen.text
        assert time.monotonic() - began < 1.0, "the change did not show in the list within a second"
        await asyncio.sleep(0.02)


def names(page: dict[str, Any]) -> list[str]:
    return [r["name"] for r in page["data"]]


async def test_a_repeated_query_is_answered_without_catalog(
    api: httpx.AsyncClient, admin: Session, user: Session, rr_stack: Stack
) -> None:
    tag = new_tag()
    made = [await new_resource(api, admin, tags=[tag, "listcache"]) for _ in range(3)]
    params = {"tags": f"{tag},listcache", "sort_by": "name", "limit": "2"}
    first = await until_cached(api, user, params)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/"), "a strong validator"
    assert first.headers["cache-control"] == "no-cache"
    assert names(first.json()) == sorted(r["name"] for r in made)[:2]
    before = await page_hits(api)
    # The same query spelt otherwise: parameters in another order, tags swapped, defaults written out.
    same = {"limit": "2", "sort_order": "asc", "tags": f"listcache,{tag}", "sort_by": "name", "q": ""}
    catalog = rr_stack.process("catalog")
    assert catalog is not None
    catalog.pause()  # SIGSTOP: catalog answers nothing until resumed
    try:
        again = await api.get(LIST, params=same, headers=user.auth, timeout=3)
        searched = await api.get(SEARCH, params=params, headers=admin.auth, timeout=3)
        unchanged = await api.get(LIST, params=params, headers={**user.auth, "If-None-Match": etag}, timeout=3)
    finally:
        catalog.resume()
    assert (again.status_code, again.content, again.headers["etag"]) == (200, first.content, etag)
    assert (searched.status_code, searched.headers["etag"]) == (200, etag), "a search without a window is the list"
    assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", etag)
    assert await page_hits(api) == before + 3
    following = await api.get(LIST, params={**params, "cursor": first.json()["next_cursor"]}, headers=user.auth)
    assert names(following.json()) == sorted(r["name"] for r in made)[2:], "the next page is a page of its own"


async def test_every_kind_of_change_shows_in_the_next_page_within_a_second(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    tag = new_tag()
    room = await new_resource(api, admin, tags=[tag])
    params = {"tags": tag, "include_total": "true"}
    etag = (await until_cached(api, user, params)).headers["etag"]

    renamed = unique("Renamed ")
    assert (await api.patch(f"{LIST}/{room['id']}", json={"name": renamed}, headers=admin.auth)).status_code == 200
    etag = (await within_a_second(api, user, params, etag, lambda p: names(p) == [renamed])).headers["etag"]

    other = await new_resource(api, admin, tags=[tag])
    seen = await within_a_second(api, user, params, etag, lambda p: p["total_count"] == 2)
    assert other["name"] in names(seen.json())
    etag = seen.headers["etag"]

    out = await api.put(f"{LIST}/{room['id']}/status/unavailable", json={"reason": "repairs"}, headers=admin.auth)
    assert out.status_code == 200, out.text

    def out_of_service(page: dict[str, Any]) -> bool:
        return any(r["id"] == room["id"] and r["status"] == "unavailable" for r in page["data"])

    etag = (await within_a_second(api, user, params, etag, out_of_service)).headers["etag"]
    available = {**params, "status": "available"}
    assert names((await api.get(LIST, params=available, headers=user.auth)).json()) == [other["name"]]

    assert (await api.delete(f"{LIST}/{other['id']}", headers=admin.auth)).status_code == 204
    await within_a_second(api, user, params, etag, lambda p: names(p) == [renamed])


async def test_callers_and_queries_never_share_what_differs(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    """Catalog answers a query alike for every caller (anonymous included), so they share a page;
    what differs between them, the query or a deprecation notice, never crosses."""
    tag, other_tag = new_tag(), new_tag()
    mine, theirs = await new_resource(api, admin, tags=[tag]), await new_resource(api, admin, tags=[other_tag])
    params = {"tags": tag}
    page = await until_cached(api, user, params)
    anonymous = await api.get(LIST, params=params)
    as_admin = await api.get(LIST, params=params, headers=admin.auth)
    assert [r.headers["etag"] for r in (anonymous, as_admin)] == [page.headers["etag"]] * 2
    assert names(as_admin.json()) == [mine["name"]]
    their_page = await api.get(LIST, params={"tags": other_tag}, headers=admin.auth)
    assert names(their_page.json()) == [theirs["name"]] and their_page.headers["etag"] != page.headers["etag"]
    refused = await api.get(LIST, params=params, headers={"Authorization": "Bearer not-a-token"})
    assert refused.status_code == 401, "a cached page is still only for callers who may read it"
    legacy = await api.get(LIST, params={**params, "status": "all"}, headers=user.auth)
    assert legacy.headers["etag"] == page.headers["etag"] and "deprecation" in legacy.headers
    assert "deprecation" not in (await api.get(LIST, params=params, headers=user.auth)).headers


async def test_a_change_through_one_gateway_shows_in_a_list_on_another_within_a_second(
    api: httpx.AsyncClient, admin: Session, user: Session, rr_stack: Stack
) -> None:
    tag = new_tag()
    room = await new_resource(api, admin, tags=[tag])
    params = {"tags": tag}
    async with gateway_replica(rr_stack) as other_url, httpx.AsyncClient(base_url=other_url, timeout=15) as other:
        etags = [(await until_cached(g, user, params)).headers["etag"] for g in (api, other)]
        renamed = unique("Renamed ")
        changed = await api.patch(f"{LIST}/{room['id']}", json={"name": renamed}, headers=admin.auth)
        assert changed.status_code == 200, changed.text
        await within_a_second(other, user, params, etags[1], lambda p: names(p) == [renamed])
        etag = (await until_cached(other, user, params)).headers["etag"]
        added = await new_resource(api, admin, tags=[tag])
        await within_a_second(other, user, params, etag, lambda p: names(p) == [renamed, added["name"]])


async def test_labels_and_groups_changed_through_one_gateway_show_on_another_within_a_second(
    api: httpx.AsyncClient, admin: Session, user: Session, rr_stack: Stack
) -> None:
    """A label renamed, a resource moved into a group and a group moved under another are catalog
    events too: another replica's cached pages show them within a second, not at their expiry."""
    tag = new_tag()
    made = await api.post("/api/v1/labels", json={"name": unique("Label")}, headers=admin.auth)
    assert made.status_code == 201, made.text
    label = made.json()
    room = await new_resource(api, admin, tags=[tag], label_ids=[label["id"]])
    groups = [
        (await api.post("/api/v1/resource-groups", json={"name": unique(n)}, headers=admin.auth)).json()
        for n in ("Wing ", "Campus ")
    ]
    wing, campus = groups
    params = {"tags": tag}
    in_wing, on_campus = {**params, "group_id": str(wing["id"])}, {**params, "group_id": str(campus["id"])}
    async with gateway_replica(rr_stack) as other_url, httpx.AsyncClient(base_url=other_url, timeout=15) as other:
        etags = [(await until_cached(other, user, query)).headers["etag"] for query in (params, in_wing, on_campus)]
        assert [names((await other.get(LIST, params=q, headers=user.auth)).json()) for q in (in_wing, on_campus)] == [
            [],
            [],
        ]

        renamed = unique("Label")
        changed = await api.patch(f"/api/v1/labels/{label['id']}", json={"name": renamed}, headers=admin.auth)
        assert changed.status_code == 200, changed.text
        await within_a_second(
            other, user, params, etags[0], lambda p: [x["name"] for x in p["data"][0]["labels"]] == [renamed]
        )

        moved = await api.post(
            f"/api/v1/resource-groups/{wing['id']}/resources", json={"resource_ids": [room["id"]]}, headers=admin.auth
        )
        assert moved.status_code == 200, moved.text
        await within_a_second(other, user, in_wing, etags[1], lambda p: names(p) == [room["name"]])

        etag = (await until_cached(other, user, on_campus)).headers["etag"]
        assert etag == etags[2], "the campus page was still the empty one"
        under = await api.patch(
            f"/api/v1/resource-groups/{wing['id']}", json={"parent_id": campus["id"]}, headers=admin.auth
        )
        assert under.status_code == 200, under.text
        await within_a_second(other, user, on_campus, etag, lambda p: names(p) == [room["name"]])


async def test_a_write_through_a_gateway_shows_in_its_next_read_at_once(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    """The writer's gateway empties its caches as it answers, so its next read needs no event: a
    label renamed shows at once too."""
    tag = new_tag()
    made = await api.post("/api/v1/labels", json={"name": unique("Label")}, headers=admin.auth)
    assert made.status_code == 201, made.text
    label = made.json()
    room = await new_resource(api, admin, tags=[tag], label_ids=[label["id"]])
    params = {"tags": tag}
    await until_cached(api, user, params)
    renamed = unique("Label")
    assert (await api.patch(f"/api/v1/labels/{label['id']}", json={"name": renamed}, headers=admin.auth)).is_success
    page = (await api.get(LIST, params=params, headers=user.auth)).json()
    assert [x["name"] for x in page["data"][0]["labels"]] == [renamed]
    await until_cached(api, user, params)
    moved = unique("Moved ")
    assert (await api.patch(f"{LIST}/{room['id']}", json={"name": moved}, headers=admin.auth)).is_success
    assert names((await api.get(LIST, params=params, headers=user.auth)).json()) == [moved], "without a wait"
