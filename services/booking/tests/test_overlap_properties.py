"""Properties of the overlap rule against a brute-force model: two reservations that occupy a slot
may not overlap on one resource once each is widened by the resource's buffers; ranges are
half-open, so touching is fine; only occupying states count.

Checked five ways: the pure functions (`Placement.occupied`, `overlapping_pairs`), the
PostgreSQL exclusion constraint `no_double_booking` itself (rows written directly), the service
over real gRPC one request at a time (with cancellations), the service under concurrent
requests, where only the database can keep the slot single, and a series with
`skip_conflicts` (one query for every occurrence)."""

from __future__ import annotations

import asyncio
import itertools
import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rr.booking.v1 import booking_pb2

from rr_booking.models import OCCUPYING, STATES
from rr_booking.reservations.domain import Placement, overlapping_pairs
from rr_common.errors import error_payload
from rr_common.timeconv import to_timestamp
from services.booking.tests.support import Booking, create, refused

Range = tuple[datetime, datetime]
MINUTE = timedelta(minutes=1)
# A few hours on a coarse grid: many overlaps, touches (with and without buffers) and repeats.
STEP = 15
offsets = st.integers(0, 24).map(lambda k: k * STEP)
lengths = st.integers(1, 8).map(lambda k: k * STEP)
buffers = st.sampled_from([0, 0, 0, 15, 15, 30, 60])
intervals = st.tuples(offsets, lengths)
CONSTRAINT_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Every example below makes several gRPC calls: fewer examples, still many overlaps each.
SERVICE_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# Hypothesis seeds the `random` module for every example; ids and windows must differ anyway.
_unseeded = random.SystemRandom()


def uid() -> int:
    return _unseeded.randint(10**8, 10**12)


def overlaps(a: Range, b: Range) -> bool:
    """Half-open ranges [start, end) share an instant."""
    return a[0] < b[1] and b[0] < a[1]


def widened(start: datetime, end: datetime, before: int, after: int) -> Range:
    return start - before * MINUTE, end + after * MINUTE


_FIRST_DAY = (datetime.now(UTC) + timedelta(days=30)).replace(hour=0, minute=0, second=0, microsecond=0)
_days_used = itertools.count()


def base_day(days: int = 1) -> datetime:
    """Midnight UTC of a window of `days` days (plus a spare one) that no other example uses, so
    examples can share a resource."""
    start = next(_days_used)
    for _ in range(days):
        next(_days_used)
    return _FIRST_DAY + timedelta(days=start)


def slots(base: datetime, items: list[tuple[int, int]]) -> list[Range]:
    return [(base + start * MINUTE, base + (start + length) * MINUTE) for start, length in items]


# --- the pure functions ---------------------------------------------------------------------------


def placement(before: int, after: int) -> Placement:
    return Placement(1, "Room", "UTC", False, before * MINUTE, after * MINUTE, False, timedelta(0), timedelta(0))


@settings(max_examples=300, deadline=None, database=None)
@given(items=st.lists(intervals, max_size=12), before=buffers, after=buffers)
def test_a_batch_keeps_every_range_that_overlaps_no_earlier_kept_one(
    items: list[tuple[int, int]], before: int, after: int
) -> None:
    base = datetime(2030, 1, 1, tzinfo=UTC)
    occupied = [placement(before, after).occupied(s, e) for s, e in slots(base, items)]
    assert occupied == [widened(s, e, before, after) for s, e in slots(base, items)]
    # Brute force: by start (then position), keep a range unless it overlaps one already kept.
    kept: list[int] = []
    for i in sorted(range(len(occupied)), key=lambda i: (occupied[i][0], i)):
        if not any(overlaps(occupied[i], occupied[j]) for j in kept):
            kept.append(i)
    assert overlapping_pairs(occupied) == set(range(len(occupied))) - set(kept)


# --- the exclusion constraint itself ----------------------------------------------------------------


@pytest.fixture(scope="module")
async def conn(booking: Booking) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(booking.database_url)
    try:
        yield connection
    finally:
        await connection.close()


async def insert(conn: asyncpg.Connection, resource_id: int, occupied: Range, status: str) -> int | None:
    """Write a row straight into the table (no service, no lock, no pre-check): its id, or None
    when the exclusion constraint refuses it."""
    try:
        return int(
            await conn.fetchval(
                "INSERT INTO reservations (user_id, resource_id, start_time, end_time, occupied_start, occupied_end, status)"
                " VALUES ($1, $2, $3, $4, $3, $4, $5) RETURNING id",
                uid(),
                resource_id,
                occupied[0],
                occupied[1],
                status,
            )
        )
    except asyncpg.ExclusionViolationError as exc:
        assert exc.constraint_name == "no_double_booking"
        return None


