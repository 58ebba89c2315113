"""“When is this room next free for 90 minutes?” and “which rooms of this group are free for an
hour tomorrow morning?”, answered from opening hours, blackouts, buffers and bookings."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.e2e.support import Session
from tests.e2e.support_catalog import API, new_resource, next_weekday, unique

MORNINGS = [{"day_of_week": d, "open_time": "09:00", "close_time": "12:00"} for d in range(7)]


async def room_open_mornings(api: httpx.AsyncClient, admin: Session, **fields: Any) -> dict[str, Any]:
    rules = {"buffer_after_minutes": 30, "slot_granularity_minutes": 30}
    room = await new_resource(api, admin, timezone="UTC", rules=rules, **fields)
    saved = await api.put(f"{API}/resources/{room['id']}/business-hours", json=MORNINGS, headers=admin.auth)
    assert saved.status_code == 200, saved.text
    return room


async def book(api: httpx.AsyncClient, who: Session, room: dict[str, Any], start: datetime, minutes: int) -> None:
    body = {
        "resource_id": room["id"],
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(minutes=minutes)).isoformat(),
    }
    answer = await api.post(f"{API}/reservations", json=body, headers=who.auth)
    assert answer.status_code == 201, answer.text


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


def z(moment: datetime) -> str:
    """As the API writes UTC times."""
    return moment.isoformat().replace("+00:00", "Z")


async def test_next_free_time_honours_hours_buffers_bookings_and_blackouts(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await room_open_mornings(api, admin)
    day = next_weekday(2, 10)
    await book(api, user, room, at(day, 9), 60)

    async def next_free(minutes: int) -> dict[str, Any]:
        answer = await api.get(
            f"{API}/resources/{room['id']}/next-available",
            params={"duration": minutes, "after": at(day, 8).isoformat()},
        )
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    # Booked 09:00-10:00, 30 minutes of buffer after it, closed at 12:00: 10:30-12:00 is just right.
    first = await next_free(90)
    assert (first["found"], first["start_time"], first["end_time"]) == (True, z(at(day, 10, 30)), z(at(day, 12))), first
    # Two hours no longer fit that morning, and the next day is blacked out: the one after.
    blackout = {"start_date": (day + timedelta(days=1)).date().isoformat(), "reason": "inventory"}
    assert (
        await api.post(f"{API}/resources/{room['id']}/blackout-dates", json=blackout, headers=admin.auth)
    ).status_code == 201
    later = await next_free(120)
    assert later["start_time"] == z(at(day + timedelta(days=2), 9)), later
    # More than the room is ever open: nothing, said plainly.
    never = await next_free(4 * 60)
    assert (never["found"], never["start_time"]) == (False, None)
    assert (await api.get(f"{API}/resources/{room['id']}/next-available", params={"duration": 0})).status_code == 422
    assert (await api.get(f"{API}/resources/{room['id']}/next-available")).status_code == 422
    far = await api.get(
        f"{API}/resources/{room['id']}/next-available", params={"duration": 60, "after": "9999-12-31T23:00:00Z"}
    )
    assert far.status_code == 422 and "2100" in far.json()["detail"], far.text


async def test_which_rooms_of_a_group_are_free_for_an_hour_tomorrow_morning(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    group = await api.post(f"{API}/resource-groups", json={"name": unique("Floor")}, headers=admin.auth)
    assert group.status_code == 201, group.text
    rooms = [await room_open_mornings(api, admin, group_id=group.json()["id"]) for _ in range(3)]
    morning = next_weekday(3, 10)
    await book(api, user, rooms[0], at(morning, 9), 180)  # taken all morning
    await book(api, user, rooms[1], at(morning, 9), 90)  # free 11:00 (after the buffer) to 12:00

    answer = await api.get(
        f"{API}/resources/available-slots",
        params={
            "group_id": group.json()["id"],
            "duration": 60,
            "start": at(morning, 8).isoformat(),
            "end": at(morning, 12).isoformat(),
        },
    )
    assert answer.status_code == 200, answer.text
    found = {
        item["resource"]["id"]: [(w["start_time"], w["end_time"]) for w in item["windows"]]
        for item in answer.json()["data"]
    }
    assert found == {
        rooms[1]["id"]: [(z(at(morning, 11)), z(at(morning, 12)))],
        rooms[2]["id"]: [(z(at(morning, 9)), z(at(morning, 12)))],
    }
    assert user.username not in answer.text

    backwards = await api.get(
        f"{API}/resources/available-slots",
        params={"duration": 60, "start": at(morning, 12).isoformat(), "end": at(morning, 8).isoformat()},
    )
    assert backwards.status_code == 422 and "after" in backwards.json()["detail"]
    far = await api.get(
        f"{API}/resources/available-slots",
        params={"duration": 60, "start": "2150-01-01T08:00:00Z", "end": "2150-01-01T12:00:00Z"},
    )
    assert far.status_code == 422 and "2100" in far.json()["detail"], far.text
    # Asking about the past is no error: nothing there can be booked.
    past = await api.get(
        f"{API}/resources/available-slots",
        params={
            "group_id": group.json()["id"],
            "duration": 60,
            "start": "0001-01-01T08:00:00Z",
            "end": "0001-01-02T08:00:00Z",
        },
    )
    assert past.status_code == 200 and past.json()["data"] == [], past.text
