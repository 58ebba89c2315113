"""Approvers named on a resource (users or a role) see and decide only that resource's requests;
one request can be read by its requester, its approvers and admins; the requester withdraws a
pending request, which frees the slot for the waitlist."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_in, sign_up_and_in
from tests.e2e.support_booking import API, book, new_resource, next_weekday
from tests.e2e.support_waitlist import give_waitlist_its_client, wait_for_status


@pytest.fixture(scope="module", autouse=True)
async def waitlist_client(api: httpx.AsyncClient, admin: Session, rr_stack: Stack) -> AsyncIterator[None]:
    await give_waitlist_its_client(api, admin, rr_stack)
    yield


async def approval_room(api: httpx.AsyncClient, admin: Session, **approvers: Any) -> dict[str, Any]:
    room = await new_resource(api, admin, requires_approval=True)
    if approvers:
        saved = await api.put(f"{API}/approvals/resources/{room['id']}/settings", json=approvers, headers=admin.auth)
        assert saved.status_code == 200, saved.text
    return room


async def ask(api: httpx.AsyncClient, who: Session, room: dict[str, Any], days: int) -> dict[str, Any]:
    start = next_weekday(2, 10, 4) + timedelta(days=days)
    asked = await book(api, who, room["id"], start, start + timedelta(hours=1))
    assert asked.status_code == 201 and asked.json()["status"] == "pending_approval", asked.text
    body: dict[str, Any] = asked.json()
    return body


async def queue_of(api: httpx.AsyncClient, who: Session) -> set[int]:
    answer = await api.get(f"{API}/approvals/pending", params={"limit": 100}, headers=who.auth)
    assert answer.status_code == 200, answer.text
    return {r["id"] for r in answer.json()["data"]}


async def test_a_named_user_sees_and_decides_only_their_resources_requests(
    api: httpx.AsyncClient, admin: Session
) -> None:
    approver, requester, manager_account = await asyncio.gather(
        *(sign_up_and_in(api, name) for name in ("approver", "requester", "manny"))
    )
    assert (
        await api.post(
            f"{API}/auth/roles/assign",
            json={"user_id": manager_account.user_id, "role_name": "manager"},
            headers=admin.auth,
        )
    ).status_code == 200
    manager = await sign_in(api, manager_account.username, manager_account.user_id)
    theirs = await approval_room(api, admin, approver_user_ids=[approver.user_id])
    other = await approval_room(api, admin)
    mine = await ask(api, requester, theirs, 0)
    elsewhere = await ask(api, requester, other, 1)

    assert (await api.get(f"{API}/approvals/resources/{theirs['id']}/settings", headers=approver.auth)).json()[
        "approver_user_ids"
    ] == [approver.user_id]
    assert await queue_of(api, approver) == {mine["id"]}
    assert elsewhere["id"] in await queue_of(api, admin) and mine["id"] in await queue_of(api, admin)
    # Naming approvers hands the decision over: a manager keeps only resources that name nobody.
    seen_by_manager = await queue_of(api, manager)
    assert elsewhere["id"] in seen_by_manager and mine["id"] not in seen_by_manager
    assert (
        await api.post(f"{API}/approvals/{mine['id']}/respond", json={"approve": True}, headers=manager.auth)
    ).status_code == 404

    one = await api.get(f"{API}/approvals/{mine['id']}", headers=approver.auth)
    assert one.status_code == 200 and one.json()["may_respond"] is True and one.json()["user_id"] == requester.user_id
    assert one.json()["resource_id"] == theirs["id"] and one.json()["status"] == "pending_approval"
    assert (await api.get(f"{API}/approvals/{elsewhere['id']}", headers=approver.auth)).status_code == 404
    refused = await api.post(
        f"{API}/approvals/{elsewhere['id']}/respond", json={"approve": True}, headers=approver.auth
    )
    assert refused.status_code == 404
    assert (await api.get(f"{API}/reservations/{elsewhere['id']}", headers=admin.auth)).json()[
        "status"
    ] == "pending_approval"

    decided = await api.post(
        f"{API}/approvals/{mine['id']}/respond", json={"approve": True, "comment": "Enjoy"}, headers=approver.auth
    )
    assert (
        decided.status_code == 200
        and decided.json()["status"] == "confirmed"
        and decided.json()["decided_by"] == approver.user_id
    )
    seen = await api.get(f"{API}/approvals/{mine['id']}", headers=requester.auth)
    assert (
        seen.status_code == 200 and seen.json()["decision_comment"] == "Enjoy" and seen.json()["may_respond"] is False
    )
    assert mine["id"] not in await queue_of(api, approver)


async def test_a_role_names_approvers_and_strangers_get_404(api: httpx.AsyncClient, admin: Session) -> None:
    role = f"lab-{uuid.uuid4().hex[:8]}"
    made = await api.post(
        f"{API}/auth/roles/",
        json={"name": role, "description": "Lab technicians", "permissions": []},
        headers=admin.auth,
    )
    assert made.status_code in (200, 201), made.text
    tech_account, requester, stranger = await asyncio.gather(
        *(sign_up_and_in(api, name) for name in ("tech", "requester", "stranger"))
    )
    assert (
        await api.post(
            f"{API}/auth/roles/assign", json={"user_id": tech_account.user_id, "role_name": role}, headers=admin.auth
        )
    ).status_code == 200
    tech = await sign_in(api, tech_account.username, tech_account.user_id)  # a new token carries the role
    lab = await approval_room(api, admin, approver_role=role)
    asked = await ask(api, requester, lab, 2)

    assert asked["id"] in await queue_of(api, tech)
    assert await queue_of(api, stranger) == set()
    assert (await api.get(f"{API}/approvals/{asked['id']}", headers=stranger.auth)).status_code == 404
    assert (
        await api.post(f"{API}/approvals/{asked['id']}/respond", json={"approve": True}, headers=stranger.auth)
    ).status_code == 404
    assert (await api.post(f"{API}/approvals/{asked['id']}/withdraw", headers=stranger.auth)).status_code == 404
    rejected = await api.post(
        f"{API}/approvals/{asked['id']}/respond", json={"approve": False, "comment": "Closed"}, headers=tech.auth
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"


async def test_bad_approvers_are_422_and_change_nothing(api: httpx.AsyncClient, admin: Session) -> None:
    room = await approval_room(api, admin, approver_user_ids=[admin.user_id])
    for body in (
        {"approver_role": "Not A Role!"},
        {"approver_user_ids": [0]},
        {"approver_user_ids": list(range(1, 200))},
    ):
        answer = await api.put(f"{API}/approvals/resources/{room['id']}/settings", json=body, headers=admin.auth)
        assert answer.status_code == 422, answer.text
    kept = (await api.get(f"{API}/approvals/resources/{room['id']}/settings", headers=admin.auth)).json()
    assert kept["approver_user_ids"] == [admin.user_id] and kept["approver_role"] == ""


async def test_the_requester_withdraws_a_pending_request_which_frees_the_slot(
    api: httpx.AsyncClient, admin: Session
) -> None:
    approver, requester, waiter = await asyncio.gather(
        *(sign_up_and_in(api, name) for name in ("approver", "requester", "waiter"))
    )
    room = await approval_room(api, admin, approver_user_ids=[approver.user_id])
    asked = await ask(api, requester, room, 3)
    joined = await api.post(
        f"{API}/waitlist",
        json={"resource_id": room["id"], "desired_start": asked["start_time"], "desired_end": asked["end_time"]},
        headers=waiter.auth,
    )
    assert joined.status_code == 201, joined.text
    assert (
        await api.post(f"{API}/approvals/{asked['id']}/withdraw", headers=approver.auth)
    ).status_code == 404  # approvers reject, they do not withdraw

    withdrawn = await api.post(
        f"{API}/approvals/{asked['id']}/withdraw", json={"reason": "Plans changed"}, headers=requester.auth
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "cancelled" and withdrawn.json()["cancellation_reason"] == "Plans changed"
    assert asked["id"] not in await queue_of(api, approver)
    # The freed slot is offered to the first in line.
    offered = await wait_for_status(api, waiter, int(joined.json()["id"]), "offered")
    assert offered["reservation_id"]

    again = await api.post(f"{API}/approvals/{asked['id']}/withdraw", headers=requester.auth)
    assert again.status_code == 200 and again.json()["status"] == "cancelled"


async def test_a_decided_request_cannot_be_withdrawn(api: httpx.AsyncClient, admin: Session) -> None:
    requester = await sign_up_and_in(api, "requester")
    room = await approval_room(api, admin)
    asked = await ask(api, requester, room, 4)
    assert (
        await api.post(f"{API}/approvals/{asked['id']}/respond", json={"approve": True}, headers=admin.auth)
    ).status_code == 200
    late = await api.post(f"{API}/approvals/{asked['id']}/withdraw", headers=requester.auth)
    assert late.status_code == 409 and late.json()["code"] == "not_pending"
    assert "no longer be withdrawn" in late.json()["detail"]
    assert (await api.get(f"{API}/reservations/{asked['id']}", headers=requester.auth)).json()["status"] == "confirmed"