@CONSTRAINT_SETTINGS
@given(
    rows=st.lists(st.tuples(intervals, st.sampled_from(STATES)), min_size=1, max_size=10),
    flips=st.lists(st.integers(0, 9), max_size=4),
)
async def test_the_exclusion_constraint_refuses_exactly_the_overlaps_of_occupying_rows(
    conn: asyncpg.Connection, rows: list[tuple[tuple[int, int], str]], flips: list[int]
) -> None:
    resource_id = uid()
    base = base_day()
    live: dict[int, tuple[Range, str]] = {}
    for (start, length), status in rows:
        occupied = slots(base, [(start, length)])[0]
        clash = status in OCCUPYING and any(s in OCCUPYING and overlaps(occupied, r) for r, s in live.values())
        new_id = await insert(conn, resource_id, occupied, status)
        assert (new_id is None) == clash, f"{occupied} {status} against {sorted(live.values())}"
        if new_id is not None:
            live[new_id] = (occupied, status)
    # Turning a row into an occupying state is checked too (a cancelled slot taken back).
    ids = sorted(live)
    for pick in flips:
        row_id = ids[pick % len(ids)]
        occupied, status = live[row_id]
        target = "confirmed" if status not in OCCUPYING else "cancelled"
        clash = target in OCCUPYING and any(
            s in OCCUPYING and overlaps(occupied, r) for i, (r, s) in live.items() if i != row_id
        )
        try:
            await conn.execute("UPDATE reservations SET status = $1 WHERE id = $2", target, row_id)
            refused_by_db = False
        except asyncpg.ExclusionViolationError:
            refused_by_db = True
        assert refused_by_db == clash
        if not refused_by_db:
            live[row_id] = (occupied, target)


# --- the service, over gRPC ---------------------------------------------------------------------------

_rooms: dict[tuple[int, int], int] = {}


async def resource_with_buffers(booking: Booking, before: int, after: int) -> int:
    """One resource per pair of buffers, shared by examples (each books in its own days)."""
    if (before, after) not in _rooms:
        room = await booking.new_resource(timezone="UTC", buffer_before_minutes=before, buffer_after_minutes=after)
        _rooms[before, after] = int(room.id)
    return _rooms[before, after]


async def book(
    booking: Booking, resource_id: int, slot: Range, user_id: int = 0
) -> tuple[int | None, dict[str, object]]:
    """The new reservation's id, or None with the refusal (which must be a slot conflict)."""
    try:
        made = await booking.stub.CreateReservation(
            create(resource_id, *slot), metadata=booking.as_user(user_id or uid())
        )
        return int(made.reservation.id), {}
    except grpc.aio.AioRpcError as exc:
        body = error_payload(exc.trailing_metadata())
        assert exc.code() == grpc.StatusCode.ALREADY_EXISTS and body.get("code") == "reservation_conflict", (
            exc.code(),
            body,
        )
        return None, body


@st.composite
def next_slot(draw: st.DrawFn, base: datetime, earlier: list[Range], before: int, after: int) -> Range:
    """Anywhere in the window, or placed against an earlier slot: exactly touching it (buffers
    included), one step into it, or the very same range."""
    if earlier and draw(st.booleans()):
        start, end = draw(st.sampled_from(earlier))
        gap, length = (before + after) * MINUTE, draw(lengths) * MINUTE
        step = STEP * MINUTE
        return draw(
            st.sampled_from(
                [
                    (end + gap, end + gap + length),  # touching after
                    (start - gap - length, start - gap),  # touching before
                    (end + gap - step, end + gap - step + length),  # one step into it, after
                    (start - gap - length + step, start - gap + step),  # one step into it, before
                    (start, end),
                ]
            )
        )
    return slots(base, [draw(intervals)])[0]


