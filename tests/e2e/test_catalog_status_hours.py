"""Status and maintenance, business hours and blackouts through the gateway, and booking obeying
them (booking asks catalog's CheckBookable before every write)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from tests.e2e.support import Session, once_booking_agrees
from tests.e2e.support_catalog import API, new_resource, next_weekday


def body_of(resource_id: object, start: datetime, hours: float = 1) -> dict[str, object]:
    return {
        "resource_id": resource_id,
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=hours)).isoformat(),
    }


async def book(
    api: httpx.AsyncClient, who: Session, resource_id: object, start: datetime, hours: float = 1
) -> httpx.Response:
    return await api.post(f"{API}/reservations", json=body_of(resource_id, start, hours), headers=who.auth)


async def test_maintenance_blocks_booking_and_ends_by_itself(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    resource = await new_resource(api, admin)
    path = f"{API}/resources/{resource['id']}/status/unavailable"
    until = datetime.now(UTC) + timedelta(days=2)
    answer = await api.put(
        path, json={"reason": "Projector repair", "until": until.isoformat(), "maintenance": True}, headers=admin.auth
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "maintenance" and answer.json()["reason"] == "Projector repair"
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    refused = await once_booking_agrees(api, user, body_of(resource["id"], tomorrow), 422)
    assert refused.status_code == 422 and refused.json()["code"] == "resource_unavailable"
    assert "Projector repair" in refused.json()["detail"]
    soon = await api.put(
        path, json={"until": (datetime.now(UTC) + timedelta(seconds=2)).isoformat()}, headers=admin.auth
    )
    assert soon.json()["status"] == "unavailable"
    async with asyncio.timeout(10):
        while (await api.get(f"{API}/resources/{resource['id']}/status", headers=user.auth)).json()[
            "status"
        ] != "available":
            await asyncio.sleep(0.2)
    assert (await once_booking_agrees(api, user, body_of(resource["id"], tomorrow), 201)).status_code == 201


async def test_status_bad_input_and_permissions(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    resource = await new_resource(api, admin)
    past = await api.put(
        f"{API}/resources/{resource['id']}/status/unavailable",
        json={"until": "2020-01-01T00:00:00Z"},
        headers=admin.auth,
    )
    assert past.status_code == 422 and "future" in str(past.json()["detail"])
    naive = await api.put(
        f"{API}/resources/{resource['id']}/status/unavailable",
        json={"until": "2031-01-01T00:00:00"},
        headers=admin.auth,
    )
    assert naive.status_code == 422
    assert (await api.put(f"{API}/resources/{resource['id']}/status/unavailable", headers=user.auth)).status_code == 403
    assert (await api.get(f"{API}/resources/{resource['id']}/status", headers=user.auth)).json()[
        "status"
    ] == "available"


async def test_status_summary_counts(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    before = (await api.get(f"{API}/resources/availability/summary", headers=user.auth)).json()
    resource = await new_resource(api, admin)
    await api.put(f"{API}/resources/{resource['id']}/status/unavailable", json={"reason": "Closed"}, headers=admin.auth)
    after = (await api.get(f"{API}/resources/availability/summary", headers=user.auth)).json()
    assert (after["unavailable"] - before["unavailable"], after["total"] - before["total"]) == (1, 1)
    back = await api.put(f"{API}/resources/{resource['id']}/status/available", headers=admin.auth)
    assert back.json() == {
        "resource_id": resource["id"],
        "status": "available",
        "available": True,
        "reason": "",
        "until": None,
    }


async def test_business_hours_in_local_time_decide_what_can_be_booked(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    resource = await new_resource(api, admin, timezone="Asia/Tokyo")  # UTC+9, no DST
    week = [{"day_of_week": d, "open_time": "09:00", "close_time": "17:00"} for d in range(5)]
    saved = await api.put(f"{API}/resources/{resource['id']}/business-hours", json=week, headers=admin.auth)
    assert saved.status_code == 200 and saved.json()["timezone"] == "Asia/Tokyo"
    assert (await api.get(f"{API}/resources/{resource['id']}/business-hours", headers=user.auth)).json() == saved.json()
    monday = next_weekday(0)
    outside = await once_booking_agrees(
        api, user, body_of(resource["id"], monday + timedelta(hours=9)), 422
    )  # 18:00 in Tokyo
    inside = await book(api, user, resource["id"], monday + timedelta(hours=1))  # 10:00 in Tokyo
    assert inside.status_code == 201, inside.text
    assert outside.status_code == 422 and outside.json()["code"] == "outside_business_hours"


async def test_overlapping_or_reversed_hours_are_refused(api: httpx.AsyncClient, admin: Session) -> None:
    resource = await new_resource(api, admin)
    for week in (
        [
            {"day_of_week": 0, "open_time": "09:00", "close_time": "12:00"},
            {"day_of_week": 0, "open_time": "11:00", "close_time": "13:00"},
        ],
        [{"day_of_week": 1, "open_time": "17:00", "close_time": "09:00"}],
    ):
        answer = await api.put(f"{API}/resources/{resource['id']}/business-hours", json=week, headers=admin.auth)
        assert answer.status_code == 422, answer.text
    assert (await api.get(f"{API}/resources/{resource['id']}/business-hours", headers=admin.auth)).json()[
        "intervals"
    ] == []


async def test_blackouts_close_whole_days(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    resource = await new_resource(api, admin, timezone="Europe/Paris")
    day = next_weekday(4)
    added = await api.post(
        f"{API}/resources/{resource['id']}/blackout-dates",
        json={"start_date": day.date().isoformat(), "reason": "Inventory"},
        headers=admin.auth,
    )
    assert added.status_code == 201, added.text
    blackout = added.json()
    listed = (await api.get(f"{API}/resources/{resource['id']}/blackout-dates", headers=user.auth)).json()["data"]
    assert [(b["id"], b["reason"], b["end_date"]) for b in listed] == [
        (blackout["id"], "Inventory", day.date().isoformat())
    ]
    refused = await once_booking_agrees(api, user, body_of(resource["id"], day + timedelta(hours=10)), 422)
    assert (
        refused.status_code == 422 and refused.json()["code"] == "blackout" and "Inventory" in refused.json()["detail"]
    )
    assert (await api.delete(f"{API}/blackout-dates/{blackout['id']}", headers=user.auth)).status_code == 403
    assert (await api.delete(f"{API}/blackout-dates/{blackout['id']}", headers=admin.auth)).status_code == 204
    assert (
        await once_booking_agrees(api, user, body_of(resource["id"], day + timedelta(hours=10)), 201)
    ).status_code == 201
    reversed_dates = await api.post(
        f"{API}/resources/{resource['id']}/blackout-dates",
        json={"start_date": "2031-05-02", "end_date": "2031-05-01"},
        headers=admin.auth,
    )
    assert reversed_dates.status_code == 422


async def test_booking_rules_give_precise_reasons(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    resource = await new_resource(
        api,
        admin,
        rules={
            "min_duration_minutes": 60,
            "slot_granularity_minutes": 30,
            "min_notice_minutes": 120,
            "max_days_in_advance": 60,
        },
    )
    day = next_weekday(2) + timedelta(hours=10)
    cases = [
        (day, 0.5, "too_short"),
        (day + timedelta(minutes=10), 1, "bad_granularity"),
        (day + timedelta(days=90), 1, "too_far_ahead"),
        ((datetime.now(UTC) + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0), 1, "too_soon"),
    ]
    for start, hours, code in cases:
        answer = await book(api, user, resource["id"], start, hours)
        assert answer.status_code == 422 and answer.json()["code"] == code, (code, answer.text)
