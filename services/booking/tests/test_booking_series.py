"""Recurring series over real gRPC: one request books every occurrence or (by policy) the free
ones with a report; nothing is written on refusal; cancel and move in three scopes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
import grpc
from rr.booking.v1 import booking_pb2
from rr.booking.v1 import events_pb2 as booking_events

from rr_common.timeconv import to_timestamp
from services.booking.tests.support import Booking, create, hour_slot, refused, uid


def series_request(
    resource_id: int, start: datetime, hours: int = 1, key: str = "", policy: str = "", **recurrence: object
) -> booking_pb2.CreateSeriesRequest:
    return booking_pb2.CreateSeriesRequest(
        resource_id=resource_id,
        start_time=to_timestamp(start),
        end_time=to_timestamp(start + timedelta(hours=hours)),
        recurrence=booking_pb2.Recurrence(**recurrence),
        conflict_policy=policy,
        idempotency_key=key,
    )


def next_monday(hour: int = 9, weeks_ahead: int = 1) -> datetime:
    today = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return today + timedelta(days=(7 - today.weekday()) % 7 + 7 * weeks_ahead)


async def count(db: asyncpg.Connection, resource_id: int) -> int:
    return int(await db.fetchval("SELECT count(*) FROM reservations WHERE resource_id = $1", resource_id))


class TestCreateSeries:
    async def test_weekly_rrule_books_every_occurrence_at_the_same_local_time(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource(timezone="Europe/Paris")
        first = next_monday(8)
        made = await booking.stub.CreateSeries(
            series_request(room.id, first, rrule="FREQ=WEEKLY;COUNT=30"), metadata=booking.as_user(uid())
        )
        assert len(made.created) == 30 and not made.skipped
        local_hours = {
            r.start_time.ToDatetime(tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris")).hour for r in made.created
        }
        assert len(local_hours) == 1  # one wall-clock hour, whatever daylight saving does
        assert {r.series_id for r in made.created} == {made.series.id}
        assert await count(db, room.id) == 30
        subjects = await db.fetch("SELECT subject FROM outbox WHERE payload IS NOT NULL ORDER BY id DESC LIMIT 1")
        assert subjects[0]["subject"] == "rr.booking.series.created"

    async def test_simple_form_is_accepted(self, booking: Booking) -> None:
        room = await booking.new_resource()
        made = await booking.stub.CreateSeries(
            series_request(
                room.id,
                next_monday(),
                frequency="weekly",
                days_of_week=[0, 3],
                end_type="after_occurrences",
                occurrence_count=6,
            ),
            metadata=booking.as_user(uid()),
        )
        weekdays = [r.start_time.ToDatetime(tzinfo=UTC).weekday() for r in made.created]
        assert weekdays == [0, 3, 0, 3, 0, 3]

    async def test_all_or_nothing_refuses_and_writes_nothing_when_one_occurrence_is_taken(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource()
        first = next_monday()
        taken = await booking.stub.CreateReservation(
            create(room.id, first + timedelta(days=14), first + timedelta(days=14, hours=1)),
            metadata=booking.as_user(uid()),
        )
        code, body = await refused(
            booking.stub.CreateSeries(
                series_request(room.id, first, rrule="FREQ=WEEKLY;COUNT=5"), metadata=booking.as_user(uid())
            )
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS and body["code"] == "reservation_conflict"
        assert [o["start_time"] for o in body["occurrences"]] == [
            taken.reservation.start_time.ToDatetime(tzinfo=UTC).isoformat()
        ]
        assert await count(db, room.id) == 1
        assert await db.fetchval("SELECT count(*) FROM series WHERE resource_id = $1", room.id) == 0

    async def test_skip_conflicts_books_the_rest_and_reports_each_skip(self, booking: Booking) -> None:
        room = await booking.new_resource()
        first = next_monday()
        await booking.stub.CreateReservation(
            create(room.id, first + timedelta(days=7, minutes=30), first + timedelta(days=7, hours=2)),
            metadata=booking.as_user(uid()),
        )
        made = await booking.stub.CreateSeries(
            series_request(room.id, first, policy="skip_conflicts", rrule="FREQ=WEEKLY;COUNT=4"),
            metadata=booking.as_user(uid()),
        )
        assert len(made.created) == 3
        assert [(s.code, s.start_time.ToDatetime(tzinfo=UTC)) for s in made.skipped] == [
            ("reservation_conflict", first + timedelta(days=7))
        ]
        assert "already booked" in made.skipped[0].reason

    async def test_a_series_that_overlaps_itself_is_refused(self, booking: Booking) -> None:
        room = await booking.new_resource()
        code, body = await refused(
            booking.stub.CreateSeries(
                series_request(room.id, next_monday(), hours=30, rrule="FREQ=DAILY;COUNT=3"),
                metadata=booking.as_user(uid()),
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and body["code"] == "overlaps_own_series"

    async def test_huge_and_junk_rules_are_422_and_write_nothing(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource()
        for rule in ("FREQ=DAILY;COUNT=100000", "FREQ=SOMETIMES", "not a rule"):
            code, body = await refused(
                booking.stub.CreateSeries(
                    series_request(room.id, next_monday(), rrule=rule), metadata=booking.as_user(uid())
                )
            )
            assert code == grpc.StatusCode.INVALID_ARGUMENT and body["code"] == "invalid_recurrence", rule
        assert await count(db, room.id) == 0

    async def test_a_retried_request_returns_the_original_series(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource()
        who = booking.as_user(uid())
        request = series_request(room.id, next_monday(), key="series-1", rrule="FREQ=DAILY;COUNT=3")
        first = await booking.stub.CreateSeries(request, metadata=who)
        again = await booking.stub.CreateSeries(request, metadata=who)
        assert again.series.id == first.series.id and [r.id for r in again.created] == [r.id for r in first.created]
        assert await count(db, room.id) == 3

    async def test_fifty_two_weekly_occurrences_in_well_under_a_second(self, booking: Booking) -> None:
        room = await booking.new_resource()
        started = time.perf_counter()
        made = await booking.stub.CreateSeries(
            series_request(room.id, next_monday(), rrule="FREQ=WEEKLY;COUNT=52"),
            metadata=booking.as_user(uid(), "manager"),
        )
        assert len(made.created) == 52
        assert time.perf_counter() - started < 1.0


class TestSeriesScopes:
    async def _series(self, booking: Booking, owner: int, n: int = 5) -> booking_pb2.CreateSeriesResponse:
        room = await booking.new_resource()
        return await booking.stub.CreateSeries(
            series_request(room.id, next_monday(), rrule=f"FREQ=WEEKLY;COUNT={n}"), metadata=booking.as_user(owner)
        )

    async def test_cancel_this_then_following_keeps_the_earlier_exception(self, booking: Booking) -> None:
        owner = uid()
        made = await self._series(booking, owner, 6)
        ids = [r.id for r in made.created]
        one = await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=ids[1], reason="holiday"), metadata=booking.as_user(owner)
        )
        assert [r.id for r in one.cancelled] == [ids[1]]
        following = await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=ids[3], scope="following"), metadata=booking.as_user(owner)
        )
        assert [r.id for r in following.cancelled] == ids[3:]
        statuses = [
            (
                await booking.stub.GetReservation(
                    booking_pb2.GetReservationRequest(id=i), metadata=booking.as_user(owner)
                )
            ).reservation
            for i in ids
        ]
        assert [r.status for r in statuses] == [
            "confirmed",
            "cancelled",
            "confirmed",
            "cancelled",
            "cancelled",
            "cancelled",
        ]
        assert statuses[1].cancellation_reason == "holiday"

    async def test_cancel_series_frees_every_slot(self, booking: Booking, db: asyncpg.Connection) -> None:
        owner = uid()
        made = await self._series(booking, owner)
        done = await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=made.created[2].id, scope="series"), metadata=booking.as_user(owner)
        )
        assert len(done.cancelled) == 5
        assert await db.fetchval("SELECT status FROM series WHERE id = $1", made.series.id) == "cancelled"
        again = await booking.stub.CreateReservation(
            create(
                made.series.resource_id,
                made.created[0].start_time.ToDatetime(tzinfo=UTC),
                made.created[0].end_time.ToDatetime(tzinfo=UTC),
            ),
            metadata=booking.as_user(uid()),
        )
        assert again.reservation.status == "confirmed"

    async def test_someone_else_cannot_cancel_a_series(self, booking: Booking) -> None:
        made = await self._series(booking, uid())
        code, _ = await refused(
            booking.stub.CancelReservation(
                booking_pb2.CancelReservationRequest(id=made.created[0].id, scope="series"),
                metadata=booking.as_user(uid()),
            )
        )
        assert code == grpc.StatusCode.NOT_FOUND

    async def test_move_following_shifts_each_by_the_same_wall_clock_time(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        owner = uid()
        made = await self._series(booking, owner, 4)
        pivot = made.created[1]
        new_start = pivot.start_time.ToDatetime(tzinfo=UTC) + timedelta(hours=2)
        moved = await booking.stub.MoveReservation(
            booking_pb2.MoveReservationRequest(
                id=pivot.id,
                start_time=to_timestamp(new_start),
                end_time=to_timestamp(new_start + timedelta(minutes=90)),
                scope="following",
            ),
            metadata=booking.as_user(owner),
        )
        assert [r.id for r in moved.moved] == [r.id for r in made.created[1:]]
        for before, after in zip(made.created[1:], moved.moved, strict=True):
            assert after.start_time.ToDatetime() - before.start_time.ToDatetime() == timedelta(hours=2)
            assert after.end_time.ToDatetime() - after.start_time.ToDatetime() == timedelta(minutes=90)
            assert after.recurrence_id == before.recurrence_id
        untouched = await booking.stub.GetReservation(
            booking_pb2.GetReservationRequest(id=made.created[0].id), metadata=booking.as_user(owner)
        )
        assert untouched.reservation.start_time == made.created[0].start_time
        # Each moved event names the range it held before, so the waitlist can offer it.
        rows = await db.fetch(
            "SELECT payload FROM outbox WHERE subject = 'rr.booking.reservation.moved' ORDER BY id DESC LIMIT $1",
            len(moved.moved),
        )
        events = {
            e.reservation.id: e for e in (booking_events.ReservationChanged.FromString(r["payload"]) for r in rows)
        }
        for before in made.created[1:]:
            assert (events[before.id].previous_start_time, events[before.id].previous_end_time) == (
                before.start_time,
                before.end_time,
            )

    async def test_a_move_onto_a_taken_slot_is_refused_and_changes_nothing(self, booking: Booking) -> None:
        owner = uid()
        room = await booking.new_resource()
        start, end = hour_slot(9)
        mine = await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(owner))
        await booking.stub.CreateReservation(
            create(room.id, start + timedelta(hours=2), end + timedelta(hours=2)), metadata=booking.as_user(uid())
        )
        code, body = await refused(
            booking.stub.MoveReservation(
                booking_pb2.MoveReservationRequest(
                    id=mine.reservation.id,
                    start_time=to_timestamp(start + timedelta(hours=2)),
                    end_time=to_timestamp(end + timedelta(hours=2)),
                ),
                metadata=booking.as_user(owner),
            )
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS and body["code"] == "reservation_conflict"
        still = await booking.stub.GetReservation(
            booking_pb2.GetReservationRequest(id=mine.reservation.id), metadata=booking.as_user(owner)
        )
        assert still.reservation.start_time == mine.reservation.start_time

    async def test_moving_a_series_by_one_day_slides_into_its_own_old_slots(self, booking: Booking) -> None:
        owner = uid()
        room = await booking.new_resource()
        first = next_monday()
        made = await booking.stub.CreateSeries(
            series_request(room.id, first, rrule="FREQ=DAILY;COUNT=4"), metadata=booking.as_user(owner)
        )
        new_start = first + timedelta(days=1)
        moved = await booking.stub.MoveReservation(
            booking_pb2.MoveReservationRequest(
                id=made.created[0].id,
                start_time=to_timestamp(new_start),
                end_time=to_timestamp(new_start + timedelta(hours=1)),
                scope="series",
            ),
            metadata=booking.as_user(owner),
        )
        assert [r.start_time.ToDatetime(tzinfo=UTC) for r in moved.moved] == [
            first + timedelta(days=d) for d in (1, 2, 3, 4)
        ]
