"""Site-wide business hours and blackouts through the gateway: a site blackout closes every
resource (booking refused, no free slots) until it is removed; the site's hours apply to a
resource without hours of its own and not to one with its own; only admins and managers change
them.

The site calendar is shared by the whole stack: each test leaves it empty again. Booking judges
from its projection of catalog, which a site change reaches by re-publishing every resource it
touches (many, in a session's stack): bookings and free slots after a change are asked until
booking agrees."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.support import Session, once_booking_agrees
from tests.e2e.support_catalog import API, new_resource
from tests.e2e.support_notify import eventually

# How long a site change may take to reach booking's projection of every resource.
SITE_CHANGE_SECONDS = 30.0
# A Tuesday that no other test books on.
TUESDAY = date(2034, 3, 7)
WEEKDAYS_9_TO_17 = [{"day_of_week": d, "open_time": "09:00", "close_time": "17:00"} for d in range(5)]


async def clear_site(api: httpx.AsyncClient, admin: Session) -> None:
    assert (await api.put(f"{API}/site/business-hours", json=[], headers=admin.auth)).status_code == 200
    for blackout in (await api.get(f"{API}/site/blackout-dates", headers=admin.auth)).json()["data"]:
        assert (await api.delete(f"{API}/site/blackout-dates/{blackout['id']}", headers=admin.auth)).status_code == 204


@pytest.fixture
async def site(api: httpx.AsyncClient, admin: Session) -> AsyncIterator[None]:
    await clear_site(api, admin)
    yield
    await clear_site(api, admin)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


async def book(
    api: httpx.AsyncClient, who: Session, resource_id: int, start: datetime, hours: float = 1
) -> httpx.Response:
    body = {
        "resource_id": resource_id,
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=hours)).isoformat(),
    }
    return await api.post(f"{API}/reservations", json=body, headers=who.auth)


async def booked_once_agreed(
    api: httpx.AsyncClient, who: Session, resource_id: int, start: datetime, status: int
) -> httpx.Response:
    """Book until booking answers `status` (see the module's docstring)."""
    body = {
        "resource_id": resource_id,
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=1)).isoformat(),
    }
    return await once_booking_agrees(api, who, body, status, SITE_CHANGE_SECONDS)


async def free_slots(api: httpx.AsyncClient, who: Session, resource_id: int, day: date) -> list[Any]:
    answer = await api.get(
        f"{API}/resources/{resource_id}/availability", params={"date": day.isoformat()}, headers=who.auth
    )
    assert answer.status_code == 200, answer.text
    slots: list[Any] = answer.json()["free_slots"]
    return slots


async def next_free(api: httpx.AsyncClient, who: Session, resource_id: int, after: datetime) -> datetime:
    answer = await api.get(
        f"{API}/resources/{resource_id}/next-available",
        params={"duration": 60, "after": after.isoformat()},
        headers=who.auth,
    )
    assert answer.status_code == 200 and answer.json()["found"], answer.text
    return datetime.fromisoformat(answer.json()["start_time"])


