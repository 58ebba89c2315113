"""Calendars, bulk operations and analytics through the gateway."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import httpx
from icalendar import Calendar

from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_booking import API, book, mine, new_resource, next_weekday


async def test_calendar_subscription_feed_works_without_login_and_shows_cancellations(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(0, 9, 2)
    made = await api.post(
        f"{API}/reservations/recurring",
        json={
            "resource_id": room["id"],
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
            "recurrence": {"rrule": "FREQ=DAILY;COUNT=3"},
        },
        headers=user.auth,
    )
    ids = [r["id"] for r in made.json()["created"]]
    await api.post(f"{API}/reservations/{ids[1]}/cancel", json={}, headers=user.auth)
    sub = await api.get(f"{API}/calendar/subscription-url", headers=user.auth)
    assert sub.status_code == 200 and sub.json()["url"].endswith(f"/api/v1/calendar/feed/{sub.json()['token']}.ics")
    feed_path = sub.json()["url"].split("://", 1)[1].split("/", 1)[1]
    feed = await api.get("/" + feed_path)  # no Authorization header: calendar apps cannot send one
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = list(Calendar.from_ical(feed.content).walk("VEVENT"))
    assert [str(e["UID"]) for e in events if "RRULE" in e] == [f"series-{made.json()['series_id']}@resource-reserver"]
    assert [str(e["STATUS"]) for e in events if "RECURRENCE-ID" in e] == ["CANCELLED"]

    renewed = await api.post(f"{API}/calendar/regenerate-token", headers=user.auth)
    assert renewed.json()["token"] != sub.json()["token"]
    assert (await api.get("/" + feed_path)).status_code == 404
    junk = await api.get(f"{API}/calendar/feed/not-a-token.ics")
    assert junk.status_code in (404, 422)


async def test_ics_export_of_one_reservation_is_private(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(1, 9, 2)
    rid = (await book(api, user, room["id"], start, start + timedelta(hours=1), notes="budget review")).json()["id"]
    mine_ics = await api.get(f"{API}/calendar/export/{rid}.ics", headers=user.auth)
    [event] = list(Calendar.from_ical(mine_ics.content).walk("VEVENT"))
    assert (
        event.decoded("DTSTART") == start
        and str(event["DESCRIPTION"]) == "budget review"
        and str(event["SUMMARY"]) == room["name"]
    )
    stranger = await sign_up_and_in(api, "stranger")
    assert (await api.get(f"{API}/calendar/export/{rid}.ics", headers=stranger.auth)).status_code == 404
    my_feed = await api.get(f"{API}/calendar/my-feed", headers=user.auth)
    assert len(list(Calendar.from_ical(my_feed.content).walk("VEVENT"))) == 1


async def test_bulk_validate_create_cancel_and_export(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    room = await new_resource(api, admin)
    start = next_weekday(2, 9, 2)
    items = [
        {
            "resource_id": room["id"],
            "start_time": (start + timedelta(hours=h)).isoformat(),
            "end_time": (start + timedelta(hours=h + 1)).isoformat(),
        }
        for h in (0, 1, 1)
    ]
    checked = await api.post(f"{API}/bulk/reservations/validate", json={"reservations": items}, headers=user.auth)
    assert [r["outcome"] for r in checked.json()["results"]] == ["valid", "valid", "conflict"]
    assert await mine(api, user) == []
    made = await api.post(f"{API}/bulk/reservations", json={"reservations": items}, headers=user.auth)
    assert made.status_code == 200 and made.json()["created"] == 2 and made.json()["failed"] == 1
    ids = [r["reservation"]["id"] for r in made.json()["results"] if r["reservation"]]
    exported = await api.get(f"{API}/bulk/reservations/export", headers=user.auth)
    assert sorted(int(r["id"]) for r in csv.DictReader(io.StringIO(exported.text))) == sorted(ids)
    cancelled = await api.post(f"{API}/bulk/reservations/cancel", json={"ids": [*ids, 987654321]}, headers=user.auth)
    assert [r["outcome"] for r in cancelled.json()["results"]] == ["cancelled", "cancelled", "not_found"]
    too_many = await api.post(f"{API}/bulk/reservations", json={"reservations": items * 200}, headers=user.auth)
    assert too_many.status_code == 422


async def test_analytics_are_for_managers_and_count_what_was_booked(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin, timezone="UTC")
    start = next_weekday(3, 14, 2)
    for day in (0, 1):
        assert (
            await book(api, user, room["id"], start + timedelta(days=day), start + timedelta(days=day, hours=2))
        ).status_code == 201
    params = {"start_date": datetime.now(UTC).isoformat(), "end_date": (start + timedelta(days=3)).isoformat()}
    assert (await api.get(f"{API}/analytics/dashboard", params=params, headers=user.auth)).status_code == 403
    util = await api.get(
        f"{API}/analytics/utilization", params={**params, "resource_id": room["id"]}, headers=admin.auth
    )
    [row] = util.json()["resources"]
    assert row["booked_hours"] == 4.0 and row["reservation_count"] == 2 and 0 < row["utilization"] <= 1
    peaks = await api.get(
        f"{API}/analytics/peak-times", params={**params, "resource_id": room["id"]}, headers=admin.auth
    )
    matrix = peaks.json()["matrix"]
    assert matrix[start.weekday()][14] == 1 and sum(map(sum, matrix)) == 2
    popular = await api.get(f"{API}/analytics/popular-resources", params=params, headers=admin.auth)
    assert room["id"] in [p["resource_id"] for p in popular.json()]
    patterns = await api.get(f"{API}/analytics/user-patterns", params=params, headers=admin.auth)
    assert any(p["user_id"] == user.user_id and p["reservation_count"] == 2 for p in patterns.json())
    report = await api.get(
        f"{API}/analytics/export/reservations.csv", params={"resource_id": room["id"]}, headers=admin.auth
    )
    assert len(list(csv.DictReader(io.StringIO(report.text)))) == 2
    utilization_csv = await api.get(f"{API}/analytics/export/utilization.csv", params=params, headers=admin.auth)
    assert (
        utilization_csv.headers["content-type"].startswith("text/csv")
        and "resource_id" in utilization_csv.text.splitlines()[0]
    )
    naive = await api.get(
        f"{API}/analytics/dashboard", params={"start_date": "2030-01-01T00:00:00"}, headers=admin.auth
    )
    assert naive.status_code == 422


async def test_reservation_export_writes_formulas_as_plain_text(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    room = await new_resource(api, admin, timezone="UTC")
    start = next_weekday(4, 9, 3)
    notes = ["=1+1", "+1", "-1", "@A1", "\t=cmd|' /C calc'!A0", '\r=HYPERLINK("x")']
    for i, note in enumerate(notes):
        made = await book(api, user, room["id"], start + timedelta(hours=i), start + timedelta(hours=i + 1), notes=note)
        assert made.status_code == 201, made.text
    report = await api.get(
        f"{API}/analytics/export/reservations.csv", params={"resource_id": room["id"]}, headers=admin.auth
    )
    exported = sorted(row["notes"] for row in csv.DictReader(io.StringIO(report.text)))
    assert exported == sorted("'" + note for note in notes)
