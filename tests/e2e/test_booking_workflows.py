"""Approvals, quotas, check-in and cleanup through the gateway."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_booking import API, book, mine, new_resource, next_weekday


async def test_approval_flow_pending_list_approve_and_reject(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin, requires_approval=True)
    start = next_weekday(0, 14, 3)
    asked = await book(api, user, room["id"], start, start + timedelta(hours=1))
    assert asked.status_code == 201 and asked.json()["status"] == "pending_approval"
    rival = await sign_up_and_in(api, "rival")
    assert (
        await book(api, rival, room["id"], start, start + timedelta(hours=1))
    ).status_code == 409  # the request holds the slot

    pending = await api.get(f"{API}/approvals/pending?resource_id={room['id']}", headers=admin.auth)
    assert [r["id"] for r in pending.json()["data"]] == [asked.json()["id"]]
    # The requester decides nothing: their queue is empty and their own request is not theirs to decide.
    assert (await api.get(f"{API}/approvals/pending", headers=user.auth)).json()["data"] == []
    assert (
        await api.post(f"{API}/approvals/{asked.json()['id']}/respond", json={"approve": True}, headers=user.auth)
    ).status_code == 404

    decided = await api.post(
        f"{API}/approvals/{asked.json()['id']}/respond", json={"approve": True, "comment": "ok"}, headers=admin.auth
    )
    assert decided.json()["status"] == "confirmed" and decided.json()["decision_comment"] == "ok"

    second = await book(api, user, room["id"], start + timedelta(hours=2), start + timedelta(hours=3))
    no = await api.post(
        f"{API}/approvals/{second.json()['id']}/respond",
        json={"approve": False, "comment": "not that day"},
        headers=admin.auth,
    )
    assert no.json()["status"] == "rejected"
    again = await api.post(f"{API}/approvals/{second.json()['id']}/respond", json={"approve": True}, headers=admin.auth)
    assert again.status_code == 409
    requests = await api.get(f"{API}/approvals/my-requests", headers=user.auth)
    assert {(r["id"], r["status"]) for r in requests.json()["data"]} == {
        (asked.json()["id"], "confirmed"),
        (second.json()["id"], "rejected"),
    }


async def test_resource_settings_need_a_manager(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    body = {"requires_check_in": True, "check_in_window_minutes": 10}
    assert (
        await api.put(f"{API}/approvals/resources/{room['id']}/settings", json=body, headers=user.auth)
    ).status_code == 403
    saved = await api.put(f"{API}/approvals/resources/{room['id']}/settings", json=body, headers=admin.auth)
    assert saved.status_code == 200 and saved.json()["requires_check_in"] is True
    read = await api.get(f"{API}/approvals/resources/{room['id']}/settings", headers=user.auth)
    assert read.json()["check_in_window_minutes"] == 10
    start = next_weekday(1, 9, 2)
    made = (await book(api, user, room["id"], start, start + timedelta(hours=1))).json()
    assert made["check_in_deadline"] == (start + timedelta(minutes=10)).isoformat().replace("+00:00", "Z")
    early = await api.post(f"{API}/reservations/{made['id']}/check-in", headers=user.auth)
    assert early.status_code == 409 and early.json()["code"] == "check_in_too_early"


async def test_a_quota_override_refuses_naming_the_quota_and_writes_nothing(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    assert (
        await api.patch(f"{API}/quotas/users/{user.user_id}", json={"max_active_reservations": 1}, headers=user.auth)
    ).status_code == 403
    set_ = await api.patch(
        f"{API}/quotas/users/{user.user_id}", json={"max_active_reservations": 1}, headers=admin.auth
    )
    assert set_.status_code == 200 and set_.json()["override"]["max_active_reservations"] == 1
    room = await new_resource(api, admin)
    start = next_weekday(2, 9, 2)
    assert (await book(api, user, room["id"], start, start + timedelta(hours=1))).status_code == 201
    refused = await book(api, user, room["id"], start + timedelta(hours=2), start + timedelta(hours=3))
    assert refused.status_code == 422
    assert refused.json()["code"] == "quota_exceeded" and refused.json()["quota"] == "max_active_reservations"
    assert len(await mine(api, user)) == 1
    usage = (await api.get(f"{API}/quotas/my-usage", headers=user.auth)).json()
    assert usage["limits"]["max_active_reservations"] == 1 and usage["usage"]["active_reservations"] == 1
    cleared = await api.patch(f"{API}/quotas/users/{user.user_id}", json={"clear": True}, headers=admin.auth)
    assert cleared.json()["override"]["max_active_reservations"] is None
    assert (
        await book(api, user, room["id"], start + timedelta(hours=2), start + timedelta(hours=3))
    ).status_code == 201


async def test_quota_config_is_read_by_all_and_changed_by_admins(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    config = await api.get(f"{API}/quotas/config", headers=user.auth)
    assert set(config.json()["roles"]) == {"user", "manager", "admin"}
    assert (
        await api.patch(f"{API}/quotas/config", json={"roles": {"user": {"max_advance_days": 5}}}, headers=user.auth)
    ).status_code == 403
    bad = await api.patch(
        f"{API}/quotas/config", json={"roles": {"user": {"max_advance_days": -1}}}, headers=admin.auth
    )
    assert bad.status_code == 422


async def test_cleanup_expired_is_for_admins(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    assert (await api.post(f"{API}/admin/cleanup-expired", headers=user.auth)).status_code == 403
    done = await api.post(f"{API}/admin/cleanup-expired", headers=admin.auth)
    assert done.status_code == 200 and set(done.json()) == {
        "completed",
        "no_shows",
        "expired_approvals",
        "expired_holds",
    }
