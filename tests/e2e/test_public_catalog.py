"""Browsing without signing in, as kiosks, public pages and the old CLI did: the catalog's reads
are open (free/busy says when, never who), writes and everything personal still need a token,
and one setting closes the catalog again."""

from __future__ import annotations

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import Session, slot
from tests.e2e.support_catalog import API, new_resource, unique
from tests.e2e.support_notify import gateway_replica


async def test_anyone_can_list_search_and_view_resources_and_their_free_busy_time(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin, name=unique("Kiosk room"), tags=["kiosk"], timezone="Europe/Paris")
    start, end = slot(days=9)
    booked = await api.post(
        f"{API}/reservations", json={"resource_id": room["id"], "start_time": start, "end_time": end}, headers=user.auth
    )
    assert booked.status_code == 201, booked.text

    listed = await api.get(f"{API}/resources", params={"q": room["name"]})
    assert listed.status_code == 200, listed.text
    assert [r["id"] for r in listed.json()["data"]] == [room["id"]]
    assert int(listed.headers["x-ratelimit-limit"]) > 0, "anonymous callers are counted (anonymous tier)"
    searched = await api.get(
        f"{API}/resources/search", params={"q": room["name"], "available_from": start, "available_until": end}
    )
    assert searched.status_code == 200 and searched.json()["data"] == [], "taken for that window"
    assert (await api.get(f"{API}/resources/{room['id']}")).json()["name"] == room["name"]
    assert (await api.get(f"{API}/resources/{room['id']}/status")).status_code == 200
    assert (await api.get(f"{API}/resources/availability/summary")).json()["total"] >= 1

    for view in ("availability", "schedule"):
        answer = await api.get(f"{API}/resources/{room['id']}/{view}", params={"start": start, "end": end})
        assert answer.status_code == 200, answer.text
        [taken] = answer.json()["reservations"]
        assert (taken["reservation_id"], taken["user_id"], taken["username"], taken["mine"]) == (
            None,
            None,
            None,
            False,
        ), taken
        assert user.username not in answer.text

    # Writes and personal data still need a signed-in caller.
    assert (await api.post(f"{API}/resources", json={"name": unique(), "tags": []})).status_code == 401
    assert (await api.get(f"{API}/reservations/my")).status_code == 401
    assert (
        await api.post(f"{API}/reservations", json={"resource_id": room["id"], "start_time": start, "end_time": end})
    ).status_code == 401


async def test_a_bad_token_is_refused_rather_than_read_as_anonymous(api: httpx.AsyncClient) -> None:
    answer = await api.get(f"{API}/resources", headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401, answer.text


async def test_closing_the_catalog_requires_sign_in_again(rr_stack: Stack, user: Session) -> None:
    async with (
        gateway_replica(rr_stack, {"RR_GATEWAY_PUBLIC_CATALOG": "false"}) as base,
        httpx.AsyncClient(base_url=base, timeout=15) as closed,
    ):
        anonymous = await closed.get(f"{API}/resources")
        assert anonymous.status_code == 401 and "Sign in" in anonymous.json()["detail"], anonymous.text
        assert (await closed.get(f"{API}/resources", headers=user.auth)).status_code == 200
