"""Webhooks through the gateway: admin-only management, unsafe targets refused, and a booking
delivered to a real local receiver, signed (the stack allows loopback targets for this)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from rr_notify.webhooks.signing import verify
from services.notify.tests.support import Receiver, start_receiver, stop_receiver
from tests.e2e.support import Session, slot
from tests.e2e.support_notify import eventually

# A public address nothing answers on here: registration accepts it, delivery is never awaited.
PUBLIC_URL = "https://93.184.215.14/hooks/rr"
LOOPBACK_ENV = "RR_NOTIFY_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await start_receiver()
    yield r
    await stop_receiver(r)


async def test_admins_manage_webhooks(api: httpx.AsyncClient, admin: Session) -> None:
    created = await api.post(
        "/api/v1/webhooks/",
        json={"url": PUBLIC_URL, "events": ["reservation.*"], "description": "ERP"},
        headers=admin.auth,
    )
    assert created.status_code == 201, created.text
    hook = created.json()
    assert hook["secret"].startswith("whsec_") and hook["is_active"] and hook["events"] == ["reservation.*"]

    got = await api.get(f"/api/v1/webhooks/{hook['id']}", headers=admin.auth)
    assert got.status_code == 200 and "secret" not in got.json()
    patched = await api.patch(
        f"/api/v1/webhooks/{hook['id']}",
        json={"events": ["reservation.cancelled"], "is_active": False},
        headers=admin.auth,
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["events"], patched.json()["is_active"], patched.json()["disabled_reason"]) == (
        ["reservation.cancelled"],
        False,
        "Disabled by an admin.",
    )
    rotated = await api.post(f"/api/v1/webhooks/{hook['id']}/regenerate-secret", headers=admin.auth)
    assert rotated.status_code == 200 and rotated.json()["secret"] != hook["secret"]
    listed = await api.get("/api/v1/webhooks", headers=admin.auth)
    assert hook["id"] in [w["id"] for w in listed.json()["data"]]
    types = {t["type"] for t in (await api.get("/api/v1/webhooks/events", headers=admin.auth)).json()}
    assert {"reservation.created", "reservation.cancelled", "user.registered"} <= types
    assert (await api.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=admin.auth)).json()["data"] == []

    assert (await api.delete(f"/api/v1/webhooks/{hook['id']}", headers=admin.auth)).status_code == 204
    assert (await api.get(f"/api/v1/webhooks/{hook['id']}", headers=admin.auth)).status_code == 404


async def test_users_may_not_touch_webhooks(api: httpx.AsyncClient, user: Session) -> None:
    for method, path in (
        ("GET", "/api/v1/webhooks/"),
        ("POST", "/api/v1/webhooks/"),
        ("GET", "/api/v1/webhooks/events"),
    ):
        answer = await api.request(
            method, path, json={"url": PUBLIC_URL, "events": ["*"]} if method == "POST" else None, headers=user.auth
        )
        assert answer.status_code == 403, answer.text


@pytest.mark.parametrize(
    "url, says",
    [
        ("ftp://example.com/x", "http:// or https://"),
        ("http://10.0.0.5/hook", "private, loopback or reserved"),
        ("http://169.254.169.254/latest/meta-data/", "private, loopback or reserved"),
        ("http://[fd00::1]/hook", "private, loopback or reserved"),
        ("https://93.184.215.14/" + "x" * 2100, "too long"),
    ],
)
async def test_unsafe_targets_are_refused_and_nothing_is_saved(
    api: httpx.AsyncClient, admin: Session, url: str, says: str
) -> None:
    before = (await api.get("/api/v1/webhooks/?limit=100", headers=admin.auth)).json()["data"]
    answer = await api.post("/api/v1/webhooks/", json={"url": url, "events": ["*"]}, headers=admin.auth)
    assert answer.status_code == 422, answer.text
    assert says in answer.json()["detail"]
    assert (await api.get("/api/v1/webhooks/?limit=100", headers=admin.auth)).json()["data"] == before


async def test_bad_event_filters_are_refused(api: httpx.AsyncClient, admin: Session) -> None:
    answer = await api.post("/api/v1/webhooks/", json={"url": PUBLIC_URL, "events": ["DROP TABLE"]}, headers=admin.auth)
    assert answer.status_code == 422 and "not an event type" in answer.json()["detail"]


async def test_a_booking_reaches_a_local_receiver_signed(
    api: httpx.AsyncClient, admin: Session, user: Session, resource: dict[str, object], receiver: Receiver
) -> None:
    created = await api.post(
        "/api/v1/webhooks/", json={"url": receiver.url, "events": ["reservation.created"]}, headers=admin.auth
    )
    if created.status_code == 422 and created.json().get("code") == "webhook_target_not_allowed":
        pytest.fail(f"the e2e stack must start notify with {LOOPBACK_ENV} (tests/e2e/conftest.py, rr_stack_extra_env)")
    assert created.status_code == 201, created.text
    hook = created.json()
    try:
        start, end = slot(days=17)
        booked = await api.post(
            "/api/v1/reservations",
            json={"resource_id": resource["id"], "start_time": start, "end_time": end},
            headers=user.auth,
        )
        assert booked.status_code == 201, booked.text

        async def delivered() -> bool:
            answer = await api.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=admin.auth)
            return [d["status"] for d in answer.json()["data"]] == ["succeeded"]

        await eventually(delivered)
        (request,) = receiver.requests
        assert verify(hook["secret"], request.body, request.headers["x-rr-signature"])
        body = json.loads(request.body)
        assert body["type"] == "reservation.created" and body["data"]["reservation"]["id"] == str(booked.json()["id"])

        ping = await api.post(f"/api/v1/webhooks/{hook['id']}/test", headers=admin.auth)
        assert ping.status_code == 200 and (ping.json()["status"], ping.json()["last_status_code"]) == (
            "succeeded",
            200,
        )
    finally:
        await api.delete(f"/api/v1/webhooks/{hook['id']}", headers=admin.auth)
