"""Booking's guarantees at the service: the database forbids overlap, retries are idempotent,
objects are private to their owner, every change leaves history and an outbox event."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
import pytest
from rr.booking.v1 import booking_pb2

from rr_common.errors import error_payload
from rr_common.timeconv import to_timestamp
from services.booking.tests.support import Booking


def request(
    resource_id: int, day: int, hour: int = 9, hours: int = 1, key: str = ""
) -> booking_pb2.CreateReservationRequest:
    start = (datetime.now(UTC) + timedelta(days=day)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return booking_pb2.CreateReservationRequest(
        resource_id=resource_id,
        start_time=to_timestamp(start),
        end_time=to_timestamp(start + timedelta(hours=hours)),
        idempotency_key=key,
    )


def uid() -> int:
    return random.randint(10**8, 10**9)


async def refused(awaitable: object) -> tuple[grpc.StatusCode, dict[str, object]]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await awaitable  # type: ignore[misc]
    return info.value.code(), error_payload(info.value.trailing_metadata())


class TestCreate:
    async def test_overlap_is_refused_with_the_conflicting_range(self, booking: Booking) -> None:
        room = await booking.new_resource()
        await booking.stub.CreateReservation(request(room.id, 3, 9, 2), metadata=booking.as_user(uid()))
        code, body = await refused(
            booking.stub.CreateReservation(request(room.id, 3, 10, 2), metadata=booking.as_user(uid()))
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS
        assert body["code"] == "reservation_conflict" and len(body["conflicts"]) == 1  # type: ignore[arg-type]

    async def test_adjacent_slots_do_not_conflict(self, booking: Booking) -> None:
        room = await booking.new_resource()
        await booking.stub.CreateReservation(request(room.id, 3, 9), metadata=booking.as_user(uid()))
        second = await booking.stub.CreateReservation(request(room.id, 3, 10), metadata=booking.as_user(uid()))
        assert second.reservation.status == "confirmed"

    async def test_thirty_concurrent_creates_yield_exactly_one(self, booking: Booking) -> None:
        room = await booking.new_resource()
        results = await asyncio.gather(
            *(booking.stub.CreateReservation(request(room.id, 4), metadata=booking.as_user(uid())) for _ in range(30)),
            return_exceptions=True,
        )
        won = [r for r in results if not isinstance(r, BaseException)]
        lost = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
        assert len(won) == 1 and len(lost) == 29
        assert {e.code() for e in lost} == {grpc.StatusCode.ALREADY_EXISTS}

    async def test_the_database_itself_rejects_an_overlap(self, booking: Booking, db: asyncpg.Connection) -> None:
        """Even a writer that skips the service's checks cannot double-book."""
        room = await booking.new_resource()
        made = (await booking.stub.CreateReservation(request(room.id, 5), metadata=booking.as_user(uid()))).reservation
        with pytest.raises(asyncpg.ExclusionViolationError):
            await db.execute(
                "INSERT INTO reservations (user_id, resource_id, start_time, end_time, occupied_start, occupied_end, status)"
                " SELECT 1, resource_id, start_time, end_time, occupied_start, occupied_end, 'confirmed' FROM reservations WHERE id = $1",
                made.id,
            )

    async def test_unavailable_resource_and_unknown_resource(self, booking: Booking) -> None:
        unavailable = await booking.new_resource(available=False)
        code, body = await refused(
            booking.stub.CreateReservation(request(unavailable.id, 3), metadata=booking.as_user(uid()))
        )
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "resource_unavailable")
        code, _ = await refused(
            booking.stub.CreateReservation(request(999_999_999, 3), metadata=booking.as_user(uid()))
        )
        assert code == grpc.StatusCode.NOT_FOUND

    async def test_idempotency_key_returns_the_first_answer(self, booking: Booking, db: asyncpg.Connection) -> None:
        room = await booking.new_resource()
        who = booking.as_user(uid())
        first = await booking.stub.CreateReservation(request(room.id, 6, key="k-1"), metadata=who)
        again = await asyncio.gather(
            *(booking.stub.CreateReservation(request(room.id, 6, key="k-1"), metadata=who) for _ in range(5))
        )
        assert {a.reservation.id for a in again} == {first.reservation.id}
        assert await db.fetchval("SELECT count(*) FROM reservations WHERE resource_id = $1", room.id) == 1

    async def test_past_and_backwards_ranges_are_refused(self, booking: Booking) -> None:
        room = await booking.new_resource()
        code, body = await refused(
            booking.stub.CreateReservation(request(room.id, -2), metadata=booking.as_user(uid()))
        )
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "in_the_past")
        backwards = request(room.id, 3)
        backwards.start_time.CopyFrom(backwards.end_time)
        code, body = await refused(booking.stub.CreateReservation(backwards, metadata=booking.as_user(uid())))
        assert body["code"] == "invalid_time_range"

    async def test_no_token_is_unauthenticated(self, booking: Booking) -> None:
        code, _ = await refused(booking.stub.CreateReservation(request(1, 3)))
        assert code == grpc.StatusCode.UNAUTHENTICATED