@pytest.mark.usefixtures("site")
async def test_a_site_blackout_closes_every_resource_until_it_is_removed(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    plain = await new_resource(api, admin, timezone="Europe/Paris")
    office = await new_resource(api, admin, timezone="UTC")
    assert (
        await api.put(f"{API}/resources/{office['id']}/business-hours", json=WEEKDAYS_9_TO_17, headers=admin.auth)
    ).status_code == 200
    assert await free_slots(api, user, office["id"], TUESDAY)

    added = await api.post(
        f"{API}/site/blackout-dates",
        json={"start_date": TUESDAY.isoformat(), "reason": "National holiday"},
        headers=admin.auth,
    )
    assert added.status_code == 201, added.text
    blackout = added.json()
    assert (blackout["start_date"], blackout["end_date"], blackout["reason"]) == (
        TUESDAY.isoformat(),
        TUESDAY.isoformat(),
        "National holiday",
    )
    listed = (await api.get(f"{API}/site/blackout-dates", headers=user.auth)).json()["data"]
    assert [b["id"] for b in listed] == [blackout["id"]]

    for resource in (plain, office):
        refused = await booked_once_agreed(api, user, resource["id"], at(TUESDAY, 10), 422)
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "blackout"
        assert "site-wide" in refused.json()["detail"] and "National holiday" in refused.json()["detail"]
        assert await free_slots(api, user, resource["id"], TUESDAY) == []
    # The day before is untouched; the next free hour is on the day after.
    assert await free_slots(api, user, office["id"], TUESDAY - timedelta(days=1))
    assert await next_free(api, user, office["id"], at(TUESDAY, 0)) == at(TUESDAY + timedelta(days=1), 9)

    assert (await api.delete(f"{API}/site/blackout-dates/{blackout['id']}", headers=admin.auth)).status_code == 204
    assert (await api.get(f"{API}/site/blackout-dates", headers=user.auth)).json()["data"] == []

    async def reopened() -> bool:
        return bool(await free_slots(api, user, office["id"], TUESDAY))

    await eventually(reopened, SITE_CHANGE_SECONDS)
    assert await next_free(api, user, office["id"], at(TUESDAY, 0)) == at(TUESDAY, 9)
    assert (await booked_once_agreed(api, user, office["id"], at(TUESDAY, 10), 201)).status_code == 201
    assert (await booked_once_agreed(api, user, plain["id"], at(TUESDAY, 10), 201)).status_code == 201
    again = await api.delete(f"{API}/site/blackout-dates/{blackout['id']}", headers=admin.auth)
    assert again.status_code == 404 and again.json()["code"] == "blackout_not_found"


@pytest.mark.usefixtures("site")
async def test_site_hours_apply_to_a_resource_without_hours_and_not_to_one_with_its_own(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    inheriting = await new_resource(api, admin, timezone="UTC")
    own = await new_resource(api, admin, timezone="UTC")
    evenings = [{"day_of_week": 1, "open_time": "18:00", "close_time": "22:00"}]
    assert (
        await api.put(f"{API}/resources/{own['id']}/business-hours", json=evenings, headers=admin.auth)
    ).status_code == 200
    saved = await api.put(f"{API}/site/business-hours", json=WEEKDAYS_9_TO_17, headers=admin.auth)
    assert saved.status_code == 200 and saved.json() == {"intervals": WEEKDAYS_9_TO_17}
    assert (await api.get(f"{API}/site/business-hours", headers=user.auth)).json() == saved.json()

    inherited = (await api.get(f"{API}/resources/{inheriting['id']}/business-hours", headers=user.auth)).json()
    assert (inherited["source"], inherited["intervals"]) == ("site", WEEKDAYS_9_TO_17)
    mine = (await api.get(f"{API}/resources/{own['id']}/business-hours", headers=user.auth)).json()
    assert (mine["source"], mine["intervals"]) == ("resource", evenings)

    late = await booked_once_agreed(api, user, inheriting["id"], at(TUESDAY, 19), 422)
    assert late.status_code == 422 and late.json()["code"] == "outside_business_hours"
    assert (await book(api, user, inheriting["id"], at(TUESDAY, 10))).status_code == 201
    assert (await book(api, user, own["id"], at(TUESDAY, 19))).status_code == 201
    early = await booked_once_agreed(api, user, own["id"], at(TUESDAY, 10), 422)
    assert early.status_code == 422 and early.json()["code"] == "outside_business_hours"

    # Clearing its own hours returns a resource to the site's.
    back = await api.put(f"{API}/resources/{own['id']}/business-hours", json=[], headers=admin.auth)
    assert (back.json()["source"], back.json()["intervals"]) == ("site", WEEKDAYS_9_TO_17)
    assert (await booked_once_agreed(api, user, own["id"], at(TUESDAY, 11), 201)).status_code == 201

    # The site's hours go again, and the tests after this one book at any hour: wait until
    # booking has heard (every resource's snapshot comes in the same commit).
    await clear_site(api, admin)
    evening = await booked_once_agreed(api, user, inheriting["id"], at(TUESDAY, 21), 201)
    assert evening.status_code == 201, evening.text


@pytest.mark.usefixtures("site")
async def test_only_admins_and_managers_change_the_site_calendar(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    assert (await api.put(f"{API}/site/business-hours", json=WEEKDAYS_9_TO_17, headers=user.auth)).status_code == 403
    denied = await api.post(f"{API}/site/blackout-dates", json={"start_date": TUESDAY.isoformat()}, headers=user.auth)
    assert denied.status_code == 403
    made = await api.post(f"{API}/site/blackout-dates", json={"start_date": TUESDAY.isoformat()}, headers=admin.auth)
    assert (await api.delete(f"{API}/site/blackout-dates/{made.json()['id']}", headers=user.auth)).status_code == 403
    # Anyone who may browse the catalog reads them; nothing changed.
    assert (await api.get(f"{API}/site/business-hours")).json() == {"intervals": []}
    assert [b["id"] for b in (await api.get(f"{API}/site/blackout-dates")).json()["data"]] == [made.json()["id"]]


@pytest.mark.usefixtures("site")
async def test_bad_site_calendar_input_is_refused_and_writes_nothing(api: httpx.AsyncClient, admin: Session) -> None:
    reversed_hours = await api.put(
        f"{API}/site/business-hours",
        json=[{"day_of_week": 2, "open_time": "17:00", "close_time": "09:00"}],
        headers=admin.auth,
    )
    assert reversed_hours.status_code == 422 and "split overnight hours" in reversed_hours.text
    reversed_dates = await api.post(
        f"{API}/site/blackout-dates", json={"start_date": "2034-03-09", "end_date": "2034-03-08"}, headers=admin.auth
    )
    assert reversed_dates.status_code == 422 and "end_date" in reversed_dates.text
    not_a_date = await api.post(f"{API}/site/blackout-dates", json={"start_date": "next tuesday"}, headers=admin.auth)
    assert not_a_date.status_code == 422
    assert (await api.get(f"{API}/site/business-hours", headers=admin.auth)).json() == {"intervals": []}
    assert (await api.get(f"{API}/site/blackout-dates", headers=admin.auth)).json()["data"] == []
    # A resource's own blackout path does not reach a site-wide one.
    made = (await api.post(f"{API}/site/blackout-dates", json={"start_date": "2034-03-08"}, headers=admin.auth)).json()
    wrong_path = await api.delete(f"{API}/blackout-dates/{made['id']}", headers=admin.auth)
    assert wrong_path.status_code == 404 and "/site/blackout-dates" in wrong_path.json()["detail"]
