"""Move a reservation, or this-and-following / all occurrences of its series, by the same
wall-clock shift in the resource's time zone; everything moves or nothing does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.changes import record_changes
from rr_booking.db_errors import is_slot_taken
from rr_booking.errors import NotMovable, OverlapsOwnSeries
from rr_booking.models import Reservation
from rr_booking.recurrence.rules import zone
from rr_booking.reservations.domain import check_scope, conflict_error, overlapping_pairs, validate_range
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.repository import ReservationRepository
from rr_booking.reservations.service import ReservationService
from rr_common.context import Principal
from rr_common.errors import InvalidInput
from rr_common.timeconv import utcnow

MOVABLE = ("confirmed", "pending_approval")


@dataclass(frozen=True)
class MoveOutcome:
    reservation: Reservation
    moved: list[Reservation]


def shifted(r: Reservation, shift: timedelta, length: timedelta) -> tuple[datetime, datetime]:
    """`r` moved by `shift` on the resource's wall clock, lasting `length` of wall-clock time."""
    tz = zone(r.timezone)
    local = r.start_time.astimezone(tz).replace(tzinfo=None) + shift
    return local.replace(tzinfo=tz).astimezone(r.start_time.tzinfo), (local + length).replace(tzinfo=tz).astimezone(
        r.start_time.tzinfo
    )


class MoveService:
    def __init__(self, reservations: ReservationService, placer: Placer, max_duration: timedelta) -> None:
        self.reservations = reservations
        self.placer = placer
        self.max_duration = max_duration

    async def move(
        self, session: AsyncSession, who: Principal, reservation_id: int, start: datetime, end: datetime, scope: str
    ) -> MoveOutcome:
        scope = check_scope(scope)
        now = utcnow()
        validate_range(start, end, now, self.max_duration)
        target = await self.reservations.get_visible(session, who, reservation_id, for_update=True)
        if target.status not in MOVABLE or target.start_time <= now:
            raise NotMovable(
                f"Only a confirmed or pending reservation that has not begun can be moved; this one is {target.status}.",
            )
        repo = ReservationRepository(session)
        rows = [target]
        if scope != "this" and target.series_id is not None:
            since = target.recurrence_id if scope == "following" else None
            rows = [
                r
                for r in await repo.series_occurrences(target.series_id, since, MOVABLE, for_update=True)
                if r.start_time > now
            ]
        tz = zone(target.timezone)
        shift = start.astimezone(tz).replace(tzinfo=None) - target.start_time.astimezone(tz).replace(tzinfo=None)
        length = end.astimezone(tz).replace(tzinfo=None) - start.astimezone(tz).replace(tzinfo=None)
        slots = [shifted(r, shift, length) for r in rows]
        for s, e in slots:
            validate_range(s, e, now, self.max_duration)
        placed = await self.placer.place(session, target.resource_id, slots)
        for i, (s, _) in enumerate(slots):
            if refusal := placed.refusal(i):
                raise InvalidInput(
                    f"The occurrence at {s.isoformat()} cannot move there: {refusal.detail}", code=refusal.code
                )
        occupied = [placed.placement.occupied(s, e) for s, e in slots]
        if overlapping_pairs(occupied):
            raise OverlapsOwnSeries("The moved occurrences would overlap each other.")
        before = {r.id: (r.start_time, r.end_time) for r in rows}
        await repo.lock_resources([target.resource_id])
        clashes = await repo.conflicts(target.resource_id, occupied, exclude_ids=[r.id for r in rows])
        if clashes:
            raise conflict_error(next(iter(clashes.values())))
        moves = [
            (r.id, s, e, o[0], o[1], None if r.check_in_deadline is None else r.check_in_deadline + (s - r.start_time))
            for r, (s, e), o in zip(rows, slots, occupied, strict=True)
        ]
        try:
            await repo.reschedule(moves)
        except DBAPIError as exc:
            if is_slot_taken(exc):
                raise conflict_error([]) from exc
            raise
        moved = sorted(await repo.get_many([r.id for r in rows], fresh=True), key=lambda r: r.start_time)
        statuses = [r.status for r in moved]
        await record_changes(
            session,
            moved,
            statuses,
            who.user_id,
            "moved",
            events.RESERVATION_MOVED,
            previous_ranges=[before[r.id] for r in moved],
        )
        return MoveOutcome(next(r for r in moved if r.id == target.id), moved)
