"""The queue over real gRPC with real booking and catalog: joining a taken slot, fair positions,
refusals that write nothing, listing, one entry with its history, leaving, and managers' view."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from nats.aio.msg import Msg
from rr.common.v1 import common_pb2
from rr.waitlist.v1 import events_pb2, waitlist_pb2
from sqlalchemy import event

from rr_waitlist.events import ENTRY_JOINED
from services.waitlist.tests.support import World, hour_slot, refused, uid

NINE, TEN = hour_slot(3, 9)
_, ELEVEN = hour_slot(3, 10)
_, NOON = hour_slot(3, 11)


async def taken(world: World, resource_id: int, start: datetime = NINE, end: datetime = NOON) -> None:
    """Someone books the range, so others may queue for it."""
    await world.book(resource_id, start, end)


async def count_entries(world: World, user_id: int) -> int:
    return int(await world.db.fetchval("SELECT count(*) FROM waitlist_entries WHERE user_id = $1", user_id))


async def list_mine(world: World, user_id: int, limit: int = 0, cursor: str = "") -> waitlist_pb2.ListMyEntriesResponse:
    request = waitlist_pb2.ListMyEntriesRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor))
    return await world.waitlist.ListMyEntries(request, metadata=world.auth(user_id))


@pytest.fixture
def sql_statements(world: World) -> Iterator[list[str]]:
    """Every SQL statement the waitlist sends while the test runs."""
    seen: list[str] = []
    assert world.runner.service is not None
    engine = world.runner.service.infra.db.engine.sync_engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


class TestJoin:
    async def test_first_in_line_then_second(
        self, world: World, user_id: int, other_user_id: int, resource_id: int
    ) -> None:
        await taken(world, resource_id)
        first = await world.join(user_id, resource_id, TEN, ELEVEN, flexible=True)
        second = await world.join(other_user_id, resource_id, TEN, ELEVEN)

        assert (first.position, second.position) == (1, 2)
        assert (first.resource_id, first.user_id, first.status, first.flexible_time) == (
            resource_id,
            user_id,
            "waiting",
            True,
        )
        assert first.desired_start.ToDatetime(tzinfo=UTC) == TEN and first.desired_end.ToDatetime(tzinfo=UTC) == ELEVEN
        assert first.created_at.seconds > 0
        assert not first.HasField("offered_at") and not first.HasField("offer_expires_at") and first.reservation_id == 0

    async def test_only_earlier_entries_for_an_overlapping_range_count(
        self, world: World, user_id: int, other_user_id: int, third_user_id: int, resource_id: int
    ) -> None:
        await taken(world, resource_id)
        await world.join(user_id, resource_id, NINE, ELEVEN)
        touching = await world.join(other_user_id, resource_id, ELEVEN, NOON)  # starts as the first ends
        overlapping = await world.join(third_user_id, resource_id, TEN, NOON)

        assert (touching.position, overlapping.position) == (1, 3)

    async def test_a_free_slot_is_refused_with_a_hint_to_book_it(
        self, world: World, user_id: int, resource_id: int
    ) -> None:
        code, body = await refused(world.join(user_id, resource_id, TEN, ELEVEN))

        assert code == grpc.StatusCode.ALREADY_EXISTS
        assert body["code"] == "slot_available" and "book it" in body["detail"]
        assert await count_entries(world, user_id) == 0

    async def test_a_partly_taken_range_may_be_joined(self, world: World, user_id: int, resource_id: int) -> None:
        await taken(world, resource_id, TEN, ELEVEN)
        entry = await world.join(user_id, resource_id, NINE, NOON)
        assert entry.position == 1

    async def test_an_unknown_resource_is_not_found(self, world: World, user_id: int) -> None:
        code, body = await refused(world.join(user_id, 987_654_321, TEN, ELEVEN))

        assert code == grpc.StatusCode.NOT_FOUND and body["detail"]
        assert await count_entries(world, user_id) == 0

    async def test_joining_twice_for_the_same_range_is_a_conflict(
        self, world: World, user_id: int, resource_id: int
    ) -> None:
        await taken(world, resource_id)
        first = await world.join(user_id, resource_id, TEN, ELEVEN)

        code, body = await refused(world.join(user_id, resource_id, TEN, ELEVEN))

        assert code == grpc.StatusCode.ALREADY_EXISTS
        assert body["code"] == "already_waiting" and body["entry_id"] == first.id
        assert await count_entries(world, user_id) == 1
        other_range = await world.join(user_id, resource_id, TEN, NOON)
        assert other_range.position == 2

    async def test_concurrent_duplicates_make_one_entry(self, world: World, user_id: int, resource_id: int) -> None:
        await taken(world, resource_id)
        results = await asyncio.gather(
            *(world.join(user_id, resource_id, TEN, ELEVEN) for _ in range(4)), return_exceptions=True
        )

        errors = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
        assert len(results) - len(errors) == 1
        assert [e.code() for e in errors] == [grpc.StatusCode.ALREADY_EXISTS] * 3
        assert await count_entries(world, user_id) == 1

    async def test_rejoining_after_leaving_is_allowed(self, world: World, user_id: int, resource_id: int) -> None:
        await taken(world, resource_id)
        first = await world.join(user_id, resource_id, TEN, ELEVEN)
        await world.leave(user_id, first.id)

        again = await world.join(user_id, resource_id, TEN, ELEVEN)

        assert again.id != first.id and again.position == 1

    @pytest.mark.parametrize(
        "start, end, loc",
        [
            (datetime.now(UTC) - timedelta(hours=1), datetime.now(UTC) + timedelta(hours=1), "desired_start"),
            (ELEVEN, TEN, "desired_end"),
            (TEN, TEN, "desired_end"),
        ],
    )
    async def test_impossible_ranges_are_invalid(
        self, world: World, user_id: int, resource_id: int, start: datetime, end: datetime, loc: str
    ) -> None:
        code, body = await refused(world.join(user_id, resource_id, start, end))

        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert body["code"] == "validation_failed" and loc in [e["loc"] for e in body["errors"]]
        assert await count_entries(world, user_id) == 0

    async def test_missing_times_and_resource_are_invalid(self, world: World, user_id: int) -> None:
        for request in (waitlist_pb2.JoinWaitlistRequest(resource_id=1), waitlist_pb2.JoinWaitlistRequest()):
            code, _ = await refused(world.waitlist.JoinWaitlist(request, metadata=world.auth(user_id)))
            assert code == grpc.StatusCode.INVALID_ARGUMENT
        code, body = await refused(world.join(user_id, 0, TEN, ELEVEN))
        assert [e["loc"] for e in body["errors"]] == ["resource_id"]
        assert await count_entries(world, user_id) == 0

    async def test_joining_is_announced_through_the_outbox(self, world: World, user_id: int, resource_id: int) -> None:
        assert world.runner.service is not None and world.runner.service.infra.nats.client is not None
        received: asyncio.Future[events_pb2.EntryJoined] = asyncio.get_running_loop().create_future()

        async def collect(msg: Msg) -> None:
            message = events_pb2.EntryJoined.FromString(msg.data)
            if message.entry.user_id == user_id and not received.done():
                received.set_result(message)

        sub = await world.runner.service.infra.nats.client.subscribe(ENTRY_JOINED, cb=collect)
        await taken(world, resource_id)
        entry = await world.join(user_id, resource_id, TEN, ELEVEN)
        try:
            published = await asyncio.wait_for(received, timeout=10)
        finally:
            await sub.unsubscribe()

        assert published.entry == entry and published.header.actor_user_id == user_id


class TestListAndGet:
    async def test_lists_mine_newest_first_with_positions(
        self, world: World, user_id: int, other_user_id: int, resource_id: int
    ) -> None:
        other_resource = await world.new_resource()
        await taken(world, resource_id)
        await taken(world, other_resource)
        await world.join(other_user_id, resource_id, TEN, ELEVEN)
        a = await world.join(user_id, resource_id, TEN, ELEVEN)  # behind the other user
        b = await world.join(user_id, resource_id, NINE, TEN)  # first for 9-10
        c = await world.join(user_id, other_resource, TEN, ELEVEN)
        await world.join(other_user_id, other_resource, TEN, ELEVEN)  # after c: changes nothing for c

        pages, cursor = [], ""
        while True:
            page = await list_mine(world, user_id, limit=2, cursor=cursor)
            pages.append([(e.id, e.position) for e in page.entries])
            if not page.page.has_more:
                assert page.page.next_cursor == ""
                break
            cursor = page.page.next_cursor

        assert pages == [[(c.id, 1), (b.id, 1)], [(a.id, 2)]]

    async def test_positions_move_up_when_someone_ahead_leaves(
        self, world: World, user_id: int, other_user_id: int, resource_id: int
    ) -> None:
        await taken(world, resource_id)
        ahead = await world.join(other_user_id, resource_id, TEN, ELEVEN)
        mine = await world.join(user_id, resource_id, TEN, ELEVEN)
        assert mine.position == 2

        left = await world.leave(other_user_id, ahead.id)

        assert (left.status, left.position) == ("cancelled", 0)
        assert (await world.entry(user_id, mine.id)).position == 1

    async def test_positions_come_from_one_query(
        self, world: World, user_id: int, other_user_id: int, resource_id: int, sql_statements: list[str]
    ) -> None:
        await taken(world, resource_id, NINE - timedelta(hours=8), NINE)
        for hour in range(6):
            start = NINE - timedelta(hours=8 - hour)
            await world.join(other_user_id, resource_id, start, start + timedelta(hours=1))
            await world.join(user_id, resource_id, start, start + timedelta(hours=1))
        sql_statements.clear()

        page = await list_mine(world, user_id, limit=20)

        assert [e.position for e in page.entries] == [2] * 6
        # (the sweeper's own statements, SKIP LOCKED, run alongside and are not the list's)
        assert len([s for s in sql_statements if "waitlist_entries" in s and "SKIP LOCKED" not in s]) == 1

    async def test_one_entry_with_its_history_and_nobody_elses(
        self, world: World, user_id: int, other_user_id: int, resource_id: int
    ) -> None:
        await taken(world, resource_id)
        mine = await world.join(user_id, resource_id, TEN, ELEVEN)

        answer = await world.waitlist.GetEntry(waitlist_pb2.GetEntryRequest(id=mine.id), metadata=world.auth(user_id))
        assert answer.entry == mine
        assert [(h.from_status, h.to_status, h.actor_user_id, h.reason) for h in answer.history] == [
            ("", "waiting", user_id, "joined")
        ]

        for stranger_call in (
            world.entry(other_user_id, mine.id),
            world.entry(user_id, mine.id + 10_000_000),
            world.leave(other_user_id, mine.id),
            world.accept(other_user_id, mine.id),
            world.decline(other_user_id, mine.id),
        ):
            code, body = await refused(stranger_call)
            assert code == grpc.StatusCode.NOT_FOUND and body["code"] == "entry_not_found"
        assert await world.status(mine.id) == "waiting"
        manager_view = await world.waitlist.GetEntry(
            waitlist_pb2.GetEntryRequest(id=mine.id), metadata=world.auth(uid(), "manager")
        )
        assert manager_view.entry.id == mine.id

    async def test_a_bad_cursor_is_invalid(self, world: World, user_id: int) -> None:
        code, _ = await refused(list_mine(world, user_id, cursor="%%%"))
        assert code == grpc.StatusCode.INVALID_ARGUMENT


class TestLeave:
    async def test_leaving_twice_answers_the_same_and_says_so_once(
        self, world: World, user_id: int, resource_id: int
    ) -> None:
        await taken(world, resource_id)
        entry = await world.join(user_id, resource_id, TEN, ELEVEN)

        first = await world.leave(user_id, entry.id)
        second = await world.leave(user_id, entry.id)

        assert first.status == second.status == "cancelled"
        left_events = await world.db.fetchval(
            "SELECT count(*) FROM outbox WHERE subject = 'rr.waitlist.entry.left' AND position($1 in encode(payload, 'escape')) > 0",
            "left the waitlist",
        )
        assert left_events >= 1
        history = await world.db.fetch(
            "SELECT to_status FROM waitlist_history WHERE entry_id = $1 ORDER BY id", entry.id
        )
        assert [h["to_status"] for h in history] == ["waiting", "cancelled"]


class TestResourceQueue:
    async def test_managers_see_the_live_queue_in_order_and_users_do_not(self, world: World, resource_id: int) -> None:
        await taken(world, resource_id)
        people = [uid() for _ in range(3)]
        entries = [await world.join(p, resource_id, TEN, ELEVEN) for p in people]
        await world.leave(people[1], entries[1].id)

        manager = world.auth(uid(), "manager")
        first = await world.waitlist.ListResourceQueue(
            waitlist_pb2.ListResourceQueueRequest(resource_id=resource_id, page=common_pb2.PageRequest(limit=1)),
            metadata=manager,
        )
        rest = await world.waitlist.ListResourceQueue(
            waitlist_pb2.ListResourceQueueRequest(
                resource_id=resource_id, page=common_pb2.PageRequest(limit=1, cursor=first.page.next_cursor)
            ),
            metadata=manager,
        )
        assert [(e.user_id, e.position) for e in [*first.entries, *rest.entries]] == [(people[0], 1), (people[2], 2)]
        assert not rest.page.has_more
        cancelled = await world.waitlist.ListResourceQueue(
            waitlist_pb2.ListResourceQueueRequest(resource_id=resource_id, status="cancelled"), metadata=manager
        )
        assert [e.user_id for e in cancelled.entries] == [people[1]]

        code, _ = await refused(
            world.waitlist.ListResourceQueue(
                waitlist_pb2.ListResourceQueueRequest(resource_id=resource_id), metadata=world.auth(people[0])
            )
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED
        code, body = await refused(
            world.waitlist.ListResourceQueue(
                waitlist_pb2.ListResourceQueueRequest(resource_id=resource_id, status="asleep"), metadata=manager
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and body["code"] == "invalid_status"


@pytest.mark.parametrize(
    "method, request_message",
    [
        ("JoinWaitlist", waitlist_pb2.JoinWaitlistRequest(resource_id=1)),
        ("ListMyEntries", waitlist_pb2.ListMyEntriesRequest()),
        ("GetEntry", waitlist_pb2.GetEntryRequest(id=1)),
        ("LeaveWaitlist", waitlist_pb2.LeaveWaitlistRequest(id=1)),
        ("AcceptOffer", waitlist_pb2.AcceptOfferRequest(id=1)),
        ("DeclineOffer", waitlist_pb2.DeclineOfferRequest(id=1)),
        ("ListResourceQueue", waitlist_pb2.ListResourceQueueRequest(resource_id=1)),
    ],
)
async def test_every_call_needs_a_signed_in_user(world: World, method: str, request_message: object) -> None:
    code, body = await refused(getattr(world.waitlist, method)(request_message))
    assert code == grpc.StatusCode.UNAUTHENTICATED and body["code"] == "not_authenticated"
