"""Business hours and blackouts: validation, events, open intervals in UTC across DST, and the
precise reasons CheckBookable gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import pytest
from rr.catalog.v1 import catalog_pb2, events_pb2

from rr_common.timeconv import from_timestamp
from services.catalog.tests.support import events_for, hours, slot, time_range, update

WEEKDAYS_9_TO_17 = [(d, "09:00", "17:00") for d in range(5)]


async def with_hours(catalog, admin, resource_id: int, intervals) -> catalog_pb2.BusinessHours:
    request = catalog_pb2.SetBusinessHoursRequest(resource_id=resource_id, intervals=hours(*intervals))
    return await catalog.SetBusinessHours(request, metadata=admin)


async def verdicts(catalog, user, resource_id: int, *slots) -> list[tuple[bool, str]]:
    answer = await catalog.CheckBookable(
        catalog_pb2.CheckBookableRequest(resource_id=resource_id, slots=slots), metadata=user
    )
    return [(v.bookable, v.code) for v in answer.verdicts]


def spans(answer: catalog_pb2.GetOpenIntervalsResponse) -> list[tuple[str, str]]:
    return [
        (from_timestamp(r.start).strftime("%m-%d %H:%M"), from_timestamp(r.end).strftime("%m-%d %H:%M"))
        for r in answer.open
    ]


class TestBusinessHours:
    async def test_set_read_back_and_event(self, catalog, admin, user, create_resource, db):
        resource = await create_resource(timezone="Europe/Berlin")
        saved = await with_hours(
            catalog, admin, resource.id, [(0, "13:00", "17:00"), (0, "08:00", "12:00"), (6, "10:00", "24:00")]
        )
        read = await catalog.GetBusinessHours(
            catalog_pb2.GetBusinessHoursRequest(resource_id=resource.id), metadata=user
        )
        assert read == saved
        assert [(i.day_of_week, i.open_time, i.close_time) for i in read.intervals] == [
            (0, "08:00", "12:00"),
            (0, "13:00", "17:00"),
            (6, "10:00", "24:00"),
        ]
        assert read.timezone == "Europe/Berlin"
        [event] = await events_for(db, "rr.catalog.hours.changed", events_pb2.BusinessHoursChanged, resource.id)
        assert event.hours == saved

    @pytest.mark.parametrize(
        ("intervals", "fragment"),
        [
            ([(0, "09:00", "12:00"), (0, "11:00", "14:00")], "overlaps"),
            ([(1, "17:00", "09:00")], "closes"),
            ([(2, "10:00", "10:00")], "closes"),
            ([(3, "25:00", "26:00")], "HH:MM"),
            ([(7, "09:00", "10:00")], "day_of_week"),
            ([(4, "24:00", "24:00")], "HH:MM"),
        ],
    )
    async def test_bad_intervals_are_refused_and_nothing_changes(
        self, catalog, admin, create_resource, refused, intervals, fragment
    ):
        resource = await create_resource()
        await with_hours(catalog, admin, resource.id, WEEKDAYS_9_TO_17)
        code, payload = await refused(with_hours(catalog, admin, resource.id, intervals))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and fragment in payload["detail"]
        kept = await catalog.GetBusinessHours(
            catalog_pb2.GetBusinessHoursRequest(resource_id=resource.id), metadata=admin
        )
        assert len(kept.intervals) == 5

    async def test_user_cannot_set_hours(self, catalog, user, create_resource, refused):
        resource = await create_resource()
        code, _ = await refused(with_hours(catalog, user, resource.id, WEEKDAYS_9_TO_17))
        assert code == grpc.StatusCode.PERMISSION_DENIED


class TestOpenIntervals:
    async def test_local_hours_follow_the_zone_across_dst(self, catalog, admin, user, create_resource):
        # Europe/Berlin leaves summer time on Sunday 2030-10-27: 09:00 local is 07:00Z before, 08:00Z after.
        resource = await create_resource(timezone="Europe/Berlin")
        await with_hours(catalog, admin, resource.id, [(d, "09:00", "17:00") for d in range(7)])
        window = time_range(datetime(2030, 10, 26, tzinfo=UTC), datetime(2030, 10, 28, tzinfo=UTC))
        answer = await catalog.GetOpenIntervals(
            catalog_pb2.GetOpenIntervalsRequest(resource_id=resource.id, range=window), metadata=user
        )
        assert spans(answer) == [("10-26 07:00", "10-26 15:00"), ("10-27 08:00", "10-27 16:00")]

    async def test_no_hours_means_open_around_the_clock(self, catalog, user, create_resource):
        resource = await create_resource(timezone="Asia/Tokyo")
        window = time_range(datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 3, tzinfo=UTC))
        answer = await catalog.GetOpenIntervals(
            catalog_pb2.GetOpenIntervalsRequest(resource_id=resource.id, range=window), metadata=user
        )
        assert spans(answer) == [("01-01 00:00", "01-03 00:00")]

    async def test_blackouts_are_cut_out_in_local_days(self, catalog, admin, user, create_resource):
        resource = await create_resource(timezone="America/New_York")
        added = await catalog.AddBlackout(
            catalog_pb2.AddBlackoutRequest(resource_id=resource.id, start_date="2030-07-04", reason="Holiday"),
            metadata=admin,
        )
        window = time_range(datetime(2030, 7, 3, 12, tzinfo=UTC), datetime(2030, 7, 6, tzinfo=UTC))
        answer = await catalog.GetOpenIntervals(
            catalog_pb2.GetOpenIntervalsRequest(resource_id=resource.id, range=window), metadata=user
        )
        # New York is UTC-4 in July: the local day 07-04 is 04:00Z to 04:00Z the next day.
        assert spans(answer) == [("07-03 12:00", "07-04 04:00"), ("07-05 04:00", "07-06 00:00")]
        assert [(b.id, b.reason) for b in answer.blackouts] == [(added.blackout.id, "Holiday")]

    async def test_range_over_a_year_is_refused(self, catalog, user, create_resource, refused):
        resource = await create_resource()
        window = time_range(datetime(2030, 1, 1, tzinfo=UTC), datetime(2031, 6, 1, tzinfo=UTC))
        code, _ = await refused(
            catalog.GetOpenIntervals(
                catalog_pb2.GetOpenIntervalsRequest(resource_id=resource.id, range=window), metadata=user
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT


class TestBlackouts:
    async def test_add_list_remove_with_events(self, catalog, admin, user, create_resource, db, refused):
        resource = await create_resource()
        added = (
            await catalog.AddBlackout(
                catalog_pb2.AddBlackoutRequest(
                    resource_id=resource.id, start_date="2030-12-24", end_date="2030-12-26", reason="Xmas", yearly=True
                ),
                metadata=admin,
            )
        ).blackout
        listed = await catalog.ListBlackouts(catalog_pb2.ListBlackoutsRequest(resource_id=resource.id), metadata=user)
        assert list(listed.blackouts) == [added]
        await catalog.RemoveBlackout(
            catalog_pb2.RemoveBlackoutRequest(id=added.id, resource_id=resource.id), metadata=admin
        )
        assert not (
            await catalog.ListBlackouts(catalog_pb2.ListBlackoutsRequest(resource_id=resource.id), metadata=user)
        ).blackouts
        assert len(await events_for(db, "rr.catalog.blackout.added", events_pb2.BlackoutAdded, resource.id)) == 1
        assert len(await events_for(db, "rr.catalog.blackout.removed", events_pb2.BlackoutRemoved, resource.id)) == 1
        code, _ = await refused(catalog.RemoveBlackout(catalog_pb2.RemoveBlackoutRequest(id=added.id), metadata=admin))
        assert code == grpc.StatusCode.NOT_FOUND

    @pytest.mark.parametrize(
        ("start", "end", "loc"),
        [("2030-05-02", "2030-05-01", "end_date"), ("2030-02-30", "", "start_date"), ("tomorrow", "", "start_date")],
    )
    async def test_bad_dates_are_refused(self, catalog, admin, create_resource, refused, start, end, loc):
        resource = await create_resource()
        request = catalog_pb2.AddBlackoutRequest(resource_id=resource.id, start_date=start, end_date=end)
        code, payload = await refused(catalog.AddBlackout(request, metadata=admin))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["errors"][0]["loc"] == loc


class TestCheckBookableReasons:
    async def test_every_reason(self, catalog, admin, user, create_resource):
        resource = await create_resource(timezone="Europe/Paris")
        await with_hours(catalog, admin, resource.id, WEEKDAYS_9_TO_17)
        rules = catalog_pb2.BookingRules(
            min_duration_minutes=30,
            max_duration_minutes=240,
            slot_granularity_minutes=15,
            max_days_in_advance=3650,
            min_notice_minutes=60,
        )
        await catalog.UpdateResource(update(resource.id, ["rules"], rules=rules), metadata=admin)
        await catalog.AddBlackout(
            catalog_pb2.AddBlackoutRequest(resource_id=resource.id, start_date="2030-05-07", reason="Audit"),
            metadata=admin,
        )
        monday_9 = datetime(2030, 5, 6, 7, tzinfo=UTC)  # 09:00 in Paris (UTC+2)
        soon = (datetime.now(UTC) + timedelta(minutes=30)).replace(second=0, microsecond=0)
        soon -= timedelta(minutes=soon.minute % 15)
        assert await verdicts(
            catalog,
            user,
            resource.id,
            slot(monday_9, 1),
            slot(monday_9 - timedelta(hours=1), 1),
            slot(monday_9 + timedelta(days=1), 1),
            slot(monday_9, 0.25),
            slot(monday_9, 5),
            slot(monday_9 + timedelta(minutes=5), 1),
            slot(datetime(2045, 5, 8, 7, tzinfo=UTC), 1),
            slot(soon, 1),
        ) == [
            (True, ""),
            (False, "outside_business_hours"),
            (False, "blackout"),
            (False, "too_short"),
            (False, "too_long"),
            (False, "bad_granularity"),
            (False, "too_far_ahead"),
            (False, "too_soon"),
        ]

    async def test_buffers_come_back_to_booking(self, catalog, admin, user, create_resource):
        resource = await create_resource()
        rules = catalog_pb2.BookingRules(buffer_before_minutes=5, buffer_after_minutes=15)
        await catalog.UpdateResource(update(resource.id, ["rules"], rules=rules), metadata=admin)
        answer = await catalog.CheckBookable(
            catalog_pb2.CheckBookableRequest(
                resource_id=resource.id, slots=[slot(datetime(2030, 1, 1, tzinfo=UTC), 1)]
            ),
            metadata=user,
        )
        assert (answer.buffer_before_minutes, answer.buffer_after_minutes) == (5, 15)

    async def test_yearly_blackout_and_a_weekly_series_in_one_call(self, catalog, admin, user, create_resource):
        resource = await create_resource(timezone="UTC")
        await catalog.AddBlackout(
            catalog_pb2.AddBlackoutRequest(resource_id=resource.id, start_date="2020-12-25", yearly=True),
            metadata=admin,
        )
        weekly = [slot(datetime(2030, 12, 4, 10, tzinfo=UTC) + timedelta(weeks=w), 1) for w in range(5)]
        # 2030-12-25 is the fourth Wednesday.
        assert await verdicts(catalog, user, resource.id, *weekly) == [(True, "")] * 3 + [
            (False, "blackout"),
            (True, ""),
        ]

    async def test_maintenance_until_allows_later_slots(self, catalog, admin, user, create_resource):
        resource = await create_resource()
        until = datetime.now(UTC) + timedelta(days=2)
        request = catalog_pb2.SetResourceStatusRequest(id=resource.id, status="maintenance", reason="Paint")
        request.until.FromDatetime(until)
        await catalog.SetResourceStatus(request, metadata=admin)
        during, after = datetime.now(UTC) + timedelta(days=1), until + timedelta(days=1)
        answer = await catalog.CheckBookable(
            catalog_pb2.CheckBookableRequest(resource_id=resource.id, slots=[slot(during, 1), slot(after, 1)]),
            metadata=user,
        )
        assert [(v.bookable, v.code) for v in answer.verdicts] == [(False, "resource_unavailable"), (True, "")]
        assert "Paint" in answer.verdicts[0].reason
