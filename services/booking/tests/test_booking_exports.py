"""Calendars (parsed back with icalendar), bulk create/cancel/validate, analytics and CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
from dateutil.rrule import rrulestr
from icalendar import Calendar
from rr.booking.v1 import (
    analytics_pb2,
    analytics_pb2_grpc,
    booking_pb2,
    bulk_pb2,
    bulk_pb2_grpc,
    calendars_pb2,
    calendars_pb2_grpc,
)
from rr.common.v1 import common_pb2

from rr_common.timeconv import to_timestamp
from services.booking.tests.support import Booking, create, hour_slot, refused, uid


def calendars(booking: Booking) -> calendars_pb2_grpc.CalendarServiceStub:
    return calendars_pb2_grpc.CalendarServiceStub(booking.channel)


def bulk(booking: Booking) -> bulk_pb2_grpc.BulkServiceStub:
    return bulk_pb2_grpc.BulkServiceStub(booking.channel)


def analytics(booking: Booking) -> analytics_pb2_grpc.AnalyticsServiceStub:
    return analytics_pb2_grpc.AnalyticsServiceStub(booking.channel)


def item(resource_id: int, start: datetime, end: datetime) -> bulk_pb2.BulkItem:
    return bulk_pb2.BulkItem(resource_id=resource_id, start_time=to_timestamp(start), end_time=to_timestamp(end))


class TestCalendars:
    async def test_a_series_is_one_event_with_rrule_exdate_and_a_cancelled_override(self, booking: Booking) -> None:
        owner = uid()
        room = await booking.new_resource(timezone="Europe/Paris")
        start, _ = hour_slot(3, 8)
        blocker = await booking.stub.CreateReservation(
            create(room.id, start + timedelta(days=7), start + timedelta(days=7, hours=1)),
            metadata=booking.as_user(uid()),
        )
        made = await booking.stub.CreateSeries(
            booking_pb2.CreateSeriesRequest(
                resource_id=room.id,
                start_time=to_timestamp(start),
                end_time=to_timestamp(start + timedelta(hours=1)),
                recurrence=booking_pb2.Recurrence(rrule="FREQ=WEEKLY;COUNT=5"),
                conflict_policy="skip_conflicts",
            ),
            metadata=booking.as_user(owner),
        )
        assert len(made.created) == 4
        await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=made.created[1].id), metadata=booking.as_user(owner)
        )
        single = await booking.stub.CreateReservation(
            create(room.id, start + timedelta(hours=3), start + timedelta(hours=4)), metadata=booking.as_user(owner)
        )

        feed = await calendars(booking).GetMyFeed(calendars_pb2.GetMyFeedRequest(), metadata=booking.as_user(owner))
        parsed = Calendar.from_ical(feed.ics)
        events = list(parsed.walk("VEVENT"))
        masters = [e for e in events if "RRULE" in e]
        assert len(masters) == 1
        master = masters[0]
        assert str(master["UID"]) == f"series-{made.series.id}@resource-reserver"
        exdates = (
            [d.dt for d in master["EXDATE"].dts]
            if not isinstance(master["EXDATE"], list)
            else [d.dt for x in master["EXDATE"] for d in x.dts]
        )
        assert [d.astimezone(UTC) for d in exdates] == [blocker.reservation.start_time.ToDatetime(tzinfo=UTC)]
        # Expanding RRULE minus EXDATE gives exactly the booked occurrences' original starts.
        rule = rrulestr(master["RRULE"].to_ical().decode(), dtstart=master.decoded("DTSTART"))
        expected = [r.recurrence_id.ToDatetime(tzinfo=UTC) for r in made.created]
        assert [d.astimezone(UTC) for d in rule if d not in exdates] == expected
        cancelled = [e for e in events if "RECURRENCE-ID" in e]
        assert [(str(e["STATUS"]), e.decoded("RECURRENCE-ID").astimezone(UTC)) for e in cancelled] == [
            ("CANCELLED", expected[1])
        ]
        singles = [e for e in events if str(e["UID"]) == f"reservation-{single.reservation.id}@resource-reserver"]
        assert len(singles) == 1 and str(singles[0]["STATUS"]) == "CONFIRMED"
        assert list(parsed.walk("VTIMEZONE"))  # TZID references resolve

    async def test_the_feed_token_opens_the_feed_without_a_login_until_regenerated(self, booking: Booking) -> None:
        owner = uid()
        room = await booking.new_resource()
        start, end = hour_slot(4)
        await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(owner))
        first = await calendars(booking).GetSubscription(
            calendars_pb2.GetSubscriptionRequest(), metadata=booking.as_user(owner)
        )
        again = await calendars(booking).GetSubscription(
            calendars_pb2.GetSubscriptionRequest(), metadata=booking.as_user(owner)
        )
        assert first.token == again.token and len(first.token) >= 40
        feed = await calendars(booking).GetFeed(calendars_pb2.GetFeedRequest(token=first.token))
        assert len(list(Calendar.from_ical(feed.ics).walk("VEVENT"))) == 1
        fresh = await calendars(booking).RegenerateToken(
            calendars_pb2.RegenerateTokenRequest(), metadata=booking.as_user(owner)
        )
        assert fresh.token != first.token
        code, _ = await refused(calendars(booking).GetFeed(calendars_pb2.GetFeedRequest(token=first.token)))
        assert code == grpc.StatusCode.NOT_FOUND

    async def test_exporting_someone_elses_reservation_is_404(self, booking: Booking) -> None:
        room = await booking.new_resource()
        start, end = hour_slot(5)
        made = await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        code, _ = await refused(
            calendars(booking).ExportReservation(
                calendars_pb2.ExportReservationRequest(id=made.reservation.id), metadata=booking.as_user(uid())
            )
        )
        assert code == grpc.StatusCode.NOT_FOUND


class TestBulk:
    async def test_validate_only_reports_each_item_and_writes_nothing(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource()
        who = uid()
        start, end = hour_slot(6)
        await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        request = bulk_pb2.BulkCreateRequest(
            items=[
                item(room.id, start, end),
                item(room.id, end, end + timedelta(hours=1)),
                item(room.id, end, end + timedelta(hours=1)),
                item(999_999_996, start, end),
                item(room.id, end, start),
            ],
            validate_only=True,
        )
        answer = await bulk(booking).BulkCreate(request, metadata=booking.as_user(who))
        assert [r.outcome for r in answer.results] == ["conflict", "valid", "conflict", "not_found", "invalid"]
        assert await db.fetchval("SELECT count(*) FROM reservations WHERE user_id = $1", who) == 0

    async def test_create_writes_the_valid_items_once_even_when_retried(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        rooms = [await booking.new_resource() for _ in range(2)]
        who = uid()
        start, end = hour_slot(7)
        request = bulk_pb2.BulkCreateRequest(
            items=[item(rooms[0].id, start, end), item(rooms[1].id, start, end), item(rooms[1].id, start, end)],
            idempotency_key="batch-1",
        )
        first = await bulk(booking).BulkCreate(request, metadata=booking.as_user(who))
        assert [r.outcome for r in first.results] == ["created", "created", "conflict"] and first.created == 2
        again = await bulk(booking).BulkCreate(request, metadata=booking.as_user(who))
        assert [r.reservation.id for r in again.results[:2]] == [r.reservation.id for r in first.results[:2]]
        assert await db.fetchval("SELECT count(*) FROM reservations WHERE user_id = $1", who) == 2

    async def test_cancel_many_only_touches_what_the_caller_may(self, booking: Booking) -> None:
        room = await booking.new_resource()
        who, other = uid(), uid()
        ids = []
        for day in (8, 9):
            s, e = hour_slot(day)
            ids.append(
                (
                    await booking.stub.CreateReservation(create(room.id, s, e), metadata=booking.as_user(who))
                ).reservation.id
            )
        s, e = hour_slot(10)
        foreign = (
            await booking.stub.CreateReservation(create(room.id, s, e), metadata=booking.as_user(other))
        ).reservation.id
        answer = await bulk(booking).BulkCancel(
            bulk_pb2.BulkCancelRequest(ids=[*ids, foreign], reason="trip off"), metadata=booking.as_user(who)
        )
        assert [(r.id, r.outcome) for r in answer.results] == [
            (ids[0], "cancelled"),
            (ids[1], "cancelled"),
            (foreign, "not_found"),
        ]
        still = await booking.stub.GetReservation(
            booking_pb2.GetReservationRequest(id=foreign), metadata=booking.as_user(other)
        )
        assert still.reservation.status == "confirmed"


class TestAnalytics:
    async def test_figures_add_up_for_a_resource(self, booking: Booking) -> None:
        room = await booking.new_resource(timezone="UTC")
        for day, hours in ((2, 2), (3, 1)):
            s, e = hour_slot(day, 9, hours)
            await booking.stub.CreateReservation(create(room.id, s, e), metadata=booking.as_user(uid()))
        now = datetime.now(UTC)
        window = analytics_pb2.AnalyticsRequest(
            range=common_pb2.TimeRange(start=to_timestamp(now), end=to_timestamp(now + timedelta(days=10))),
            resource_id=room.id,
        )
        manager = booking.as_user(uid(), "manager")
        util = await analytics(booking).GetUtilization(window, metadata=manager)
        [row] = util.resources
        assert (row.resource_id, row.booked_hours, row.reservation_count) == (room.id, 3.0, 2)
        assert 0 < row.utilization <= 1 and row.open_hours > 0
        peaks = await analytics(booking).GetPeakTimes(window, metadata=manager)
        assert sum(c.count for c in peaks.cells) == 2 and {c.hour for c in peaks.cells} == {9}
        dashboard = await analytics(booking).GetDashboard(window, metadata=manager)
        assert dashboard.total_reservations == 2 and dashboard.booked_hours == 3.0
        exported = await analytics(booking).ExportReservationsCsv(
            analytics_pb2.ExportReservationsCsvRequest(filter=booking_pb2.ReservationFilter(resource_id=room.id)),
            metadata=manager,
        )
        rows = list(csv.DictReader(io.StringIO(exported.csv.decode())))
        assert exported.rows == 2 and [r["resource_id"] for r in rows] == [str(room.id)] * 2
        code, _ = await refused(analytics(booking).GetDashboard(window, metadata=booking.as_user(uid())))
        assert code == grpc.StatusCode.PERMISSION_DENIED

    async def test_a_period_over_a_year_is_refused(self, booking: Booking) -> None:
        now = datetime.now(UTC)
        window = analytics_pb2.AnalyticsRequest(
            range=common_pb2.TimeRange(start=to_timestamp(now - timedelta(days=400)), end=to_timestamp(now))
        )
        code, body = await refused(
            analytics(booking).GetPopularResources(window, metadata=booking.as_user(uid(), "admin"))
        )
        assert body["code"] == "range_too_long"
