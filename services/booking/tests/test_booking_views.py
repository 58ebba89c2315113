"""Reading reservations: history, the manager view with filters and sorting, the schedule of a
resource (open hours minus bookings, buffers honoured), and reactions to catalog's events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
from rr.booking.v1 import booking_pb2, events_pb2
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.timeconv import to_timestamp
from services.booking.tests.support import Booking, create, eventually, hour_slot, refused, uid


def day_range(start: datetime) -> common_pb2.TimeRange:
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return common_pb2.TimeRange(start=to_timestamp(midnight), end=to_timestamp(midnight + timedelta(days=1)))


class TestHistory:
    async def test_history_lists_every_change_for_the_owner_only(self, booking: Booking) -> None:
        room = await booking.new_resource()
        owner = uid()
        start, end = hour_slot(11)
        made = (
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(owner))
        ).reservation
        await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=made.id, reason="plans changed"), metadata=booking.as_user(owner)
        )
        history = await booking.stub.GetReservationHistory(
            booking_pb2.GetReservationHistoryRequest(id=made.id), metadata=booking.as_user(owner)
        )
        assert [(e.from_status, e.to_status, e.actor_user_id, e.reason) for e in history.entries] == [
            ("", "confirmed", owner, ""),
            ("confirmed", "cancelled", owner, "plans changed"),
        ]
        code, _ = await refused(
            booking.stub.GetReservationHistory(
                booking_pb2.GetReservationHistoryRequest(id=made.id), metadata=booking.as_user(uid())
            )
        )
        assert code == grpc.StatusCode.NOT_FOUND


class TestManagerView:
    async def test_managers_filter_everyones_reservations_and_users_cannot(self, booking: Booking) -> None:
        room = await booking.new_resource()
        alice, bob = uid(), uid()
        for day, who in ((20, alice), (21, bob), (22, alice)):
            start, end = hour_slot(day)
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(who))
        manager = booking.as_user(uid(), "manager")
        everyone = await booking.stub.ListReservations(
            booking_pb2.ListReservationsRequest(filter=booking_pb2.ReservationFilter(resource_id=room.id)),
            metadata=manager,
        )
        assert [r.user_id for r in everyone.reservations] == [alice, bob, alice]
        newest_first = await booking.stub.ListReservations(
            booking_pb2.ListReservationsRequest(
                filter=booking_pb2.ReservationFilter(resource_id=room.id, sort_order="desc")
            ),
            metadata=manager,
        )
        assert [r.user_id for r in newest_first.reservations] == [alice, bob, alice][::-1]
        only_alice = await booking.stub.ListReservations(
            booking_pb2.ListReservationsRequest(
                filter=booking_pb2.ReservationFilter(resource_id=room.id, user_id=alice)
            ),
            metadata=manager,
        )
        assert len(only_alice.reservations) == 2
        start21, _ = hour_slot(21)
        window = booking_pb2.ReservationFilter(resource_id=room.id, to=to_timestamp(start21 + timedelta(hours=1)))
        getattr(window, "from").CopyFrom(to_timestamp(start21))
        in_window = await booking.stub.ListReservations(
            booking_pb2.ListReservationsRequest(filter=window), metadata=manager
        )
        assert [r.user_id for r in in_window.reservations] == [bob]
        code, _ = await refused(
            booking.stub.ListReservations(booking_pb2.ListReservationsRequest(), metadata=booking.as_user(alice))
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED

    async def test_pages_in_both_orders_cover_everything_once(self, booking: Booking) -> None:
        room = await booking.new_resource()
        who = uid()
        for day in range(30, 37):
            start, end = hour_slot(day)
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(who))
        for sort_by in ("start_time", "created_at"):
            for order in ("asc", "desc"):
                seen, cursor = [], ""
                while True:
                    page = await booking.stub.ListMyReservations(
                        booking_pb2.ListMyReservationsRequest(
                            page={"limit": 3, "cursor": cursor},
                            filter=booking_pb2.ReservationFilter(sort_by=sort_by, sort_order=order),
                        ),
                        metadata=booking.as_user(who),
                    )
                    seen += [r.start_time.ToDatetime() for r in page.reservations]
                    if not page.page.has_more:
                        break
                    cursor = page.page.next_cursor
                assert len(seen) == 7 and seen == sorted(seen, reverse=order == "desc"), (sort_by, order)

    async def test_bad_filters_are_refused_with_a_sentence(self, booking: Booking) -> None:
        for bad in (
            booking_pb2.ReservationFilter(status="lost"),
            booking_pb2.ReservationFilter(sort_by="price"),
            booking_pb2.ReservationFilter(upcoming_only=True, past_only=True),
        ):
            code, body = await refused(
                booking.stub.ListMyReservations(
                    booking_pb2.ListMyReservationsRequest(filter=bad), metadata=booking.as_user(uid())
                )
            )
            assert code == grpc.StatusCode.INVALID_ARGUMENT and body["detail"]


class TestSchedule:
    async def test_free_time_is_open_hours_minus_bookings_and_their_buffers(self, booking: Booking) -> None:
        room = await booking.new_resource(buffer_before_minutes=15, buffer_after_minutes=30)
        owner = uid()
        start, end = hour_slot(12, 10)
        await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(owner))
        answer = await booking.stub.GetResourceSchedule(
            booking_pb2.GetResourceScheduleRequest(resource_id=room.id, range=day_range(start)),
            metadata=booking.as_user(uid()),
        )
        midnight = start.replace(hour=0)
        free = [(r.start.ToDatetime(tzinfo=UTC), r.end.ToDatetime(tzinfo=UTC)) for r in answer.free]
        # Booked 10:00-11:00 occupies 09:45-11:30; a new booking needs its own buffers too.
        assert free == [
            (midnight, start - timedelta(minutes=45)),
            (end + timedelta(minutes=45), midnight + timedelta(days=1)),
        ]
        assert [(b.mine, b.reservation_id != 0) for b in answer.booked] == [
            (False, False)
        ]  # strangers see that, not who
        mine = await booking.stub.GetResourceSchedule(
            booking_pb2.GetResourceScheduleRequest(resource_id=room.id, range=day_range(start)),
            metadata=booking.as_user(owner),
        )
        assert mine.booked[0].mine and mine.booked[0].reservation_id

    async def test_business_hours_shape_the_free_time(self, booking: Booking) -> None:
        room = await booking.new_resource()
        await booking.catalog.SetBusinessHours(
            catalog_pb2.SetBusinessHoursRequest(
                resource_id=room.id,
                intervals=[
                    catalog_pb2.OpeningInterval(day_of_week=d, open_time="09:00", close_time="17:00") for d in range(7)
                ],
            ),
            metadata=booking.as_user(1, "admin"),
        )
        start, end = hour_slot(13, 12)
        await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        answer = await booking.stub.GetResourceSchedule(
            booking_pb2.GetResourceScheduleRequest(resource_id=room.id, range=day_range(start)),
            metadata=booking.as_user(uid()),
        )
        midnight = start.replace(hour=0)
        assert answer.hours_known
        assert [(r.start.ToDatetime(tzinfo=UTC), r.end.ToDatetime(tzinfo=UTC)) for r in answer.free] == [
            (midnight + timedelta(hours=9), start),
            (end, midnight + timedelta(hours=17)),
        ]

    async def test_a_range_longer_than_a_month_is_refused(self, booking: Booking) -> None:
        room = await booking.new_resource()
        now = datetime.now(UTC)
        too_long = common_pb2.TimeRange(start=to_timestamp(now), end=to_timestamp(now + timedelta(days=40)))
        code, body = await refused(
            booking.stub.GetResourceSchedule(
                booking_pb2.GetResourceScheduleRequest(resource_id=room.id, range=too_long),
                metadata=booking.as_user(uid()),
            )
        )
        assert body["code"] == "range_too_long"


class TestCatalogEvents:
    async def test_maintenance_warns_owners_of_affected_reservations_once(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource()
        start, end = hour_slot(3)
        made = (
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        ).reservation
        await booking.catalog.SetResourceStatus(
            catalog_pb2.SetResourceStatusRequest(id=room.id, status="maintenance", reason="leak"),
            metadata=booking.as_user(1, "admin"),
        )

        async def warned() -> bool:
            rows = await db.fetch(
                "SELECT payload FROM outbox WHERE subject = 'rr.booking.reservation.resource_unavailable'"
            )
            return any(events_pb2.ReservationChanged.FromString(r["payload"]).reservation.id == made.id for r in rows)

        await eventually(warned, seconds=15)
        assert await db.fetchval("SELECT count(*) FROM inbox WHERE consumer = 'booking-catalog'") >= 1