class TestOwnershipAndCancel:
    async def test_only_owner_or_manager_sees_and_cancels(self, booking: Booking, db: asyncpg.Connection) -> None:
        room = await booking.new_resource()
        owner, other = uid(), uid()
        made = (await booking.stub.CreateReservation(request(room.id, 7), metadata=booking.as_user(owner))).reservation
        code, _ = await refused(
            booking.stub.GetReservation(booking_pb2.GetReservationRequest(id=made.id), metadata=booking.as_user(other))
        )
        assert code == grpc.StatusCode.NOT_FOUND
        code, _ = await refused(
            booking.stub.CancelReservation(
                booking_pb2.CancelReservationRequest(id=made.id), metadata=booking.as_user(other)
            )
        )
        assert code == grpc.StatusCode.NOT_FOUND
        seen = await booking.stub.GetReservation(
            booking_pb2.GetReservationRequest(id=made.id), metadata=booking.as_user(other, "manager")
        )
        assert seen.reservation.user_id == owner

        done = await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=made.id, reason="ill"), metadata=booking.as_user(owner)
        )
        assert done.reservation.status == "cancelled" and done.reservation.cancellation_reason == "ill"
        history = await db.fetch(
            "SELECT from_status, to_status, reason FROM reservation_history WHERE reservation_id = $1 ORDER BY id",
            made.id,
        )
        assert [(h["from_status"], h["to_status"]) for h in history] == [
            (None, "confirmed"),
            ("confirmed", "cancelled"),
        ]
        subjects = await db.fetch("SELECT subject FROM outbox WHERE payload IS NOT NULL ORDER BY id DESC LIMIT 2")
        assert [s["subject"] for s in subjects] == [
            "rr.booking.reservation.cancelled",
            "rr.booking.reservation.created",
        ]
        # The slot is free again at once.
        again = await booking.stub.CreateReservation(request(room.id, 7), metadata=booking.as_user(other))
        assert again.reservation.status == "confirmed"


class TestListMine:
    async def test_pages_cover_everything_once_in_start_order(self, booking: Booking) -> None:
        room = await booking.new_resource()
        who = uid()
        for day in (12, 10, 11, 14, 13):
            await booking.stub.CreateReservation(request(room.id, day), metadata=booking.as_user(who))
        starts, cursor = [], ""
        while True:
            page = await booking.stub.ListMyReservations(
                booking_pb2.ListMyReservationsRequest(page={"limit": 2, "cursor": cursor}),
                metadata=booking.as_user(who),
            )
            starts += [r.start_time.ToDatetime() for r in page.reservations]
            if not page.page.has_more:
                break
            cursor = page.page.next_cursor
        assert len(starts) == 5 and starts == sorted(starts)


class TestListBusyResources:
    async def test_answers_which_candidates_are_taken_in_the_range(self, booking: Booking) -> None:
        rooms = [await booking.new_resource() for _ in range(3)]
        made = await booking.stub.CreateReservation(request(rooms[0].id, 15, 9, 2), metadata=booking.as_user(uid()))
        cancelled = await booking.stub.CreateReservation(
            request(rooms[1].id, 15, 9, 2), metadata=booking.as_user(uid())
        )
        await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=cancelled.reservation.id),
            metadata=booking.as_user(cancelled.reservation.user_id),
        )

        def ask(start_hour: int, end_hour: int) -> booking_pb2.ListBusyResourcesRequest:
            base = made.reservation.start_time.ToDatetime(tzinfo=UTC).replace(hour=0)
            return booking_pb2.ListBusyResourcesRequest(
                resource_ids=[r.id for r in rooms] + [999_999_998],
                range={
                    "start": to_timestamp(base + timedelta(hours=start_hour)),
                    "end": to_timestamp(base + timedelta(hours=end_hour)),
                },
            )

        overlapping = await booking.stub.ListBusyResources(ask(10, 12), metadata=booking.as_user(uid()))
        assert list(overlapping.busy_resource_ids) == [rooms[0].id]  # a cancelled booking frees its room
        touching = await booking.stub.ListBusyResources(ask(11, 12), metadata=booking.as_user(uid()))
        assert list(touching.busy_resource_ids) == []  # [9, 11) and [11, 12) only touch

    async def test_a_backwards_range_is_refused(self, booking: Booking) -> None:
        now = datetime.now(UTC)
        bad = booking_pb2.ListBusyResourcesRequest(
            resource_ids=[1], range={"start": to_timestamp(now), "end": to_timestamp(now)}
        )
        code, body = await refused(booking.stub.ListBusyResources(bad, metadata=booking.as_user(uid())))
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "invalid_time_range")
