"""Bad booking input gets a clear 4xx with a sentence and writes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from tests.e2e.support import CATALOG_CHANGE_SECONDS, Session, sign_up_and_in
from tests.e2e.support_booking import API, book, mine, new_resource, next_weekday


@pytest.mark.parametrize(
    ("start_offset", "end_offset", "code"),
    [
        (timedelta(hours=1), timedelta(0), "invalid_time_range"),
        (timedelta(0), timedelta(0), "invalid_time_range"),
        (timedelta(days=-30), timedelta(days=-30, hours=-1), "invalid_time_range"),
    ],
    ids=["end-before-start", "zero-length", "backwards-in-the-past"],
)
async def test_impossible_ranges(
    api: httpx.AsyncClient, admin: Session, user: Session, start_offset: timedelta, end_offset: timedelta, code: str
) -> None:
    room = await new_resource(api, admin)
    base = next_weekday(0, 9, 2)
    answer = await book(api, user, room["id"], base + start_offset, base + end_offset)
    assert answer.status_code == 422 and answer.json()["code"] == code and isinstance(answer.json()["detail"], str)
    assert await mine(api, user) == []


async def test_far_future_past_and_naive_times(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    far = await api.post(
        f"{API}/reservations",
        json={
            "resource_id": room["id"],
            "start_time": "9999-01-01T09:00:00+00:00",
            "end_time": "9999-01-01T10:00:00+00:00",
        },
        headers=user.auth,
    )
    assert far.status_code == 422 and "2100" in far.json()["detail"]
    past = next_weekday(0, 9) - timedelta(days=21)
    gone = await book(api, user, room["id"], past, past + timedelta(hours=1))
    assert gone.status_code == 422 and gone.json()["code"] == "in_the_past"
    naive = await api.post(
        f"{API}/reservations/recurring",
        json={
            "resource_id": room["id"],
            "start_time": "2031-01-01T09:00:00",
            "end_time": "2031-01-01T10:00:00",
            "recurrence": {"rrule": "FREQ=DAILY;COUNT=2"},
        },
        headers=user.auth,
    )
    assert naive.status_code == 422
    assert await mine(api, user) == []


async def test_a_deleted_resource_cannot_be_booked(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    assert (await api.delete(f"{API}/resources/{room['id']}", headers=admin.auth)).status_code == 204
    start = next_weekday(1, 9, 2)
    # Booking hears of the deletion within about a second; its schedule read says when it has.
    async with asyncio.timeout(CATALOG_CHANGE_SECONDS):
        schedule = f"{API}/resources/{room['id']}/schedule"
        while (
            await api.get(schedule, params={"date": start.date().isoformat(), "days": 1}, headers=user.auth)
        ).status_code != 404:
            await asyncio.sleep(0.05)
    body = {
        "resource_id": room["id"],
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=1)).isoformat(),
    }
    answer = await api.post(f"{API}/reservations", json=body, headers=user.auth)
    assert answer.status_code == 404 and answer.json()["detail"]
    series = await api.post(
        f"{API}/reservations/recurring",
        json={
            "resource_id": room["id"],
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
            "recurrence": {"rrule": "FREQ=DAILY;COUNT=2"},
        },
        headers=user.auth,
    )
    assert series.status_code == 404
    assert await mine(api, user) == []


async def test_cancelling_someone_elses_series_reveals_nothing(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(2, 9, 2)
    made = await api.post(
        f"{API}/reservations/recurring",
        json={
            "resource_id": room["id"],
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
            "recurrence": {"rrule": "FREQ=DAILY;COUNT=2"},
        },
        headers=user.auth,
    )
    rid = made.json()["created"][0]["id"]
    intruder = await sign_up_and_in(api, "intruder")
    answer = await api.post(f"{API}/reservations/{rid}/cancel", json={"scope": "series"}, headers=intruder.auth)
    assert answer.status_code == 404 and "does not exist" in answer.json()["detail"]
    assert {r["status"] for r in await mine(api, user)} == {"confirmed"}
    bad_scope = await api.post(f"{API}/reservations/{rid}/cancel", json={"scope": "everything"}, headers=user.auth)
    assert bad_scope.status_code == 422
