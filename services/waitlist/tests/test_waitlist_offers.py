"""The offer saga over real gRPC with real booking and catalog: a freed slot is held for the first
person in line, accepted, declined or left to expire, and then offered to the next one."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import grpc
from nats.aio.msg import Msg
from rr.booking.v1 import booking_pb2
from rr.booking.v1 import events_pb2 as booking_events
from rr.common.v1 import common_pb2
from rr.waitlist.v1 import events_pb2

from rr_common.timeconv import to_timestamp
from rr_waitlist.events import OFFER_CREATED
from services.waitlist.tests.support import OFFER_TTL_SECONDS, World, hour_slot, never, refused, uid

TEN, ELEVEN = hour_slot(4, 10)


async def queue_of_two(world: World, resource_id: int) -> tuple[object, int, int, int, int]:
    """A booked 10-11 slot with two people waiting for it; returns (booking, first, first entry, second, second entry)."""
    booked = await world.book(resource_id, TEN, ELEVEN)
    first, second = uid(), uid()
    first_entry = await world.join(first, resource_id, TEN, ELEVEN)
    second_entry = await world.join(second, resource_id, TEN, ELEVEN)
    return booked, first, first_entry.id, second, second_entry.id


class TestOffer:
    async def test_a_cancelled_slot_is_held_for_the_first_in_line(self, world: World, resource_id: int) -> None:
        booked, first, first_entry, second, second_entry = await queue_of_two(world, resource_id)

        await world.cancel(booked)  # type: ignore[arg-type]
        row = await world.reached(first_entry, "offered")

        hold = await world.reservation(row["reservation_id"])
        assert (hold["status"], hold["user_id"], hold["resource_id"]) == ("held", first, resource_id)
        assert (hold["start_time"], hold["end_time"]) == (TEN, ELEVEN) == (row["offered_start"], row["offered_end"])
        assert abs((hold["expires_at"] - row["offer_expires_at"]).total_seconds()) < 0.01
        offered = await world.entry(first, first_entry)
        assert (offered.status, offered.position, offered.reservation_id) == ("offered", 0, row["reservation_id"])
        assert offered.HasField("offered_at") and offered.HasField("offer_expires_at")
        # The second person now stands first in line, and nobody else may book the held slot.
        assert (await world.entry(second, second_entry)).position == 1
        code, _ = await refused(world.book(resource_id, TEN, ELEVEN))
        assert code == grpc.StatusCode.ALREADY_EXISTS

    async def test_moving_a_booking_away_offers_the_range_it_held(self, world: World, resource_id: int) -> None:
        booked, first, first_entry, second, second_entry = await queue_of_two(world, resource_id)
        later = (TEN + timedelta(hours=3), ELEVEN + timedelta(hours=3))
        request = booking_pb2.MoveReservationRequest(
            id=booked.id, start_time=to_timestamp(later[0]), end_time=to_timestamp(later[1])
        )  # type: ignore[attr-defined]
        await world.booking.MoveReservation(request, metadata=world.auth(booked.user_id))  # type: ignore[attr-defined]

        row = await world.reached(first_entry, "offered")
        hold = await world.reservation(row["reservation_id"])
        assert (hold["status"], hold["user_id"], hold["start_time"], hold["end_time"]) == ("held", first, TEN, ELEVEN)
        assert await world.status(second_entry) == "waiting"

    async def test_the_offer_is_announced_with_the_resource_name(self, world: World, resource_id: int) -> None:
        assert world.runner.service is not None and world.runner.service.infra.nats.client is not None
        received: asyncio.Future[events_pb2.OfferChanged] = asyncio.get_running_loop().create_future()
        booked, first, first_entry, _, _ = await queue_of_two(world, resource_id)

        async def collect(msg: Msg) -> None:
            message = events_pb2.OfferChanged.FromString(msg.data)
            if message.entry.id == first_entry and not received.done():
                received.set_result(message)

        sub = await world.runner.service.infra.nats.client.subscribe(OFFER_CREATED, cb=collect)
        try:
            await world.cancel(booked)  # type: ignore[arg-type]
            published = await asyncio.wait_for(received, timeout=10)
        finally:
            await sub.unsubscribe()
        assert published.entry.user_id == first and published.entry.status == "offered"
        assert published.resource_name.startswith("Room ") and published.header.actor_user_id == 0

    async def test_accepting_confirms_the_hold_and_twice_answers_the_same(self, world: World, resource_id: int) -> None:
        booked, first, first_entry, second, second_entry = await queue_of_two(world, resource_id)
        await world.cancel(booked)  # type: ignore[arg-type]
        row = await world.reached(first_entry, "offered")

        accepted = await world.accept(first, first_entry)
        again = await world.accept(first, first_entry)

        assert accepted.status == again.status == "fulfilled"
        assert accepted.reservation_id == again.reservation_id == row["reservation_id"]
        reservation = await world.reservation(row["reservation_id"])
        assert (reservation["status"], reservation["user_id"]) == ("confirmed", first)
        assert await announced(world, "rr.waitlist.offer.accepted", first_entry) == 1
        await never(lambda: _not_waiting(world, second_entry), 0.5)  # the slot is gone: nobody else is offered it

    async def test_nobody_accepts_or_declines_anothers_offer(self, world: World, resource_id: int) -> None:
        booked, first, first_entry, second, _ = await queue_of_two(world, resource_id)
        await world.cancel(booked)  # type: ignore[arg-type]
        row = await world.reached(first_entry, "offered")

        for call in (
            world.accept(second, first_entry),
            world.decline(second, first_entry),
            world.leave(second, first_entry),
        ):
            code, body = await refused(call)
            assert code == grpc.StatusCode.NOT_FOUND and body["code"] == "entry_not_found"

        assert await world.status(first_entry) == "offered"
        assert (await world.reservation(row["reservation_id"]))["status"] == "held"

    async def test_a_waiting_entry_has_no_offer_to_accept(self, world: World, resource_id: int) -> None:
        _, first, first_entry, _, _ = await queue_of_two(world, resource_id)
        code, body = await refused(world.accept(first, first_entry))
        assert code == grpc.StatusCode.NOT_FOUND and body["code"] == "offer_not_found"
        assert await world.status(first_entry) == "waiting"

    async def test_declining_releases_the_hold_and_offers_the_next_person(self, world: World, resource_id: int) -> None:
        booked, first, first_entry, second, second_entry = await queue_of_two(world, resource_id)
        await world.cancel(booked)  # type: ignore[arg-type]
        first_row = await world.reached(first_entry, "offered")

        declined = await world.decline(first, first_entry)
        again = await world.decline(first, first_entry)

        assert declined.status == again.status == "cancelled"
        assert await announced(world, "rr.waitlist.offer.declined", first_entry) == 1
        assert (await world.reservation(first_row["reservation_id"]))["status"] == "cancelled"
        second_row = await world.reached(second_entry, "offered")
        hold = await world.reservation(second_row["reservation_id"])
        assert (hold["status"], hold["user_id"]) == ("held", second)
        assert len(await world.holds(resource_id)) == 2

    async def test_leaving_with_an_open_offer_gives_it_to_the_next_person(self, world: World, resource_id: int) -> None:
        booked, first, first_entry, _, second_entry = await queue_of_two(world, resource_id)
        await world.cancel(booked)  # type: ignore[arg-type]
        first_row = await world.reached(first_entry, "offered")

        left = await world.leave(first, first_entry)

        assert left.status == "cancelled"
        assert (await world.reservation(first_row["reservation_id"]))["status"] == "cancelled"
        await world.reached(second_entry, "offered")

    async def test_an_unanswered_offer_expires_and_goes_to_the_next_person(
        self, world: World, resource_id: int
    ) -> None:
        booked, first, first_entry, second, second_entry = await queue_of_two(world, resource_id)
        await world.cancel(booked)  # type: ignore[arg-type]
        first_row = await world.reached(first_entry, "offered")

        await world.reached(first_entry, "expired", seconds=OFFER_TTL_SECONDS + 10)

        assert (await world.reservation(first_row["reservation_id"]))["status"] == "cancelled"
        second_row = await world.reached(second_entry, "offered")
        assert (await world.reservation(second_row["reservation_id"]))["user_id"] == second
        code, body = await refused(world.accept(first, first_entry))
        assert code == grpc.StatusCode.NOT_FOUND and body["code"] == "offer_expired"
        assert await announced(world, "rr.waitlist.offer.expired", first_entry) == 1
        history = await world.db.fetch(
            "SELECT from_status, to_status, actor_user_id FROM waitlist_history WHERE entry_id = $1 ORDER BY id",
            first_entry,
        )
        assert [(h["from_status"], h["to_status"], h["actor_user_id"]) for h in history] == [
            ("", "waiting", first),
            ("waiting", "offered", 0),
            ("offered", "expired", 0),
        ]

    async def test_a_hold_booking_gives_up_ends_the_offer(self, world: World, resource_id: int) -> None:
        booked, first, first_entry, second, second_entry = await queue_of_two(world, resource_id)
        await world.cancel(booked)  # type: ignore[arg-type]
        row = await world.reached(first_entry, "offered")

        # An admin releases the hold in booking directly, behind the waitlist's back.
        await world.booking.ReleaseHold(
            booking_pb2.ReleaseHoldRequest(id=row["reservation_id"], reason="admin"), metadata=world.auth(1, "admin")
        )

        await world.reached(first_entry, "expired")
        await world.reached(second_entry, "offered")


class TestWhoGetsTheSlot:
    async def test_one_slot_is_never_offered_to_two_people(self, world: World, resource_id: int) -> None:
        booked = await world.book(resource_id, TEN, ELEVEN)
        people = [uid() for _ in range(5)]
        entries = [(await world.join(p, resource_id, TEN, ELEVEN)).id for p in people]

        await world.cancel(booked)
        await world.reached(entries[0], "offered")
        await never(lambda: _offered_count(world, entries, more_than=1), 1.0)

        holds = await world.holds(resource_id)
        assert [(h["user_id"], h["status"]) for h in holds] == [(people[0], "held")]

    async def test_a_freed_range_serves_everyone_it_fits_in_queue_order(self, world: World, resource_id: int) -> None:
        start, _ = hour_slot(5, 9)
        _, end = hour_slot(5, 11)
        booked = await world.book(resource_id, start, end)  # 9-12
        early, late, both = uid(), uid(), uid()
        nine_ten = await world.join(early, resource_id, start, start.replace(hour=10))
        whole = await world.join(both, resource_id, start, end)
        eleven_noon = await world.join(late, resource_id, end.replace(hour=11), end)

        await world.cancel(booked)

        await world.reached(nine_ten.id, "offered")
        await world.reached(eleven_noon.id, "offered")
        assert await world.status(whole.id) == "waiting"  # overlaps the slots already offered

    async def test_a_flexible_entry_gets_a_nearby_slot_and_a_strict_one_does_not(
        self, world: World, resource_id: int
    ) -> None:
        day = hour_slot(6, 0)[0]
        at = lambda hour: day.replace(hour=hour)  # noqa: E731
        await world.book(resource_id, at(7), at(10))  # 7-10 stays taken
        later = await world.book(resource_id, at(10), at(12))
        strict, flexible = uid(), uid()
        strict_entry = await world.join(strict, resource_id, at(9), at(10))
        flexible_entry = await world.join(flexible, resource_id, at(9), at(10), flexible=True)

        await world.cancel(later)  # frees 10-12: an hour later than both wanted

        row = await world.reached(flexible_entry.id, "offered")
        assert (row["offered_start"], row["offered_end"]) == (at(10), at(11))
        assert await world.status(strict_entry.id) == "waiting"

    async def test_a_flexible_entry_is_not_offered_a_slot_beyond_its_hours(
        self, world: World, resource_id: int
    ) -> None:
        day = hour_slot(6, 0)[0]
        await world.book(resource_id, day.replace(hour=9), day.replace(hour=10))
        far = await world.book(resource_id, day.replace(hour=14), day.replace(hour=15))
        flexible = await world.join(uid(), resource_id, day.replace(hour=9), day.replace(hour=10), flexible=True)

        await world.cancel(far)  # five hours away; flexibility is two

        await never(lambda: _not_waiting(world, flexible.id), 1.0)


class TestIdempotency:
    async def test_the_same_freed_slot_announced_twice_makes_one_offer(self, world: World, resource_id: int) -> None:
        booked, _, first_entry, _, second_entry = await queue_of_two(world, resource_id)
        await world.cancel(booked)  # type: ignore[arg-type]
        await world.reached(first_entry, "offered")

        # booking re-publishes the cancellation under a new event id (say, a restored outbox row).
        _, payload = await booking_event(world, "rr.booking.reservation.cancelled", booked.id)  # type: ignore[attr-defined]
        await _publish(world, "rr.booking.reservation.cancelled", payload)

        await never(lambda: _not_waiting(world, second_entry), 1.0)
        assert len(await world.holds(resource_id)) == 1

    async def test_two_freed_slots_at_once_make_one_offer_for_one_entry(self, world: World, resource_id: int) -> None:
        start, _ = hour_slot(7, 9)
        _, end = hour_slot(7, 10)
        first_half = await world.book(resource_id, start, start.replace(hour=10))
        second_half = await world.book(resource_id, start.replace(hour=10), end)
        entry = await world.join(uid(), resource_id, start, end)

        await asyncio.gather(world.cancel(first_half), world.cancel(second_half))

        await world.reached(entry.id, "offered")
        await asyncio.sleep(0.5)
        assert [h["status"] for h in await world.holds(resource_id)] == ["held"]

    async def test_a_hold_placed_before_a_crash_is_found_again_not_doubled(
        self, world: World, resource_id: int
    ) -> None:
        """The waitlist placed a hold for a freed slot and died before recording the offer: the
        redelivered event (same id, so same hold key) finds that hold instead of placing another."""
        booked = await world.book(resource_id, TEN, ELEVEN)
        waiting = await world.join(uid(), resource_id, TEN, ELEVEN)
        await world.runner.stop()
        try:
            await world.cancel(booked)
            event_id, _ = await booking_event(world, "rr.booking.reservation.cancelled", booked.id)
            placed_before_the_crash = await world.booking.PlaceHold(
                booking_pb2.PlaceHoldRequest(
                    user_id=waiting.user_id,
                    resource_id=resource_id,
                    range=common_pb2.TimeRange(start=to_timestamp(TEN), end=to_timestamp(ELEVEN)),
                    expires_at=to_timestamp(datetime.now(UTC) + timedelta(minutes=5)),
                    idempotency_key=f"waitlist:{waiting.id}:{event_id}",
                ),
                metadata=world.auth(1, "admin"),
            )
        finally:
            await world.runner.start()

        row = await world.reached(waiting.id, "offered")
        assert row["reservation_id"] == placed_before_the_crash.reservation.id
        assert len(await world.holds(resource_id)) == 1


async def booking_event(world: World, subject: str, reservation_id: int) -> tuple[str, bytes]:
    """The event id and payload booking wrote to its outbox for this reservation."""
    rows = await world.booking_db.fetch(
        "SELECT event_id, payload FROM outbox WHERE subject = $1 ORDER BY id DESC LIMIT 200", subject
    )
    for row in rows:
        if booking_events.ReservationCancelled.FromString(row["payload"]).reservation.id == reservation_id:
            return str(row["event_id"]), bytes(row["payload"])
    raise AssertionError(f"booking wrote no {subject} for reservation {reservation_id}")


async def announced(world: World, subject: str, entry_id: int) -> int:
    """How many `subject` events the waitlist wrote for the entry."""
    rows = await world.db.fetch("SELECT payload FROM outbox WHERE subject = $1", subject)
    return sum(events_pb2.OfferChanged.FromString(row["payload"]).entry.id == entry_id for row in rows)


async def _publish(world: World, subject: str, payload: bytes, event_id: str = "") -> None:
    assert world.runner.service is not None
    js = await world.runner.service.infra.nats.jetstream()
    await js.publish(subject, payload, headers={"Nats-Msg-Id": event_id or str(uuid.uuid4())})


async def _not_waiting(world: World, entry_id: int) -> bool:
    return await world.status(entry_id) != "waiting"


async def _offered_count(world: World, entry_ids: list[int], more_than: int) -> bool:
    count = await world.db.fetchval(
        "SELECT count(*) FROM waitlist_entries WHERE id = ANY($1) AND status <> 'waiting'", entry_ids
    )
    return int(count) > more_than
