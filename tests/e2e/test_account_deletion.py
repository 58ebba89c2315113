"""Deleting one's own account through the gateway: it can no longer be used, its name is free,
its upcoming reservations are cancelled (the slots go to the waitlist or anyone), its waitlist
entries close, and the audit log still has what it did."""

from __future__ import annotations

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import PASSWORD, Session, sign_up_and_in, slot
from tests.e2e.support_auth import sign_in_raw
from tests.e2e.support_notify import eventually
from tests.e2e.support_waitlist import give_waitlist_its_client, wait_for_status

DELETE_ME = "/api/v1/auth/users/me"


@pytest.fixture(scope="module", autouse=True)
async def waitlist_client(api: httpx.AsyncClient, admin: Session, rr_stack: Stack) -> None:
    await give_waitlist_its_client(api, admin, rr_stack)


async def book(api: httpx.AsyncClient, who: Session, resource_id: object, start: str, end: str) -> httpx.Response:
    return await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource_id, "start_time": start, "end_time": end},
        headers=who.auth,
    )


async def delete_me(api: httpx.AsyncClient, who: Session, password: str = PASSWORD, otp: str = "") -> httpx.Response:
    return await api.request("DELETE", DELETE_ME, json={"password": password, "otp": otp}, headers=who.auth)


async def test_a_deleted_account_frees_its_slots_and_leaves_its_queues(
    api: httpx.AsyncClient, admin: Session, resource: dict[str, object]
) -> None:
    rid = resource["id"]
    doomed = await sign_up_and_in(api, "doomed")
    wanted, free_later, taken = slot(days=5, hour=9), slot(days=5, hour=11), slot(days=5, hour=14)
    past_ok = (await book(api, doomed, rid, *wanted)).json()
    assert (await book(api, doomed, rid, *free_later)).status_code == 201
    # Someone queues for the first slot; the doomed user queues for a slot someone else holds.
    waiter = await sign_up_and_in(api, "waiter")
    queued = await api.post(
        "/api/v1/waitlist",
        json={"resource_id": rid, "desired_start": wanted[0], "desired_end": wanted[1]},
        headers=waiter.auth,
    )
    assert queued.status_code == 201, queued.text
    holder = await sign_up_and_in(api, "holder")
    assert (await book(api, holder, rid, *taken)).status_code == 201
    joined = await api.post(
        "/api/v1/waitlist",
        json={"resource_id": rid, "desired_start": taken[0], "desired_end": taken[1]},
        headers=doomed.auth,
    )
    assert joined.status_code == 201, joined.text
    other = await sign_up_and_in(api, "other")
    assert (await book(api, other, rid, *free_later)).status_code == 409

    wrong = await delete_me(api, doomed, password="Not-The-Password-1")
    assert wrong.status_code == 422, wrong.text
    assert wrong.json()["code"] == "wrong_current_password"
    assert (await api.get("/api/v1/users/me", headers=doomed.auth)).status_code == 200  # nothing happened

    gone = await delete_me(api, doomed)
    assert gone.status_code == 200, gone.text

    # The account is unusable at once: its token, its refresh token and its password.
    assert (await api.get("/api/v1/users/me", headers=doomed.auth)).status_code in (401, 403)
    assert (await api.post("/api/v1/token/refresh", json={"refresh_token": doomed.refresh_token})).status_code == 401
    assert (await sign_in_raw(api, doomed.username, PASSWORD)).status_code == 401

    # Its free slot becomes bookable by someone else; its queued-for slot goes to the waitlist.
    async def other_booked() -> bool:
        return (await book(api, other, rid, *free_later)).status_code == 201

    await eventually(other_booked)
    await wait_for_status(api, waiter, int(queued.json()["id"]), "offered")

    # Its waitlist entry is closed: the queue no longer has it.
    async def left_queue() -> bool:
        queue = await api.get(f"/api/v1/waitlist/resource/{rid}", headers=admin.auth)
        assert queue.status_code == 200, queue.text
        return all(e["id"] != joined.json()["id"] for e in queue.json()["data"])

    await eventually(left_queue)
    reservation = await api.get(f"/api/v1/reservations/{past_ok['id']}", headers=admin.auth)
    assert reservation.json()["status"] == "cancelled"

    # The audit trail keeps what the account did.
    audit = await api.get(
        "/api/v1/audit/logs", params={"user_id": doomed.user_id, "action": "reservation.created"}, headers=admin.auth
    )
    assert audit.status_code == 200, audit.text
    assert len(audit.json()["data"]) == 2

    # Name and address are free again.
    again = await api.post(
        "/api/v1/register",
        json={"username": doomed.username, "password": PASSWORD, "email": f"{doomed.username}@example.com"},
    )
    assert again.status_code == 201, again.text
    assert again.json()["id"] != doomed.user_id


async def test_the_last_active_admin_cannot_delete_their_account(api: httpx.AsyncClient, admin: Session) -> None:
    admins = await api.get(
        "/api/v1/auth/admin/users", params={"role": "admin", "is_active": "true", "limit": 100}, headers=admin.auth
    )
    assert admins.status_code == 200, admins.text
    if len(admins.json()["data"]) > 1:
        pytest.skip("another test of this session made a second administrator")
    refused = await delete_me(api, admin)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "last_admin"
    assert (await api.get("/api/v1/users/me", headers=admin.auth)).status_code == 200


async def test_deletion_needs_a_signed_in_user_and_a_password(api: httpx.AsyncClient, user: Session) -> None:
    assert (await api.request("DELETE", DELETE_ME, json={"password": PASSWORD})).status_code == 401
    empty = await api.request("DELETE", DELETE_ME, json={"password": ""}, headers=user.auth)
    assert empty.status_code == 422
    assert (await api.get("/api/v1/users/me", headers=user.auth)).status_code == 200
