"""Bulk reservations: vet a whole batch with one catalog call per resource and one conflict query
per resource, then write every valid item in one insert (or write nothing: validate only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.changes import record_changes
from rr_booking.db_errors import is_slot_taken
from rr_booking.errors import InvalidBatch, OverlapsBatch
from rr_booking.locks import lock_for_writing
from rr_booking.models import OCCUPYING, Reservation
from rr_booking.quotas.service import QuotaService
from rr_booking.reservations.domain import Placement, conflict_error, overlapping_pairs, validate_range
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.repository import ReservationRepository
from rr_booking.reservations.service import new_row
from rr_common.context import Principal
from rr_common.errors import DomainError, InvalidInput
from rr_common.timeconv import utcnow

MAX_ITEMS = 500


@dataclass(frozen=True)
class Item:
    resource_id: int
    start: datetime
    end: datetime
    notes: str = ""


@dataclass
class Result:
    index: int
    outcome: str
    reservation: Reservation | None = None
    code: str = ""
    reason: str = ""


@dataclass(frozen=True)
class CancelResult:
    id: int
    outcome: str
    reason: str = ""


def _failed(index: int, exc: DomainError, outcome: str) -> Result:
    return Result(index, outcome, code=exc.code, reason=exc.detail)


class BulkService:
    def __init__(self, placer: Placer, quotas: QuotaService, max_duration: timedelta) -> None:
        self.placer = placer
        self.quotas = quotas
        self.max_duration = max_duration

    async def create(
        self, session: AsyncSession, who: Principal, items: Sequence[Item], validate_only: bool, key: str
    ) -> list[Result]:
        if not 1 <= len(items) <= MAX_ITEMS:
            raise InvalidBatch(f"Send between 1 and {MAX_ITEMS} reservations.")
        now = utcnow()
        repo = ReservationRepository(session)
        results: dict[int, Result] = {}
        keys = {i: f"{key}:{i}" for i in range(len(items))} if key else {}
        for k, earlier in (await repo.by_idempotency_keys(who.user_id, list(keys.values()))).items():
            index = int(k.rsplit(":", 1)[1])
            results[index] = Result(index, "created", earlier)  # a retried batch answers as before
        by_resource: dict[int, list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            if i in results:
                continue
            try:
                validate_range(item.start, item.end, now, self.max_duration)
            except InvalidInput as exc:
                results[i] = _failed(i, exc, "invalid")
                continue
            by_resource[item.resource_id].append(i)
        placements: dict[int, Placement] = {}
        for resource_id, indexes in sorted(by_resource.items()):
            try:
                placed = await self.placer.place(
                    session, resource_id, [(items[i].start, items[i].end) for i in indexes]
                )
            except DomainError as exc:
                results.update(
                    {i: _failed(i, exc, "not_found" if exc.code.endswith("not_found") else "invalid") for i in indexes}
                )
                continue
            placements[resource_id] = placed.placement
            for position, i in enumerate(indexes):
                if refusal := placed.refusal(position):
                    results[i] = _failed(i, refusal, "invalid")
        # No double booking: this transaction alone writes to these resources until it commits.
        await lock_for_writing(session, who.user_id, list(placements))
        quota = await self.quotas.guard(session, who)
        for resource_id, placement in placements.items():
            await self._find_conflicts(
                repo, resource_id, placement, [i for i in by_resource[resource_id] if i not in results], items, results
            )
        valid = [i for i in range(len(items)) if i not in results]
        try:
            await quota.check([(items[i].start, items[i].end) for i in valid])
        except InvalidInput as exc:
            results.update({i: _failed(i, exc, "quota_exceeded") for i in valid})
            valid = []
        if validate_only:
            results.update({i: Result(i, "valid") for i in valid})
            return [results[i] for i in range(len(items))]
        rows = [
            new_row(
                placements[items[i].resource_id],
                who,
                items[i].start,
                items[i].end,
                items[i].notes,
                now,
                idempotency_key=keys.get(i),
            )
            for i in valid
        ]
        try:
            created = await repo.add_many(rows)
        except DBAPIError as exc:
            if is_slot_taken(exc):
                raise conflict_error([]) from exc
            raise
        await record_changes(session, created, [None] * len(created), who.user_id, "bulk", events.RESERVATION_CREATED)
        results.update({i: Result(i, "created", r) for i, r in zip(valid, created, strict=True)})
        return [results[i] for i in range(len(items))]

    async def _find_conflicts(
        self,
        repo: ReservationRepository,
        resource_id: int,
        placement: Placement,
        indexes: list[int],
        items: Sequence[Item],
        results: dict[int, Result],
    ) -> None:
        occupied = [placement.occupied(items[i].start, items[i].end) for i in indexes]
        for position in overlapping_pairs(occupied):
            i = indexes[position]
            results[i] = Result(
                i,
                "conflict",
                code=OverlapsBatch.default_code,
                reason="It overlaps an earlier item of this batch on the same resource.",
            )
        remaining = [(position, i) for position, i in enumerate(indexes) if i not in results]
        found = await repo.conflicts(resource_id, [occupied[p] for p, _ in remaining])
        for at, clashes in found.items():
            i = remaining[at][1]
            taken = conflict_error(clashes)
            results[i] = Result(i, "conflict", code=taken.code, reason=taken.detail)

    async def cancel(
        self, session: AsyncSession, who: Principal, ids: Sequence[int], reason: str
    ) -> list[CancelResult]:
        if not 1 <= len(ids) <= MAX_ITEMS:
            raise InvalidBatch(f"Send between 1 and {MAX_ITEMS} ids.")
        repo = ReservationRepository(session)
        rows = {
            r.id: r
            for r in await repo.get_many(sorted(set(ids)), for_update=True)
            if r.user_id == who.user_id or who.is_manager
        }
        live = [r.id for r in rows.values() if r.status in OCCUPYING]
        previous = {i: rows[i].status for i in live}
        cancelled = await repo.set_status(live, OCCUPYING, "cancelled", cancellation_reason=reason)
        await record_changes(
            session, cancelled, [previous[r.id] for r in cancelled], who.user_id, reason, events.RESERVATION_CANCELLED
        )
        out = []
        for i in ids:
            row = rows.get(i)
            if row is None:
                out.append(CancelResult(i, "not_found", f"Reservation {i} does not exist."))
            elif row.status == "cancelled":
                out.append(CancelResult(i, "cancelled"))
            else:
                out.append(CancelResult(i, "not_cancellable", f"A {row.status} reservation cannot be cancelled."))
        return out
