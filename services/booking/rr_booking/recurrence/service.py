"""Recurring series: expand the rule, vet every occurrence with catalog in one call, find every
conflict in one query, then write the series and its occurrences in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking import events
from rr_booking.changes import record_changes
from rr_booking.db_errors import is_slot_taken
from rr_booking.errors import InvalidConflictPolicy, OverlapsOwnSeries, ReservationConflict, SeriesNotFound
from rr_booking.locks import lock_for_writing
from rr_booking.models import Reservation, Series
from rr_booking.quotas.service import QuotaService
from rr_booking.recurrence.domain import SeriesException, exceptions_of, occurrence_limit
from rr_booking.recurrence.repository import SeriesRepository
from rr_booking.recurrence.rules import SimpleRecurrence, expand, simple_rule, zone
from rr_booking.reservations.domain import conflict_error, overlapping_pairs, validate_range
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.repository import ReservationRepository
from rr_booking.reservations.service import new_row
from rr_common.context import Principal
from rr_common.errors import DomainError, InvalidInput
from rr_common.timeconv import utcnow

POLICIES = ("all_or_nothing", "skip_conflicts")


@dataclass(frozen=True)
class NewSeries:
    resource_id: int
    start: datetime
    end: datetime
    rrule: str = ""
    simple: SimpleRecurrence | None = None
    exdates: Sequence[datetime] = ()
    skip_dates: Sequence[date] = ()
    conflict_policy: str = "all_or_nothing"
    notes: str = ""
    idempotency_key: str = ""


@dataclass(frozen=True)
class Skipped:
    start: datetime
    end: datetime
    code: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {
            "start_time": self.start.isoformat(),
            "end_time": self.end.isoformat(),
            "code": self.code,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SeriesView:
    series: Series
    exceptions: list[SeriesException]
    occurrences: list[Reservation]
    occurrence_count: int


@dataclass(frozen=True)
class SeriesOutcome:
    series: Series
    created: list[Reservation]
    skipped: list[Skipped] = field(default_factory=list)


def _refused(skipped: list[Skipped], total: int) -> DomainError:
    report = [s.as_json() for s in skipped]
    first = skipped[0]
    detail = (
        f"{len(skipped)} of {total} occurrences cannot be booked; the first ({first.start.isoformat()}): {first.reason}"
    )
    if any(s.code == ReservationConflict.default_code for s in skipped):
        return ReservationConflict(
            detail,
            occurrences=report,
            conflicts=[
                {"start_time": s["start_time"], "end_time": s["end_time"]}
                for s in report
                if s["code"] == ReservationConflict.default_code
            ],
        )
    return InvalidInput(detail, code=first.code, occurrences=report)


class SeriesService:
    def __init__(self, placer: Placer, quotas: QuotaService, max_duration: timedelta, max_occurrences: int) -> None:
        self.placer = placer
        self.quotas = quotas
        self.max_duration = max_duration
        self.max_occurrences = max_occurrences

    async def create(self, session: AsyncSession, who: Principal, new: NewSeries) -> SeriesOutcome:
        now = utcnow()
        validate_range(new.start, new.end, now, self.max_duration)
        if new.conflict_policy not in POLICIES:
            raise InvalidConflictPolicy(f"conflict_policy must be one of {', '.join(POLICIES)}.")
        series_repo, repo = SeriesRepository(session), ReservationRepository(session)
        if new.idempotency_key and (earlier := await series_repo.by_idempotency_key(who.user_id, new.idempotency_key)):
            return await self._replay(session, earlier)
        resource = (await self.placer.catalog.check_bookable(new.resource_id, [])).resource
        tz_name = resource.timezone or "UTC"
        text = new.rrule or simple_rule(new.simple or SimpleRecurrence(""), zone(tz_name))
        expansion = expand(text, new.start, new.end, tz_name, new.exdates, new.skip_dates, self.max_occurrences)
        slots = [(o.start, o.end) for o in expansion.occurrences]
        placed = await self.placer.place(session, new.resource_id, slots)
        placement = placed.placement
        skipped: dict[int, Skipped] = {}
        for i, (start, end) in enumerate(slots):
            try:
                validate_range(start, end, now, self.max_duration)
                if refusal := placed.refusal(i):
                    raise refusal
            except InvalidInput as exc:
                skipped[i] = Skipped(start, end, exc.code, exc.detail)
        occupied = [placement.occupied(s, e) for s, e in slots]
        for i in overlapping_pairs(occupied):
            skipped.setdefault(
                i,
                Skipped(
                    *slots[i], OverlapsOwnSeries.default_code, "It overlaps an earlier occurrence of the same series."
                ),
            )
        # No double booking: this transaction alone writes to the resource until it commits.
        await lock_for_writing(session, who.user_id, [new.resource_id])
        quota = await self.quotas.guard(session, who)
        if new.idempotency_key and (earlier := await series_repo.by_idempotency_key(who.user_id, new.idempotency_key)):
            return await self._replay(session, earlier)
        candidates = [i for i in range(len(slots)) if i not in skipped]
        found = await repo.conflicts(new.resource_id, [occupied[i] for i in candidates])
        for position, clashes in found.items():
            i = candidates[position]
            taken = conflict_error(clashes)
            skipped[i] = Skipped(*slots[i], taken.code, taken.detail)
        report = [skipped[i] for i in sorted(skipped)]
        keep = [i for i in range(len(slots)) if i not in skipped]
        if report and (new.conflict_policy == "all_or_nothing" or not keep):
            raise _refused(report, len(slots))
        await quota.check([slots[i] for i in keep])
        series = await series_repo.add(
            Series(
                user_id=who.user_id,
                resource_id=new.resource_id,
                rrule=expansion.rrule,
                exdates=expansion.exdates,
                start_time=new.start,
                end_time=new.end,
                timezone=tz_name,
                status="active",
                resource_name=placement.resource_name,
                notes=new.notes,
                idempotency_key=new.idempotency_key or None,
                skipped=[s.as_json() for s in report],
            )
        )
        rows = [
            new_row(
                placement,
                who,
                slots[i][0],
                slots[i][1],
                new.notes,
                now,
                series_id=series.id,
                recurrence_id=expansion.occurrences[i].recurrence_id,
            )
            for i in keep
        ]
        try:
            created = await repo.add_many(rows)
        except DBAPIError as exc:
            if is_slot_taken(exc):
                raise conflict_error([]) from exc
            raise
        await record_changes(session, created, [None] * len(created), who.user_id)
        await events.series_event(session, events.SERIES_CREATED, series, created)
        return SeriesOutcome(series, created, report)

    async def view(self, session: AsyncSession, who: Principal, series_id: int, limit: int) -> SeriesView:
        """The series with its exceptions and first occurrences; NotFound unless the caller owns it or manages."""
        series = await SeriesRepository(session).get(series_id)
        if series is None or (series.user_id != who.user_id and not who.is_manager):
            raise SeriesNotFound(f"Series {series_id} does not exist.")
        # A series holds at most max_series_occurrences rows, so reading them all stays bounded.
        occurrences = await ReservationRepository(session).series_occurrences(series.id)
        return SeriesView(series, exceptions_of(occurrences), occurrences[: occurrence_limit(limit)], len(occurrences))

    async def _replay(self, session: AsyncSession, series: Series) -> SeriesOutcome:
        """The answer a retried request gets: the series as first created."""
        created = await ReservationRepository(session).series_occurrences(series.id)
        skipped = [
            Skipped(
                datetime.fromisoformat(s["start_time"]), datetime.fromisoformat(s["end_time"]), s["code"], s["reason"]
            )
            for s in series.skipped
        ]
        return SeriesOutcome(series, created, skipped)
