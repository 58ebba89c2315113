"""Durability of the saga: the expiry timer survives a restart, a NATS outage loses no freed slot
and offers none twice, past entries are closed, and the migrations build exactly the models."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from rr_waitlist.offers.sweeper import Sweeper
from services.waitlist.tests.support import OFFER_TTL_SECONDS, World, hour_slot, never, uid


async def test_an_offer_pending_across_a_restart_still_expires_and_moves_on(world: World, resource_id: int) -> None:
    start, end = hour_slot(8, 10)
    booked = await world.book(resource_id, start, end)
    first = await world.join(uid(), resource_id, start, end)
    second = await world.join(uid(), resource_id, start, end)
    await world.cancel(booked)
    row = await world.reached(first.id, "offered")

    await world.runner.stop()
    try:
        # While the waitlist is down the offer runs out; nothing else would ever release the hold.
        await asyncio.sleep(max(0.0, (row["offer_expires_at"] - datetime.now(UTC)).total_seconds()) + 0.3)
        assert await world.status(first.id) == "offered"
    finally:
        await world.runner.start()

    await world.reached(first.id, "expired")
    assert (await world.reservation(row["reservation_id"]))["status"] == "cancelled"
    second_row = await world.reached(second.id, "offered")
    assert (await world.reservation(second_row["reservation_id"]))["user_id"] == second.user_id


@pytest.mark.slow
async def test_slots_freed_while_nats_is_down_are_each_offered_exactly_once(world: World) -> None:
    start, end = hour_slot(9, 14)
    rooms = [await world.new_resource() for _ in range(3)]
    booked = [await world.book(room, start, end) for room in rooms]
    firsts = [await world.join(uid(), room, start, end) for room in rooms]
    seconds = [await world.join(uid(), room, start, end) for room in rooms]

    await asyncio.to_thread(world.nats.stop)
    try:
        for reservation in booked:
            await world.cancel(reservation)  # booking keeps the events in its outbox meanwhile
        await asyncio.sleep(1.0)
        assert {await world.status(e.id) for e in firsts} == {"waiting"}
    finally:
        await asyncio.to_thread(world.nats.start)

    async def offered_then_accepted(entry_id: int, user_id: int) -> None:
        await world.reached(entry_id, "offered", seconds=30)
        await world.accept(user_id, entry_id)  # taken at once, so no expiry passes the slot on

    await asyncio.gather(*(offered_then_accepted(e.id, e.user_id) for e in firsts))
    await never(lambda: _any_offered(world, [e.id for e in seconds]), 1.0)
    for room, entry in zip(rooms, firsts, strict=True):
        assert [(h["user_id"], h["status"]) for h in await world.holds(room)] == [(entry.user_id, "confirmed")]


async def test_entries_whose_time_has_passed_leave_the_queue(world: World, resource_id: int) -> None:
    past_start = datetime.now(UTC) - timedelta(hours=2)
    entry_id = await world.db.fetchval(
        "INSERT INTO waitlist_entries (resource_id, user_id, desired_start, desired_end) VALUES ($1, $2, $3, $4) RETURNING id",
        resource_id,
        uid(),
        past_start,
        past_start + timedelta(hours=1),
    )

    await world.reached(entry_id, "expired", seconds=OFFER_TTL_SECONDS + 5)

    reason = await world.db.fetchval(
        "SELECT reason FROM waitlist_history WHERE entry_id = $1 ORDER BY id DESC LIMIT 1", entry_id
    )
    assert reason == "the desired time has passed"


async def _any_offered(world: World, entry_ids: list[int]) -> bool:
    return bool(
        await world.db.fetchval(
            "SELECT count(*) FROM waitlist_entries WHERE id = ANY($1) AND status <> 'waiting'", entry_ids
        )
    )


async def test_a_slot_freed_without_an_event_is_offered_by_the_recheck(world: World, resource_id: int) -> None:
    start, end = hour_slot(6, 14)
    booked = await world.book(resource_id, start, end)
    await world.book(resource_id, start + timedelta(hours=2), end + timedelta(hours=2))
    waiting = await world.join(uid(), resource_id, start, end)
    still_taken = await world.join(uid(), resource_id, start + timedelta(hours=2), end + timedelta(hours=2))
    # The first booking vanishes with no event (as if it was lost before the outbox existed).
    await world.booking_db.execute("DELETE FROM reservations WHERE id = $1", booked.id)
    assert world.runner.service is not None
    running = next(
        job.__self__
        for job in world.runner.service.parts.background
        if isinstance(getattr(job, "__self__", None), Sweeper)
    )
    sweeper = Sweeper(running.app, interval=1, batch_size=100, recheck_interval=60)

    # Other tests' queues share this world, so count only this resource's entries.
    assert await sweeper.recheck() >= 1
    row = await world.reached(waiting.id, "offered")
    hold = await world.reservation(row["reservation_id"])
    assert (hold["status"], hold["start_time"], hold["end_time"]) == ("held", start, end)
    assert await world.status(still_taken.id) == "waiting"
    # A second round holds nothing more for them (their offer may have lapsed meanwhile: the
    # test's offers are short, and a lapsed offer is not offered again to the same entry).
    await sweeper.recheck()
    assert await world.status(still_taken.id) == "waiting"
    holds = await world.booking_db.fetchval(
        "SELECT count(*) FROM reservations WHERE resource_id = $1 AND user_id = $2", resource_id, waiting.user_id
    )
    assert holds == 1


class _StuckRecheck(Sweeper):
    """A re-check that never finishes, like one waiting on a slow booking for many resources."""

    async def recheck(self) -> int:
        await asyncio.Event().wait()
        return 0


async def test_a_slow_recheck_never_holds_up_an_offers_expiry(world: World, resource_id: int) -> None:
    start, end = hour_slot(9, 16)
    booked = await world.book(resource_id, start, end)
    first = await world.join(uid(), resource_id, start, end)
    await world.cancel(booked)
    row = await world.reached(first.id, "offered")
    assert world.runner.service is not None
    running = next(
        job.__self__
        for job in world.runner.service.parts.background
        if isinstance(getattr(job, "__self__", None), Sweeper)
    )
    stuck = _StuckRecheck(running.app, interval=0.1, batch_size=100, recheck_interval=0.01)

    await world.runner.stop()  # only the stuck sweeper runs now
    tasks = [asyncio.create_task(stuck.run_recheck()), asyncio.create_task(stuck.run())]
    try:
        await world.reached(first.id, "expired", seconds=OFFER_TTL_SECONDS + 10)
        assert not tasks[0].done()  # the re-check is still stuck, and the offer expired anyway
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await world.runner.start()
    assert (await world.reservation(row["reservation_id"]))["status"] == "cancelled"
