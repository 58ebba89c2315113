"""Site-wide business hours and blackouts: the effective calendar of a resource (own hours replace
the site's, blackouts add up), how every bookability question follows it, events and refusals.

The site calendar is shared by every test of the session: each test here leaves it empty again."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import grpc
import pytest
from rr.catalog.v1 import catalog_pb2, events_pb2

from rr_catalog.hours.domain import Opening, hours_key
from rr_catalog.hours.effective import effective_calendar, hours_source
from rr_common.bookability.calendar import BlackoutRule
from services.catalog.tests.support import hours, list_request, slot, time_range

WEEKDAYS_9_TO_17 = [(d, "09:00", "17:00") for d in range(5)]
# A Tuesday far from the dates other tests use.
TUESDAY = date(2033, 3, 8)


async def clear_site(catalog, admin) -> None:
    await catalog.SetSiteBusinessHours(catalog_pb2.SetSiteBusinessHoursRequest(), metadata=admin)
    for blackout in (await catalog.ListSiteBlackouts(catalog_pb2.ListSiteBlackoutsRequest(), metadata=admin)).blackouts:
        await catalog.RemoveSiteBlackout(catalog_pb2.RemoveSiteBlackoutRequest(id=blackout.id), metadata=admin)


@pytest.fixture
async def site(catalog, admin) -> AsyncIterator[None]:
    await clear_site(catalog, admin)
    yield
    await clear_site(catalog, admin)


async def set_site_hours(catalog, admin, intervals) -> catalog_pb2.SiteBusinessHours:
    return await catalog.SetSiteBusinessHours(
        catalog_pb2.SetSiteBusinessHoursRequest(intervals=hours(*intervals)), metadata=admin
    )


async def add_site_blackout(catalog, admin, day: date, reason: str = "Holiday") -> catalog_pb2.BlackoutDate:
    request = catalog_pb2.AddSiteBlackoutRequest(start_date=day.isoformat(), reason=reason)
    return (await catalog.AddSiteBlackout(request, metadata=admin)).blackout


async def verdict(catalog, user, resource_id: int, start: datetime, hours_long: float) -> catalog_pb2.SlotVerdict:
    request = catalog_pb2.CheckBookableRequest(resource_id=resource_id, slots=[slot(start, hours_long)])
    return (await catalog.CheckBookable(request, metadata=user)).verdicts[0]


async def own_hours(catalog, admin, resource_id: int, intervals) -> catalog_pb2.BusinessHours:
    request = catalog_pb2.SetBusinessHoursRequest(resource_id=resource_id, intervals=hours(*intervals))
    return await catalog.SetBusinessHours(request, metadata=admin)


class TestEffectiveCalendar:
    """The pure rule every bookability question goes through."""

    SITE = hours_key([Opening(d, 9 * 60, 17 * 60) for d in range(5)])
    OWN = hours_key([Opening(5, 10 * 60, 12 * 60)])
    HOLIDAY = BlackoutRule(1, TUESDAY, TUESDAY, "Holiday", site_wide=True)
    AUDIT = BlackoutRule(2, date(2033, 3, 9), date(2033, 3, 9), "Audit")

    def test_without_own_hours_the_site_week_applies_in_the_resource_zone(self):
        calendar = effective_calendar("Asia/Tokyo", "", (), self.SITE, ())
        day = calendar.hours(datetime(2033, 3, 7, tzinfo=UTC), datetime(2033, 3, 8, tzinfo=UTC))
        # Monday 09:00-17:00 in Tokyo (UTC+9) is 00:00-08:00 UTC.
        assert day[0] == (datetime(2033, 3, 7, 0, tzinfo=UTC), datetime(2033, 3, 7, 8, tzinfo=UTC))
        assert hours_source("") == "site"

    def test_own_hours_replace_the_site_week_entirely(self):
        calendar = effective_calendar("UTC", self.OWN, (), self.SITE, ())
        week = calendar.hours(datetime(2033, 3, 7, tzinfo=UTC), datetime(2033, 3, 14, tzinfo=UTC))
        assert week == [(datetime(2033, 3, 12, 10, tzinfo=UTC), datetime(2033, 3, 12, 12, tzinfo=UTC))]
        assert hours_source(self.OWN) == "resource"

    def test_site_blackouts_add_to_the_resource_own(self):
        calendar = effective_calendar("UTC", self.OWN, (self.AUDIT,), self.SITE, (self.HOLIDAY,))
        closures = calendar.closures(datetime(2033, 3, 7, tzinfo=UTC), datetime(2033, 3, 11, tzinfo=UTC))
        assert [(rule.reason, rule.site_wide) for _, _, rule in closures] == [("Holiday", True), ("Audit", False)]

    def test_nothing_set_anywhere_is_open_around_the_clock(self):
        calendar = effective_calendar("UTC", "", (), "", ())
        start, end = datetime(2033, 3, 5, 22, tzinfo=UTC), datetime(2033, 3, 6, 3, tzinfo=UTC)
        assert calendar.open_spans(start, end) == [(start, end)]


@pytest.mark.usefixtures("site")
class TestSiteHours:
    async def test_a_resource_without_hours_follows_the_site_and_one_with_its_own_does_not(
        self, catalog, admin, user, create_resource
    ):
        inheriting = await create_resource(timezone="Europe/Berlin")
        own = await create_resource(timezone="Europe/Berlin")
        await own_hours(catalog, admin, own.id, [(1, "18:00", "22:00")])
        saved = await set_site_hours(catalog, admin, WEEKDAYS_9_TO_17)
        assert [(i.day_of_week, i.open_time, i.close_time) for i in saved.intervals] == WEEKDAYS_9_TO_17

        # 08:00-09:00 UTC on a Tuesday in March is 09:00-10:00 in Berlin; 18:00 UTC is 19:00.
        morning, evening = datetime(2033, 3, 8, 8, tzinfo=UTC), datetime(2033, 3, 8, 18, tzinfo=UTC)
        assert (await verdict(catalog, user, inheriting.id, morning, 1)).bookable
        late = await verdict(catalog, user, inheriting.id, evening, 1)
        assert (late.bookable, late.code) == (False, "outside_business_hours")
        assert not (await verdict(catalog, user, own.id, morning, 1)).bookable
        assert (await verdict(catalog, user, own.id, evening, 1)).bookable

        read = await catalog.GetBusinessHours(
            catalog_pb2.GetBusinessHoursRequest(resource_id=inheriting.id), metadata=user
        )
        assert (read.source, len(read.intervals), read.timezone) == ("site", 5, "Europe/Berlin")
        mine = await catalog.GetBusinessHours(catalog_pb2.GetBusinessHoursRequest(resource_id=own.id), metadata=user)
        assert (mine.source, [(i.day_of_week, i.open_time) for i in mine.intervals]) == ("resource", [(1, "18:00")])

    async def test_clearing_own_hours_returns_to_the_site_hours(self, catalog, admin, user, create_resource):
        resource = await create_resource()
        await set_site_hours(catalog, admin, WEEKDAYS_9_TO_17)
        await own_hours(catalog, admin, resource.id, [(6, "10:00", "12:00")])
        back = await own_hours(catalog, admin, resource.id, [])
        assert back.source == "site" and len(back.intervals) == 5
        window = time_range(datetime(2033, 3, 8, tzinfo=UTC), datetime(2033, 3, 9, tzinfo=UTC))
        answer = await catalog.GetOpenIntervals(
            catalog_pb2.GetOpenIntervalsRequest(resource_id=resource.id, range=window), metadata=user
        )
        assert [(r.start.ToDatetime().hour, r.end.ToDatetime().hour) for r in answer.open] == [(9, 17)]

    async def test_site_hours_decide_the_availability_filter(self, catalog, admin, user, create_resource):
        group = f"site-{uuid.uuid4().hex[:8]}"
        inheriting = await create_resource(tags=[group])
        night_owl = await create_resource(tags=[group])
        await own_hours(catalog, admin, night_owl.id, [(1, "00:00", "24:00")])
        await set_site_hours(catalog, admin, WEEKDAYS_9_TO_17)
        evening = time_range(datetime(2033, 3, 8, 19, tzinfo=UTC), datetime(2033, 3, 8, 20, tzinfo=UTC))
        request = catalog_pb2.ListAvailabilityCandidatesRequest(filters=list_request(tags=[group]), window=evening)
        assert list((await catalog.ListAvailabilityCandidates(request, metadata=user)).resource_ids) == [night_owl.id]
        await set_site_hours(catalog, admin, [])
        assert list((await catalog.ListAvailabilityCandidates(request, metadata=user)).resource_ids) == [
            inheriting.id,
            night_owl.id,
        ]

    async def test_change_publishes_the_site_calendar(self, catalog, admin, db):
        await set_site_hours(catalog, admin, [(0, "08:00", "12:00")])
        row = await db.fetchrow(
            "SELECT payload FROM outbox WHERE subject = 'rr.catalog.site.calendar_changed' ORDER BY id DESC LIMIT 1"
        )
        event = events_pb2.SiteCalendarChanged.FromString(row["payload"])
        assert event.change == "hours"
        assert [(i.day_of_week, i.open_time, i.close_time) for i in event.hours.intervals] == [(0, "08:00", "12:00")]

    async def test_bad_hours_are_refused_and_nothing_changes(self, catalog, admin, refused):
        await set_site_hours(catalog, admin, WEEKDAYS_9_TO_17)
        code, payload = await refused(set_site_hours(catalog, admin, [(1, "17:00", "09:00")]))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "closes" in payload["detail"]
        kept = await catalog.GetSiteBusinessHours(catalog_pb2.GetSiteBusinessHoursRequest(), metadata=admin)
        assert len(kept.intervals) == 5

    async def test_only_admins_and_managers_change_them_anyone_reads(self, catalog, admin, manager, user, refused):
        code, _ = await refused(set_site_hours(catalog, user, WEEKDAYS_9_TO_17))
        assert code == grpc.StatusCode.PERMISSION_DENIED
        code, _ = await refused(add_site_blackout(catalog, user, TUESDAY))
        assert code == grpc.StatusCode.PERMISSION_DENIED
        await set_site_hours(catalog, manager, WEEKDAYS_9_TO_17)
        read = await catalog.GetSiteBusinessHours(catalog_pb2.GetSiteBusinessHoursRequest(), metadata=user)
        assert len(read.intervals) == 5
        assert not (await catalog.ListSiteBlackouts(catalog_pb2.ListSiteBlackoutsRequest(), metadata=user)).blackouts


@pytest.mark.usefixtures("site")
class TestSiteBlackouts:
    async def test_a_site_blackout_closes_every_resource_until_removed(
        self, catalog, admin, user, create_resource, refused
    ):
        paris = await create_resource(timezone="Europe/Paris")
        office = await create_resource(timezone="UTC")
        await own_hours(catalog, admin, office.id, WEEKDAYS_9_TO_17)
        added = await add_site_blackout(catalog, admin, TUESDAY, "National holiday")
        assert (added.resource_id, added.start_date, added.end_date) == (0, "2033-03-08", "2033-03-08")

        noon = datetime(2033, 3, 8, 11, tzinfo=UTC)
        for resource in (paris, office):
            closed = await verdict(catalog, user, resource.id, noon, 1)
            assert (closed.bookable, closed.code) == (False, "blackout")
            assert "site-wide" in closed.reason and "National holiday" in closed.reason
        window = time_range(datetime(2033, 3, 8, tzinfo=UTC), datetime(2033, 3, 9, tzinfo=UTC))
        answer = await catalog.GetOpenIntervals(
            catalog_pb2.GetOpenIntervalsRequest(resource_id=office.id, range=window), metadata=user
        )
        assert not answer.open
        assert [(b.id, b.site_wide, b.reason) for b in answer.blackouts] == [(added.id, True, "National holiday")]

        # Not one of a resource's own blackouts: the per-resource path neither lists nor removes it.
        assert not (
            await catalog.ListBlackouts(catalog_pb2.ListBlackoutsRequest(resource_id=office.id), metadata=user)
        ).blackouts
        code, payload = await refused(
            catalog.RemoveBlackout(catalog_pb2.RemoveBlackoutRequest(id=added.id), metadata=admin)
        )
        assert code == grpc.StatusCode.NOT_FOUND and "/site/blackout-dates" in payload["detail"]

        await catalog.RemoveSiteBlackout(catalog_pb2.RemoveSiteBlackoutRequest(id=added.id), metadata=admin)
        assert (await verdict(catalog, user, office.id, noon, 1)).bookable
        assert (await verdict(catalog, user, paris.id, noon, 1)).bookable

    async def test_the_day_is_the_resource_local_day(self, catalog, admin, user, create_resource):
        tokyo = await create_resource(timezone="Asia/Tokyo")
        await add_site_blackout(catalog, admin, TUESDAY)
        # 20:00 UTC on Monday is already Tuesday in Tokyo; 16:00 UTC on Tuesday is Wednesday there.
        assert not (await verdict(catalog, user, tokyo.id, datetime(2033, 3, 7, 20, tzinfo=UTC), 1)).bookable
        assert (await verdict(catalog, user, tokyo.id, datetime(2033, 3, 8, 16, tzinfo=UTC), 1)).bookable

    async def test_events_carry_the_site_calendar(self, catalog, admin, db):
        added = await add_site_blackout(catalog, admin, TUESDAY, "Inventory")
        await catalog.RemoveSiteBlackout(catalog_pb2.RemoveSiteBlackoutRequest(id=added.id), metadata=admin)
        rows = await db.fetch(
            "SELECT payload FROM outbox WHERE subject = 'rr.catalog.site.calendar_changed' ORDER BY id DESC LIMIT 2"
        )
        removed, created = (events_pb2.SiteCalendarChanged.FromString(row["payload"]) for row in rows)
        assert (created.change, created.blackout.id, [b.id for b in created.blackouts]) == (
            "blackout_added",
            added.id,
            [added.id],
        )
        assert (removed.change, removed.blackout.id, list(removed.blackouts)) == ("blackout_removed", added.id, [])

    async def test_bad_dates_are_refused_and_nothing_is_written(self, catalog, admin, refused):
        request = catalog_pb2.AddSiteBlackoutRequest(start_date="2033-03-09", end_date="2033-03-08")
        code, payload = await refused(catalog.AddSiteBlackout(request, metadata=admin))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "end_date" in payload["detail"]
        code, _ = await refused(
            catalog.AddSiteBlackout(catalog_pb2.AddSiteBlackoutRequest(start_date="next tuesday"), metadata=admin)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert not (await catalog.ListSiteBlackouts(catalog_pb2.ListSiteBlackoutsRequest(), metadata=admin)).blackouts

    async def test_a_resource_blackout_is_not_a_site_one(self, catalog, admin, create_resource, refused):
        resource = await create_resource()
        own = (
            await catalog.AddBlackout(
                catalog_pb2.AddBlackoutRequest(resource_id=resource.id, start_date="2033-03-09"), metadata=admin
            )
        ).blackout
        code, _ = await refused(
            catalog.RemoveSiteBlackout(catalog_pb2.RemoveSiteBlackoutRequest(id=own.id), metadata=admin)
        )
        assert code == grpc.StatusCode.NOT_FOUND
        assert [
            b.id
            for b in (
                await catalog.ListBlackouts(catalog_pb2.ListBlackoutsRequest(resource_id=resource.id), metadata=admin)
            ).blackouts
        ] == [own.id]
