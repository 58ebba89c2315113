"""Scripts written for the replaced system keep working: its paths and values answer as before,
each answer marked deprecated with a link to its successor; times without an offset stay a 422
that shows the form to use."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.support import Session, slot
from tests.e2e.support_catalog import API, new_resource, unique


def assert_deprecated(answer: httpx.Response, successor: str) -> None:
    assert answer.headers["deprecation"].startswith("@"), answer.headers
    assert answer.headers["link"] == f'<{API}{successor}>; rel="successor-version"', answer.headers["link"]


async def test_roles_under_their_old_paths(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    old, new = (
        await api.get(f"{API}/roles/", headers=admin.auth),
        await api.get(f"{API}/auth/roles/", headers=admin.auth),
    )
    assert old.status_code == 200, old.text
    assert old.json() == new.json() and "deprecation" not in new.headers
    assert_deprecated(old, "/auth/roles/")
    assigned = await api.post(
        f"{API}/roles/assign", json={"username": user.username, "role_name": "manager"}, headers=admin.auth
    )
    assert assigned.status_code == 200, assigned.text
    assert_deprecated(assigned, "/auth/roles/assign")
    mine = await api.get(f"{API}/roles/my-roles", headers=user.auth)
    assert mine.status_code == 200 and {r["name"] for r in mine.json()} >= {"user"}
    assert (await api.get(f"{API}/roles/", headers=user.auth)).status_code in (200, 403), "same rules as the new path"


async def test_put_replaces_a_resource_and_put_availability_switches_it(api: httpx.AsyncClient, admin: Session) -> None:
    room = await new_resource(api, admin, capacity=8, location="Floor 2", tags=["room"])
    name = unique("Replaced")
    put = await api.put(f"{API}/resources/{room['id']}", json={"name": name, "tags": ["lab"]}, headers=admin.auth)
    assert put.status_code == 200, put.text
    body: dict[str, Any] = put.json()
    assert (body["name"], body["tags"], body["capacity"], body["location"]) == (name, ["lab"], None, ""), (
        "a full update resets what is left out"
    )
    assert_deprecated(put, f"/resources/{room['id']}")

    off = await api.put(f"{API}/resources/{room['id']}/availability", json={"available": False}, headers=admin.auth)
    assert off.status_code == 200, off.text
    assert (off.json()["available"], off.json()["status"]) == (False, "unavailable")
    assert_deprecated(off, f"/resources/{room['id']}/status/unavailable")
    on = await api.put(f"{API}/resources/{room['id']}/availability", json={"available": True}, headers=admin.auth)
    assert on.json()["status"] == "available"
    # The GET beside it is not deprecated, and a bad body is a 422, not a 500.
    assert (
        "deprecation"
        not in (await api.get(f"{API}/resources/{room['id']}/availability", params={"date": "2031-01-06"})).headers
    )
    assert (
        await api.put(f"{API}/resources/{room['id']}/availability", json={"available": "maybe"}, headers=admin.auth)
    ).status_code == 422


async def test_old_list_values(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    tag = unique("legacy").replace(" ", "-").lower()
    first = await new_resource(api, admin, tags=[tag])
    second = await new_resource(api, admin, tags=[tag])
    await api.put(f"{API}/resources/{first['id']}/status/unavailable", json={}, headers=admin.auth)

    everything = await api.get(f"{API}/resources", params={"tags": tag, "status": "all"})
    assert everything.status_code == 200, everything.text
    assert {r["id"] for r in everything.json()["data"]} == {first["id"], second["id"]}
    assert_deprecated(everything, "/resources")
    by_id = await api.get(f"{API}/resources", params={"tags": tag, "sort_by": "id", "sort_order": "desc"})
    assert [r["id"] for r in by_id.json()["data"]] == [second["id"], first["id"]]
    by_status = await api.get(f"{API}/resources", params={"tags": tag, "sort_by": "status", "limit": 1})
    assert [r["status"] for r in by_status.json()["data"]] == ["available"]
    rest = await api.get(
        f"{API}/resources",
        params={"tags": tag, "sort_by": "status", "limit": 1, "cursor": by_status.json()["next_cursor"]},
    )
    assert [r["status"] for r in rest.json()["data"]] == ["unavailable"], "a deprecated sort pages like any other"
    assert (await api.get(f"{API}/resources", params={"tags": tag, "sort_by": "created_at"})).status_code == 200
    assert "deprecation" not in (await api.get(f"{API}/resources", params={"tags": tag})).headers

    room = await new_resource(api, admin)
    kept, dropped = [
        (
            await api.post(
                f"{API}/reservations",
                json={"resource_id": room["id"], "start_time": s, "end_time": e},
                headers=user.auth,
            )
        ).json()
        for s, e in (slot(days=11), slot(days=12))
    ]
    assert (await api.post(f"{API}/reservations/{dropped['id']}/cancel", json={}, headers=user.auth)).status_code == 200
    active = await api.get(
        f"{API}/reservations/my", params={"status": "active", "resource_id": room["id"]}, headers=user.auth
    )
    assert active.status_code == 200, active.text
    assert [r["id"] for r in active.json()["data"]] == [kept["id"]]
    assert_deprecated(active, "/reservations/my?status=confirmed")


async def test_error_answers_of_old_routes_are_marked_too(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    """A script that only ever sees errors from an old path still learns it is deprecated."""
    missing = await api.put(f"{API}/resources/{2**40}", json={"name": unique("Ghost")}, headers=admin.auth)
    assert missing.status_code == 404, missing.text
    assert_deprecated(missing, f"/resources/{2**40}")
    off = await api.put(f"{API}/resources/{2**40}/availability", json={"available": False}, headers=admin.auth)
    assert off.status_code == 404, off.text
    assert_deprecated(off, f"/resources/{2**40}/status/unavailable")
    refused = await api.post(
        f"{API}/roles/assign", json={"username": user.username, "role_name": "admin"}, headers=user.auth
    )
    assert refused.status_code == 403, refused.text
    assert_deprecated(refused, "/auth/roles/assign")
    # ...and the mark does not leak into the next answer on the same connection.
    assert "deprecation" not in (await api.get(f"{API}/resources/{2**40}")).headers


async def test_the_openapi_marks_the_old_routes_deprecated(api: httpx.AsyncClient) -> None:
    paths = (await api.get("/openapi.json")).json()["paths"]
    assert paths[f"{API}/roles/"]["get"]["deprecated"] is True
    assert paths[f"{API}/resources/{{resource_id}}"]["put"]["deprecated"] is True
    assert paths[f"{API}/resources/{{resource_id}}/availability"]["put"]["deprecated"] is True
    assert "deprecated" not in paths[f"{API}/resources/{{resource_id}}"]["patch"]
    assert "PATCH" in paths[f"{API}/resources/{{resource_id}}"]["put"]["description"]


async def test_a_time_without_offset_is_a_422_showing_the_form(
    api: httpx.AsyncClient, user: Session, resource: dict[str, object]
) -> None:
    booked = await api.post(
        f"{API}/reservations",
        json={
            "resource_id": resource["id"],
            "start_time": "2031-01-06T09:00:00",
            "end_time": "2031-01-06T10:00:00+01:00",
        },
        headers=user.auth,
    )
    assert booked.status_code == 422, booked.text
    [problem] = booked.json()["detail"]
    assert problem["loc"][-1] == "start_time" and "2030-01-15T09:00:00+01:00" in problem["msg"], problem
    searched = await api.get(
        f"{API}/resources/search", params={"available_from": "2031-01-06T09:00", "available_until": "2031-01-06T10:00Z"}
    )
    assert searched.status_code == 422 and "UTC offset" in searched.json()["detail"][0]["msg"], searched.text
    ancient = await api.get(
        f"{API}/resources/search",
        params={"available_from": "0001-01-01T00:00:00+01:00", "available_until": "0001-01-01T02:00:00+01:00"},
    )
    assert ancient.status_code == 422 and "1970" in ancient.json()["detail"], ancient.text
