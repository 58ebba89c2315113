"""Bookability for booking (CheckBookable, GetOpenIntervals) and the availability filter's
candidates: resources matching a list's filters that could be booked for a whole window."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.bookable.domain import Snapshot
from rr_catalog.bookable.repository import CandidateRepository
from rr_catalog.bookable.snapshot import current_snapshot
from rr_catalog.hours.effective import calendar_of, effective_calendar
from rr_catalog.hours.repository import HoursRepository
from rr_catalog.models import Resource
from rr_catalog.resources.query import ResourceQuery
from rr_catalog.resources.reads import LabelledResource, existing_labelled
from rr_common.bookability.calendar import ONE_DAY, BlackoutRule, Calendar
from rr_common.bookability.judge import Bookability, Slot, Verdict, checked_range, envelope, judge_slot, judge_slots
from rr_common.bookability.rules import Rules, rules_of


@dataclass(frozen=True)
class BookableCheck:
    resource: LabelledResource
    verdicts: list[Verdict]
    rules: Rules


@dataclass(frozen=True)
class OpenIntervals:
    resource: LabelledResource
    open: list[tuple[datetime, datetime]]
    closures: list[tuple[datetime, datetime, BlackoutRule]]
    rules: Rules


def bookability(resource: Resource, calendar: Calendar) -> Bookability:
    return Bookability(
        resource.id, resource.status, resource.status_reason, resource.status_until, rules_of(resource.rules), calendar
    )


class BookableService:
    async def check(
        self, session: AsyncSession, resource_id: int, slots: Sequence[Slot], now: datetime
    ) -> BookableCheck:
        found = await existing_labelled(session, resource_id)
        resource = found.resource
        outer = envelope(slots) or (now, now)
        calendar = await calendar_of(session, resource, *outer)
        verdicts = judge_slots(bookability(resource, calendar), slots, now)
        return BookableCheck(found, verdicts, rules_of(resource.rules))

    async def open_intervals(
        self, session: AsyncSession, resource_id: int, start: datetime | None, end: datetime | None
    ) -> OpenIntervals:
        start, end = checked_range(start, end)
        found = await existing_labelled(session, resource_id)
        calendar = await calendar_of(session, found.resource, start, end)
        closures = calendar.closures(start, end)
        return OpenIntervals(found, calendar.open_spans(start, end), closures, rules_of(found.resource.rules))

    async def candidates(
        self, session: AsyncSession, query: ResourceQuery, start: datetime | None, end: datetime | None, now: datetime
    ) -> list[int]:
        """Ids in list order. Resources sharing a calendar key are judged once; only those with a
        blackout near the window are judged one by one."""
        start, end = checked_range(start, end, "availability window")
        repo = CandidateRepository(session)
        rows = await repo.keyed_ids(query, start)
        sample: dict[int, int] = {}
        for resource_id, key in rows:
            sample.setdefault(key, resource_id)
        calendars = await repo.calendars(list(sample.values()))
        hours = HoursRepository(session)
        closures = await hours.rules_near([r[0] for r in rows], start.date() - ONE_DAY, end.date() + ONE_DAY)
        site_key = await hours.site_hours_key()
        slot = Slot(start, end)
        verdicts: dict[tuple[int, tuple[BlackoutRule, ...]], bool] = {}
        found: list[int] = []
        for resource_id, key in rows:
            blackouts = tuple(closures.own.get(resource_id, ()))
            if (key, blackouts) not in verdicts:
                timezone, status, reason, until, rules_json, week = calendars[sample[key]]
                # The same rule as every other bookability question, fed from the keyed rows.
                calendar: Calendar = effective_calendar(timezone, week, blackouts, site_key, closures.site)
                what = Bookability(resource_id, status, reason, until, rules_of(json.loads(rules_json)), calendar)
                verdicts[key, blackouts] = judge_slot(what, slot, now).bookable
            if verdicts[key, blackouts]:
                found.append(resource_id)
        return found

    async def snapshot(self, session: AsyncSession, resource_id: int) -> Snapshot:
        """The current snapshot, for a consumer that has not seen the resource yet."""
        return await current_snapshot(session, resource_id)
