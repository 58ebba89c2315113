"""Listing, searching, sorting, paging, autocomplete and the availability filter, through the gateway."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx

from tests.e2e.support import Session
from tests.e2e.support_catalog import API, new_resource, next_weekday, walk


def tag() -> str:
    return f"e2e-{uuid.uuid4().hex[:8]}"


async def test_filters_combine(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    group = tag()
    big = await new_resource(api, admin, tags=[group, "projector"], capacity=30, location="North wing")
    await new_resource(api, admin, tags=[group, "projector"], capacity=4, location="North wing")
    await new_resource(api, admin, tags=[group], capacity=50, location="South wing", available=False)
    answer = await api.get(
        f"{API}/resources",
        params={"tags": f"{group},projector", "capacity_min": 10, "location": "north", "status": "available"},
        headers=user.auth,
    )
    assert answer.status_code == 200
    assert [r["id"] for r in answer.json()["data"]] == [big["id"]]


async def test_text_search_covers_tags_and_description(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    group, word = tag(), uuid.uuid4().hex[:8]
    by_tag = await new_resource(api, admin, tags=[group, f"kit-{word}"])
    by_description = await new_resource(api, admin, tags=[group], description=f"Has the {word.upper()} kit")
    await new_resource(api, admin, tags=[group])
    answer = await api.get(f"{API}/resources/search", params={"q": word, "tags": group}, headers=user.auth)
    assert [r["id"] for r in answer.json()["data"]] == [by_tag["id"], by_description["id"]]


async def test_sorted_pages_walk_every_match_once_with_a_total(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    group = tag()
    made = [
        await new_resource(api, admin, name=f"{n} {group}", tags=[group], capacity=c)
        for n, c in [("b", 3), ("a", 9), ("d", 1), ("c", 5), ("e", 7)]
    ]
    seen = await walk(api, user, "/resources", tags=group, sort_by="capacity", sort_order="desc", limit=2)
    assert [r["capacity"] for r in seen] == [9, 7, 5, 3, 1]
    first = (
        await api.get(
            f"{API}/resources",
            params={"tags": group, "sort_by": "name", "limit": 2, "include_total": True},
            headers=user.auth,
        )
    ).json()
    assert first["total_count"] == 5 and first["has_more"] is True and first["next_cursor"]
    assert [r["name"][0] for r in first["data"]] == ["a", "b"]
    assert len(made) == 5


async def test_bad_list_parameters_are_422(api: httpx.AsyncClient, user: Session) -> None:
    for params in (
        {"limit": 101},
        {"sort_by": "price"},
        {"cursor": "not-a-cursor"},
        {"capacity_min": -1},
        {"labels": "a,b"},
    ):
        answer = await api.get(f"{API}/resources", params=params, headers=user.auth)
        assert answer.status_code == 422, (params, answer.text)
        assert answer.json()["detail"]


async def test_suggestions_by_prefix(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    stem = f"qz{uuid.uuid4().hex[:6]}"
    resource = await new_resource(api, admin, name=f"{stem} Auditorium", tags=[f"{stem}-av"])
    answer = await api.get(f"{API}/search/suggestions", params={"q": stem.upper()}, headers=user.auth)
    assert answer.status_code == 200
    assert [(s["kind"], s["text"], s["id"]) for s in answer.json()["suggestions"]] == [
        ("resource", resource["name"], resource["id"]),
        ("tag", f"{stem}-av", None),
    ]


async def test_availability_filter_leaves_out_booked_closed_and_unavailable(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    group = tag()
    free = await new_resource(api, admin, tags=[group])
    booked = await new_resource(api, admin, tags=[group])
    office = await new_resource(api, admin, tags=[group], timezone="UTC")
    await new_resource(api, admin, tags=[group], available=False)
    hours = await api.put(
        f"{API}/resources/{office['id']}/business-hours",
        json=[{"day_of_week": d, "open_time": "08:00", "close_time": "12:00"} for d in range(7)],
        headers=admin.auth,
    )
    assert hours.status_code == 200, hours.text
    start = next_weekday(2) + timedelta(hours=14)
    end = start + timedelta(hours=1)
    reservation = await api.post(
        f"{API}/reservations",
        json={"resource_id": booked["id"], "start_time": start.isoformat(), "end_time": end.isoformat()},
        headers=user.auth,
    )
    assert reservation.status_code == 201, reservation.text
    params = {"tags": group, "available_from": start.isoformat(), "available_until": end.isoformat()}
    answer = await api.get(f"{API}/resources/search", params=params, headers=user.auth)
    assert answer.status_code == 200, answer.text
    assert [r["id"] for r in answer.json()["data"]] == [free["id"]]
    later = {
        **params,
        "available_from": (start + timedelta(hours=2)).isoformat(),
        "available_until": (end + timedelta(hours=2)).isoformat(),
    }
    assert [
        r["id"] for r in (await api.get(f"{API}/resources/search", params=later, headers=user.auth)).json()["data"]
    ] == [free["id"], booked["id"]]


async def test_availability_filter_pages(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    group = tag()
    made = [await new_resource(api, admin, name=f"{i} {group}", tags=[group]) for i in range(5)]
    start = next_weekday(3) + timedelta(hours=9)
    seen = await walk(
        api,
        user,
        "/resources/search",
        tags=group,
        sort_by="name",
        limit=2,
        available_from=start.isoformat(),
        available_until=(start + timedelta(hours=1)).isoformat(),
    )
    assert [r["id"] for r in seen] == [r["id"] for r in made]


async def test_availability_window_must_be_whole_and_aware(api: httpx.AsyncClient, user: Session) -> None:
    for params in (
        {"available_from": "2030-01-01T10:00:00Z"},
        {"available_from": "2030-01-01T10:00:00", "available_until": "2030-01-01T11:00:00"},
        {"available_from": "2030-01-01T11:00:00Z", "available_until": "2030-01-01T10:00:00Z"},
    ):
        answer = await api.get(f"{API}/resources/search", params=params, headers=user.auth)
        assert answer.status_code == 422, (params, answer.text)