@SERVICE_SETTINGS
@given(before=buffers, after=buffers, data=st.data())
async def test_the_service_books_exactly_what_the_model_allows(
    booking: Booking, before: int, after: int, data: st.DataObject
) -> None:
    resource_id = await resource_with_buffers(booking, before, after)
    base = base_day(4) + timedelta(days=2)  # chains of touching slots may reach a day either way
    asked: list[Range] = []
    active: dict[int, Range] = {}  # reservation id -> its own (unwidened) range
    owners: dict[int, int] = {}
    for _ in range(data.draw(st.integers(1, 9), label="steps")):
        if active and data.draw(st.integers(0, 4), label="cancel one?") == 0:
            victim = data.draw(st.sampled_from(sorted(active)), label="cancelled")
            await booking.stub.CancelReservation(
                booking_pb2.CancelReservationRequest(id=victim), metadata=booking.as_user(owners[victim])
            )
            del active[victim]
            continue
        slot = data.draw(next_slot(base, asked, before, after), label="slot")
        asked.append(slot)
        blocking = [r for r in active.values() if overlaps(widened(*slot, before, after), widened(*r, before, after))]
        user_id = uid()
        new_id, refusal = await book(booking, resource_id, slot, user_id)
        assert (new_id is None) == bool(blocking), (
            f"{slot} with buffers {before}/{after} against {sorted(active.values())}"
        )
        if new_id is None:
            reported = {
                (datetime.fromisoformat(c["start_time"]), datetime.fromisoformat(c["end_time"]))
                for c in refusal["conflicts"]
            }  # type: ignore[attr-defined]
            assert reported == set(blocking), "the conflicts named are exactly the blocking reservations"
        else:
            active[new_id] = slot
            owners[new_id] = user_id


@settings(SERVICE_SETTINGS, max_examples=8)
@given(items=st.lists(intervals, min_size=2, max_size=6), before=buffers, after=buffers)
async def test_concurrent_requests_never_double_book(
    booking: Booking, items: list[tuple[int, int]], before: int, after: int
) -> None:
    resource_id = await resource_with_buffers(booking, before, after)
    wanted = slots(base_day(), items)
    outcomes = await asyncio.gather(*(book(booking, resource_id, slot) for slot in wanted))
    won = [slot for slot, (new_id, _) in zip(wanted, outcomes, strict=True) if new_id is not None]
    lost = [slot for slot, (new_id, _) in zip(wanted, outcomes, strict=True) if new_id is None]
    assert won, "someone always gets a free resource"
    occupied = [widened(*s, before, after) for s in won]
    assert not any(overlaps(a, b) for i, a in enumerate(occupied) for b in occupied[i + 1 :]), "no two winners overlap"
    assert all(any(overlaps(widened(*s, before, after), o) for o in occupied) for s in lost), (
        "every loser overlaps a winner"
    )


@SERVICE_SETTINGS
@given(
    taken=st.lists(st.tuples(st.integers(0, 9), st.integers(-12, 12).map(lambda k: k * STEP), lengths), max_size=6),
    hour=st.integers(4, 19),
    length=lengths,
    count=st.integers(1, 10),
    before=buffers,
    after=buffers,
)
async def test_a_series_skips_exactly_the_occurrences_that_would_overlap(
    booking: Booking, taken: list[tuple[int, int, int]], hour: int, length: int, count: int, before: int, after: int
) -> None:
    resource_id = await resource_with_buffers(booking, before, after)
    base = base_day(11)
    existing: list[Range] = []
    for day, shift, minutes in taken:  # near the occurrences: before, after, touching, across
        slot = (
            base + timedelta(days=day, hours=hour, minutes=shift),
            base + timedelta(days=day, hours=hour, minutes=shift + minutes),
        )
        if (await book(booking, resource_id, slot))[0] is not None:
            existing.append(slot)
    first = base + timedelta(hours=hour)
    request = booking_pb2.CreateSeriesRequest(
        resource_id=resource_id,
        start_time=to_timestamp(first),
        end_time=to_timestamp(first + length * MINUTE),
        recurrence=booking_pb2.Recurrence(rrule=f"FREQ=DAILY;COUNT={count}"),
        conflict_policy="skip_conflicts",
        idempotency_key=uuid.uuid4().hex,
    )
    occurrences = [(first + timedelta(days=d), first + timedelta(days=d) + length * MINUTE) for d in range(count)]
    blocked = [
        o
        for o in occurrences
        if any(overlaps(widened(*o, before, after), widened(*e, before, after)) for e in existing)
    ]
    free = [o for o in occurrences if o not in blocked]
    if not free:
        code, body = await refused(booking.stub.CreateSeries(request, metadata=booking.as_user(uid())))
        assert code == grpc.StatusCode.ALREADY_EXISTS and body["code"] == "reservation_conflict"
        return
    made = await booking.stub.CreateSeries(request, metadata=booking.as_user(uid()))
    assert [(r.start_time.ToDatetime(tzinfo=UTC), r.end_time.ToDatetime(tzinfo=UTC)) for r in made.created] == free
    assert [(s.start_time.ToDatetime(tzinfo=UTC), s.code) for s in made.skipped] == [
        (o[0], "reservation_conflict") for o in blocked
    ]
