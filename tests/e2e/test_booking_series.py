"""Recurring series through the gateway: RRULE and the simple form, daylight saving, conflict
policies with a per-occurrence report, cancel scopes, and bad rules that write nothing."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_booking import API, book, mine, new_resource, next_weekday

PARIS = ZoneInfo("Europe/Paris")


def series_body(
    resource_id: int, start: datetime, hours: int = 1, policy: str = "all_or_nothing", **recurrence: object
) -> dict[str, object]:
    return {
        "resource_id": resource_id,
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=hours)).isoformat(),
        "recurrence": recurrence,
        "conflict_policy": policy,
    }


async def test_weekly_rrule_keeps_local_time_across_daylight_saving(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(0, 9).replace(tzinfo=None).replace(tzinfo=PARIS)  # 09:00 Paris on a Monday
    answer = await api.post(
        f"{API}/reservations/recurring",
        json=series_body(room["id"], start, rrule="FREQ=WEEKLY;COUNT=30"),
        headers=user.auth,
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert len(body["created"]) == 30 and body["skipped"] == [] and body["series_id"]
    assert {r["start_time_local"][11:16] for r in body["created"]} == {"09:00"}
    assert len({r["start_time"][11:16] for r in body["created"]}) == 2  # UTC moves by an hour at the change
    assert len(await mine(api, user, f"resource_id={room['id']}")) == 30


async def test_simple_form_from_the_original_api(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(1, 10)
    recurrence = {
        "frequency": "weekly",
        "interval": 2,
        "days_of_week": [1, 3],
        "end_type": "after_occurrences",
        "occurrence_count": 4,
    }
    answer = await api.post(
        f"{API}/reservations/recurring", json=series_body(room["id"], start, **recurrence), headers=user.auth
    )
    assert answer.status_code == 201, answer.text
    starts = [datetime.fromisoformat(r["start_time"]) for r in answer.json()["created"]]
    assert [(s - starts[0]).days for s in starts] == [0, 2, 14, 16]


async def test_all_or_nothing_conflict_is_409_naming_each_occurrence_and_writes_nothing(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(2, 9)
    other = await sign_up_and_in(api, "other")
    assert (
        await book(api, other, room["id"], start + timedelta(days=7), start + timedelta(days=7, hours=1))
    ).status_code == 201
    answer = await api.post(
        f"{API}/reservations/recurring",
        json=series_body(room["id"], start, rrule="FREQ=WEEKLY;COUNT=4"),
        headers=user.auth,
    )
    assert answer.status_code == 409 and answer.json()["code"] == "reservation_conflict"
    assert [o["code"] for o in answer.json()["occurrences"]] == ["reservation_conflict"]
    assert await mine(api, user) == []

    skipping = await api.post(
        f"{API}/reservations/recurring",
        json=series_body(room["id"], start, policy="skip_conflicts", rrule="FREQ=WEEKLY;COUNT=4"),
        headers=user.auth,
    )
    assert skipping.status_code == 201
    assert len(skipping.json()["created"]) == 3
    assert [datetime.fromisoformat(s["start_time"]) for s in skipping.json()["skipped"]] == [start + timedelta(days=7)]


@pytest.mark.parametrize(
    "recurrence",
    [
        {"rrule": "FREQ=DAILY;COUNT=100000"},
        {"rrule": "FREQ=DAILY;UNTIL=20991231"},
        {"rrule": "FREQ=OFTEN"},
        {"rrule": "this is not a rule"},
        {"rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"},
        {"rrule": "FREQ=YEARLY;COUNT=20"},
    ],
    ids=["100k-occurrences", "daily-for-decades", "unknown-frequency", "junk", "never-happens", "count-past-ten-years"],
)
async def test_bad_rules_are_422_with_a_sentence_and_write_nothing(
    api: httpx.AsyncClient, admin: Session, user: Session, recurrence: dict[str, str]
) -> None:
    room = await new_resource(api, admin)
    answer = await api.post(
        f"{API}/reservations/recurring",
        json=series_body(room["id"], next_weekday(3, 9), **recurrence),
        headers=user.auth,
    )
    assert answer.status_code == 422, answer.text[:500]
    assert answer.json()["code"] == "invalid_recurrence" and isinstance(answer.json()["detail"], str)
    assert await mine(api, user) == []


async def test_cancel_one_then_following_then_the_series(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    made = (
        await api.post(
            f"{API}/reservations/recurring",
            json=series_body(room["id"], next_weekday(4, 8), rrule="FREQ=WEEKLY;COUNT=6"),
            headers=user.auth,
        )
    ).json()
    ids = [r["id"] for r in made["created"]]
    one = await api.post(f"{API}/reservations/{ids[1]}/cancel", json={"reason": "away"}, headers=user.auth)
    assert one.json()["cancelled_ids"] == [ids[1]]
    following = await api.post(f"{API}/reservations/{ids[4]}/cancel", json={"scope": "following"}, headers=user.auth)
    assert following.json()["cancelled_ids"] == ids[4:]
    everything = await api.post(f"{API}/reservations/{ids[0]}/cancel", json={"scope": "series"}, headers=user.auth)
    assert sorted(everything.json()["cancelled_ids"]) == [ids[0], ids[2], ids[3]]
    states = {r["id"]: (r["status"], r["cancellation_reason"]) for r in await mine(api, user)}
    assert states[ids[1]] == ("cancelled", "away") and {s for s, _ in states.values()} == {"cancelled"}


async def test_move_this_and_following_by_an_hour(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    made = (
        await api.post(
            f"{API}/reservations/recurring",
            json=series_body(room["id"], next_weekday(0, 12, 2), rrule="FREQ=WEEKLY;COUNT=3"),
            headers=user.auth,
        )
    ).json()
    second = made["created"][1]
    new_start = datetime.fromisoformat(second["start_time"]) + timedelta(hours=1)
    moved = await api.patch(
        f"{API}/reservations/{second['id']}",
        json={
            "start_time": new_start.isoformat(),
            "end_time": (new_start + timedelta(hours=1)).isoformat(),
            "scope": "following",
        },
        headers=user.auth,
    )
    assert moved.status_code == 200, moved.text
    assert [r["id"] for r in moved.json()["moved"]] == [r["id"] for r in made["created"][1:]]
    assert {r["start_time_local"][11:16] for r in moved.json()["moved"]} == {
        new_start.astimezone(PARIS).strftime("%H:%M")
    }
    intruder = await sign_up_and_in(api, "mallory")
    assert (
        await api.patch(
            f"{API}/reservations/{second['id']}",
            json={"start_time": new_start.isoformat(), "end_time": (new_start + timedelta(hours=2)).isoformat()},
            headers=intruder.auth,
        )
    ).status_code == 404


async def test_a_52_week_series_is_created_quickly_and_a_retry_changes_nothing(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    body = series_body(room["id"], next_weekday(2, 7), rrule="FREQ=WEEKLY;COUNT=52")
    headers = {**user.auth, "Idempotency-Key": "series-52"}
    started = time.perf_counter()
    first = await api.post(f"{API}/reservations/recurring", json=body, headers=headers)
    elapsed = time.perf_counter() - started
    assert first.status_code == 201 and len(first.json()["created"]) == 52
    assert elapsed < 2.0  # the bench measures the real figure; this guards against per-row work
    again = await api.post(f"{API}/reservations/recurring", json=body, headers=headers)
    assert again.json()["series_id"] == first.json()["series_id"]
    assert len(await mine(api, user)) == 52
