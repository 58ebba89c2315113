"""Lists page both ways: after a few pages forward, `prev_cursor` walks back through exactly the
same pages, in the same order, to the first one (which has none)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_catalog import API, new_resource, next_weekday, unique
from tests.e2e.support_notify import eventually


async def pages(
    api: httpx.AsyncClient, path: str, params: dict[str, Any], headers: dict[str, str]
) -> tuple[list[list[int]], list[list[int]]]:
    """The ids of each page walking forward to the end, then of each page walking back."""
    forward: list[dict[str, Any]] = []
    cursor = ""
    while True:
        answer = await api.get(
            f"{API}{path}", params={**params, **({"cursor": cursor} if cursor else {})}, headers=headers
        )
        assert answer.status_code == 200, answer.text
        forward.append(answer.json())
        if not answer.json()["has_more"]:
            break
        cursor = answer.json()["next_cursor"]
    assert forward[0]["prev_cursor"] is None, "the first page has none before it"
    backward = [forward[-1]]
    while backward[-1]["prev_cursor"]:
        answer = await api.get(
            f"{API}{path}", params={**params, "cursor": backward[-1]["prev_cursor"]}, headers=headers
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["has_more"] and answer.json()["next_cursor"], "the page we came from is after this one"
        backward.append(answer.json())
    return [[row["id"] for row in page["data"]] for page in forward], [
        [row["id"] for row in page["data"]] for page in reversed(backward)
    ]


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_resources_page_back_to_the_first_page(api: httpx.AsyncClient, admin: Session, order: str) -> None:
    tag = unique("paging").replace(" ", "-").lower()
    made = [(await new_resource(api, admin, tags=[tag], name=f"{tag} {n}"))["id"] for n in range(5)]
    forward, backward = await pages(
        api, "/resources", {"tags": tag, "limit": 2, "sort_by": "name", "sort_order": order}, {}
    )
    assert forward == backward
    assert [i for page in forward for i in page] == (made if order == "asc" else made[::-1])
    assert [len(page) for page in forward] == [2, 2, 1]


async def test_my_reservations_page_back_to_the_first_page(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    monday = next_weekday(0, 20).replace(hour=9)
    for day in range(5):
        start = monday + timedelta(days=day)
        body = {
            "resource_id": room["id"],
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
        }
        assert (await api.post(f"{API}/reservations", json=body, headers=user.auth)).status_code == 201
    forward, backward = await pages(api, "/reservations/my", {"resource_id": room["id"], "limit": 2}, user.auth)
    assert forward == backward and [len(page) for page in forward] == [2, 2, 1]


async def test_a_tampered_cursor_is_a_clear_422(api: httpx.AsyncClient) -> None:
    answer = await api.get(f"{API}/resources", params={"cursor": "WyJuYW1lIiwiYXNjIiwxLCJiZWZvcmUiXQ"})
    assert answer.status_code == 422 and "cursor" in str(answer.json()["detail"]), answer.text


async def test_my_notifications_and_waitlist_page_back_to_the_first_page(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    monday = next_weekday(0, 30).replace(hour=9)
    for day in range(5):
        start = (monday + timedelta(days=day)).isoformat()
        end = (monday + timedelta(days=day, hours=1)).isoformat()
        assert (
            await api.post(
                f"{API}/reservations",
                json={"resource_id": room["id"], "start_time": start, "end_time": end},
                headers=admin.auth,
            )
        ).status_code == 201
        joined = await api.post(
            f"{API}/waitlist",
            json={"resource_id": room["id"], "desired_start": start, "desired_end": end},
            headers=user.auth,
        )
        assert joined.status_code == 201, joined.text
    forward, backward = await pages(api, "/waitlist", {"limit": 2}, user.auth)
    assert forward == backward and [len(page) for page in forward] == [2, 2, 1]

    async def five_notifications() -> bool:
        answer = await api.get(f"{API}/notifications", params={"limit": 100}, headers=admin.auth)
        return len(answer.json()["data"]) >= 5

    await eventually(five_notifications)
    forward, backward = await pages(api, "/notifications", {"limit": 2}, admin.auth)
    assert forward == backward and len(forward) >= 3


async def test_labels_and_groups_page_back_to_the_first_page(api: httpx.AsyncClient, admin: Session) -> None:
    for _ in range(5):
        assert (await api.post(f"{API}/labels", json={"name": unique("L")[:40]}, headers=admin.auth)).status_code == 201
        assert (
            await api.post(f"{API}/resource-groups", json={"name": unique("G")}, headers=admin.auth)
        ).status_code == 201
    for path in ("/labels", "/resource-groups"):
        forward, backward = await pages(api, path, {"limit": 2}, admin.auth)
        assert forward == backward and len(forward) >= 3, path


async def test_users_and_oauth_clients_page_back_to_the_first_page(api: httpx.AsyncClient, admin: Session) -> None:
    for _ in range(5):
        await sign_up_and_in(api, "pager")
        made = await api.post(f"{API}/oauth/clients", json={"client_name": unique("Pager client")}, headers=admin.auth)
        assert made.status_code == 201, made.text
    for path in ("/auth/admin/users", "/oauth/clients"):
        forward, backward = await pages(api, path, {"limit": 2}, admin.auth)
        assert forward == backward and len(forward) >= 3, path


async def test_my_activity_pages_back_to_the_first_page(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    monday = next_weekday(0, 40).replace(hour=9)
    for day in range(5):
        start = monday + timedelta(days=day)
        body = {
            "resource_id": room["id"],
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
        }
        assert (await api.post(f"{API}/reservations", json=body, headers=user.auth)).status_code == 201

    async def audited() -> bool:
        answer = await api.get(f"{API}/audit/my-activity", params={"limit": 100}, headers=user.auth)
        return len(answer.json()["data"]) >= 5

    await eventually(audited)
    until = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()  # nothing newer joins mid-walk
    forward, backward = await pages(api, "/audit/my-activity", {"limit": 2, "end_date": until}, user.auth)
    assert forward == backward and len(forward) >= 3


async def test_webhooks_and_their_deliveries_page_back_to_the_first_page(
    api: httpx.AsyncClient, admin: Session
) -> None:
    # Nothing listens on this port: every test ping is a failed delivery, logged newest first.
    url = "http://127.0.0.1:9/paging"
    hooks = [
        (await api.post(f"{API}/webhooks/", json={"url": url, "events": ["reservation.*"]}, headers=admin.auth)).json()[
            "id"
        ]
        for _ in range(3)
    ]
    try:
        forward, backward = await pages(api, "/webhooks/", {"limit": 2}, admin.auth)
        assert forward == backward and set(hooks) <= {i for page in forward for i in page}
        for _ in range(5):
            assert (await api.post(f"{API}/webhooks/{hooks[0]}/test", headers=admin.auth)).status_code == 200
        forward, backward = await pages(api, f"/webhooks/{hooks[0]}/deliveries", {"limit": 2}, admin.auth)
        assert forward == backward and [len(page) for page in forward] == [2, 2, 1]
        flat = [i for page in forward for i in page]
        assert flat == sorted(flat, reverse=True), "newest first, both ways"
    finally:
        for hook in hooks:
            await api.delete(f"{API}/webhooks/{hook}", headers=admin.auth)
